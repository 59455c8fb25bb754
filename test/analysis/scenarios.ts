// Reusable synthetic scenarios of the solid-state analysis tests (also the seed
// of the bundled examples). Published figures are quoted from the review
// literature on solid-state interfaces; everything marked SYNTHETIC is an
// assumption made to build a spectrum and is labelled as such.
import { createCell, type Cell } from '../../src/analysis/cell.js';
import { VACUUM_PERMITTIVITY } from '../../src/analysis/constants.js';
import { simulateImpedance } from '../../src/circuit/simulateImpedance.js';
import type { Spectrum } from '../../src/data/spectrum.js';
import { createRandom, randomNormal } from '../../src/random.js';

/** An ASR(t) series with its true law. */
export interface GrowthSeries {
  /** Description, with SYNTHETIC marking the assumed constants. */
  label: string;
  /** Times in h. */
  time: number[];
  /** ASR per interface in Ω·cm² (noisy). */
  asr: number[];
  /** The true law and its constants (Ω·cm², h). */
  truth: { law: string; R0?: number; k?: number; Rinf?: number; tau?: number; R1?: number; R2?: number; tStep?: number };
}

const GROWTH_TIMES = [0, 0.5, 1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 30, 36, 42, 48];

/**
 * Interfacial-resistance series with 1 % relative Gaussian noise (seeded):
 * - `lgps`: Li|Li10GeP2S12|Li, continuous (parabolic) interphase growth,
 *   ASR = 60 + 35·√(t/h) Ω·cm² (SYNTHETIC constants; the √t law follows Wenzel et al. 2016);
 * - `li7p3s11`: Li|Li7P3S11|Li, self-limiting, ASR = 400 − 250·exp(−t/5 h) Ω·cm² (SYNTHETIC constants);
 * - `lagp-crack`: Li|LAGP|Li, step from 2.81 to 6.80 kΩ·cm² (published figures) at t = 11 h (SYNTHETIC time).
 */
export function growthSeries(kind: 'lgps' | 'li7p3s11' | 'lagp-crack', seed: number, relativeNoise = 0.01): GrowthSeries {
  const random = createRandom(seed);
  const noisy = (v: number) => v * (1 + relativeNoise * randomNormal(random));
  if (kind === 'lgps') {
    const truth = { law: 'parabolic', R0: 60, k: 35 };
    return { label: 'Li|LGPS|Li, SYNTHETIC parabolic growth constants', time: GROWTH_TIMES, asr: GROWTH_TIMES.map((t) => noisy(60 + 35 * Math.sqrt(t))), truth };
  }
  if (kind === 'li7p3s11') {
    const truth = { law: 'self-limiting', R0: 150, Rinf: 400, tau: 5 };
    return {
      label: 'Li|Li7P3S11|Li, SYNTHETIC self-limiting constants',
      time: GROWTH_TIMES,
      asr: GROWTH_TIMES.map((t) => noisy(400 - 250 * Math.exp(-t / 5))),
      truth,
    };
  }
  const truth = { law: 'step', R1: 2810, R2: 6800, tStep: 11 };
  return {
    label: 'Li|LAGP|Li crack event: 2.81 → 6.80 kΩ·cm² (published), SYNTHETIC event time 11 h',
    time: GROWTH_TIMES,
    asr: GROWTH_TIMES.map((t) => noisy(t < 11 ? 2810 : 6800)),
    truth,
  };
}

// ---------------------------------------------------------------------------
// Spectrum scenarios
// ---------------------------------------------------------------------------

/** A synthetic measurement: spectrum, cell, circuit and the true values. */
export interface SpectrumScenario {
  /** What it represents; SYNTHETIC marks assumed numbers. */
  label: string;
  /** The cell. */
  cell: Cell;
  /** Annotated circuit used to simulate (and to fit). */
  circuit: string;
  /** True parameter values by key. */
  truth: Record<string, number>;
  /** The noisy spectrum. */
  spectrum: Spectrum;
  /** Expected derived numbers (published or implied by the assumptions). */
  expected: Record<string, number>;
}

/** Log-spaced frequencies from fmax down to fmin, `perDecade` points per decade. */
export function logFrequencies(fmax: number, fmin: number, perDecade: number): Float64Array {
  const n = Math.round(Math.log10(fmax / fmin) * perDecade) + 1;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = fmax * 10 ** (-i / perDecade);
  return f;
}

/** CPE coefficient Q giving the Brug effective capacitance C with resistance R: Q = C^α·R^(α−1). */
export function qForCapacitance(c: number, alpha: number, r: number): number {
  return c ** alpha * r ** (alpha - 1);
}

const INTERFACE_CIRCUIT =
  'R_b{role=bulk}-p(R_gb{role=grain-boundary},CPE_gb{role=grain-boundary})-p(R_int{role=interphase},CPE_int{role=interphase})';

/**
 * Li|Al-doped LLZO|Li before (`pristine`) and after (`coated`) an Al2O3
 * interlayer: ASR per interface 1710 → 1 Ω·cm², total conductivity 0.4 mS/cm
 * (published figures). 1 mm pellet of 1 cm² (assumed). SYNTHETIC: bulk/gb
 * split 175/75 Ω, GB effective capacitance 1 nF (α 0.95), the interface
 * double layer Q = 1.93e-6 Ω⁻¹sᵅ, α = 0.95 (≈1 µF) in both states, so the
 * coated interface arc sits near 80 kHz on top of the 2 MHz GB arc.
 * 7 MHz – 0.1 Hz, 8 points/decade, 0.2 % proportional noise.
 */
export function llzoInterlayer(state: 'pristine' | 'coated', seed: number, noise = 0.002): SpectrumScenario {
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'non-blocking', electrodeMaterial: 'Li', electrolyte: 'Al-LLZO' });
  const asr = state === 'pristine' ? 1710 : 1;
  const rInt = (2 * asr) / (cell.area * 1e4);
  const truth = {
    R_b: 175,
    R_gb: 75,
    CPE_gb_0: qForCapacitance(1e-9, 0.95, 75),
    CPE_gb_1: 0.95,
    R_int: rInt,
    CPE_int_0: 1.93e-6,
    CPE_int_1: 0.95,
  };
  const spectrum = simulateImpedance(INTERFACE_CIRCUIT, truth, logFrequencies(7e6, 0.1, 8), { noise: { type: 'proportional', sigma: noise }, random: createRandom(seed) });
  return {
    label: `Li|Al-LLZO|Li ${state}: ASR ${asr} Ω·cm² per interface (published), σ_total 0.4 mS/cm; SYNTHETIC split and capacitances`,
    cell,
    circuit: INTERFACE_CIRCUIT,
    truth,
    spectrum,
    expected: { asr, sigmaTotal: 4e-4 },
  };
}

/**
 * Li|LLZTO|Li without (`pristine`) and with an ITO layer (`coated`): ASR per
 * interface 1192 → 32 Ω·cm² (published). SYNTHETIC: 1 mm × 1 cm² pellet,
 * R_b/R_gb = 150/50 Ω (0.5 mS/cm), GB 1 nF, interface Q = 1.93e-6, α = 0.95.
 */
export function llztoIto(state: 'pristine' | 'coated', seed: number, noise = 0.002): SpectrumScenario {
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'non-blocking', electrodeMaterial: 'Li', electrolyte: 'LLZTO' });
  const asr = state === 'pristine' ? 1192 : 32;
  const truth = {
    R_b: 150,
    R_gb: 50,
    CPE_gb_0: qForCapacitance(1e-9, 0.95, 50),
    CPE_gb_1: 0.95,
    R_int: 2 * asr,
    CPE_int_0: 1.93e-6,
    CPE_int_1: 0.95,
  };
  const spectrum = simulateImpedance(INTERFACE_CIRCUIT, truth, logFrequencies(7e6, 0.1, 8), { noise: { type: 'proportional', sigma: noise }, random: createRandom(seed) });
  return { label: `Li|LLZTO|Li ${state}: ASR ${asr} Ω·cm² (published); SYNTHETIC bulk, GB and capacitances`, cell, circuit: INTERFACE_CIRCUIT, truth, spectrum, expected: { asr } };
}

/**
 * LLTO between blocking Au electrodes: bulk σ 1e-3 S/cm and apparent GB
 * σ 5e-6 S/cm (< 1e-5, published magnitudes). SYNTHETIC: 1 mm × 1 cm²,
 * C_gb 2 nF (α 0.9), electrode CPE Q = 2e-6, α = 0.85; 1 MHz – 0.1 Hz,
 * 6 points/decade, 0.3 % noise. The circuit carries no roles: labels must come
 * from the capacitances.
 */
export function lltoBlocking(seed: number, noise = 0.003): SpectrumScenario {
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'blocking', electrodeMaterial: 'Au', electrolyte: 'LLTO' });
  const rb = cell.cellConstant / 1e-3;
  const rgb = cell.cellConstant / 5e-6;
  const circuit = 'R0-p(R1,CPE1)-CPE2';
  const truth = { R0: rb, R1: rgb, CPE1_0: qForCapacitance(2e-9, 0.9, rgb), CPE1_1: 0.9, CPE2_0: 2e-6, CPE2_1: 0.85 };
  const spectrum = simulateImpedance(circuit, truth, logFrequencies(1e6, 0.1, 6), { noise: { type: 'proportional', sigma: noise }, random: createRandom(seed) });
  return { label: 'Au|LLTO|Au: bulk 1e-3 S/cm, GB 5e-6 S/cm; SYNTHETIC capacitances', cell, circuit, truth, spectrum, expected: { sigmaBulk: 1e-3, sigmaGb: 5e-6 } };
}

/**
 * SYNTHETIC blocking cell with the bulk arc inside the window (a garnet pellet
 * at low temperature): ε_r = 60, R_b = 20 kΩ, C_b = ε0·ε_r·A/L, R_gb = 8 kΩ,
 * C_gb = 5 nF ideal (brick layer), electrode CPE 1e-6/0.9; 1 cm², 1 mm;
 * 3 MHz – 1 Hz, 6 points/decade, 0.5 % noise. Used for ε_r, the specific GB
 * conductivity and the Monte Carlo check of the delta method.
 */
export function bulkArcCell(seed: number, noise = 0.005): SpectrumScenario {
  const cell = createCell({ area: 1e-4, thickness: 1e-3, electrode: 'blocking', electrodeMaterial: 'Au' });
  const cb = (VACUUM_PERMITTIVITY * 60 * cell.area) / cell.thickness;
  const circuit = 'p(R_b{role=bulk},C_b{role=bulk})-p(R_gb{role=grain-boundary},C_gb{role=grain-boundary})-CPE_el{role=electrode}';
  const truth = { R_b: 2e4, C_b: cb, R_gb: 8e3, C_gb: 5e-9, CPE_el_0: 1e-6, CPE_el_1: 0.9 };
  const spectrum = simulateImpedance(circuit, truth, logFrequencies(3e6, 1, 6), { noise: { type: 'proportional', sigma: noise }, random: createRandom(seed) });
  return {
    label: 'SYNTHETIC blocking cell with resolved bulk arc (ε_r 60)',
    cell,
    circuit,
    truth,
    spectrum,
    expected: { permittivity: 60, sigmaGbSpecific: (cell.cellConstant / 8e3) * (cb / 5e-9), sigmaBulk: cell.cellConstant / 2e4 },
  };
}

/** A temperature series of spectra. */
export interface TemperatureSeries {
  /** Description (published vs SYNTHETIC numbers). */
  label: string;
  /** The cell. */
  cell: Cell;
  /** Circuit of every spectrum. */
  circuit: string;
  /** Temperatures in °C. */
  celsius: number[];
  /** One spectrum per temperature (meta.temperature in K). */
  spectra: Spectrum[];
  /** True values per temperature. */
  truth: Record<string, number>[];
  /** True activation energy (eV) and room-temperature total conductivity (S/cm). */
  expected: { ea: number; sigmaRT: number };
}

/**
 * Halide electrolyte temperature series between blocking electrodes,
 * −20 to 100 °C every 20 °C: Li3YCl6 (0.51 mS/cm at 25 °C, Ea 0.40 eV) or
 * Li3YBr6 (0.72 mS/cm, Ea 0.37 eV) — published figures (Asano et al., Adv.
 * Mater. 30 (2018) 1803075). SYNTHETIC: 1 mm × 1 cm² pellet, 70 % bulk /
 * 30 % grain boundary with the same Ea, GB CPE Q = 1e-8, α = 0.9 and
 * electrode CPE Q = 5e-6, α = 0.88, both temperature independent;
 * 7 MHz – 1 Hz, 5 points/decade, 0.5 % noise.
 */
export function halideSeries(material: 'Li3YCl6' | 'Li3YBr6', seed: number, noise = 0.005): TemperatureSeries {
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'blocking', electrodeMaterial: 'stainless steel', electrolyte: material });
  const { sigma, ea } = material === 'Li3YCl6' ? { sigma: 0.51e-3, ea: 0.4 } : { sigma: 0.72e-3, ea: 0.37 };
  const circuit = 'R_b{role=bulk}-p(R_gb{role=grain-boundary},CPE_gb{role=grain-boundary})-CPE_el{role=electrode}';
  const celsius = [-20, 0, 20, 40, 60, 80, 100];
  const kB = 8.617333262e-5;
  const rTotal25 = cell.cellConstant / sigma;
  const random = createRandom(seed);
  const f = logFrequencies(7e6, 1, 5);
  const truth = celsius.map((c) => {
    const factor = Math.exp((ea / kB) * (1 / (c + 273.15) - 1 / 298.15));
    return { R_b: 0.7 * rTotal25 * factor, R_gb: 0.3 * rTotal25 * factor, CPE_gb_0: 1e-8, CPE_gb_1: 0.9, CPE_el_0: 5e-6, CPE_el_1: 0.88 };
  });
  const spectra = truth.map((v, i) => {
    const s = simulateImpedance(circuit, v, f, { noise: { type: 'proportional', sigma: noise }, random });
    s.meta = { temperature: celsius[i] + 273.15, label: `${material} ${celsius[i]} °C` };
    return s;
  });
  return { label: `${material}: σ(25 °C) ${sigma * 1e3} mS/cm, Ea ${ea} eV (published); SYNTHETIC geometry, split and capacitances`, cell, circuit, celsius, spectra, truth, expected: { ea, sigmaRT: sigma } };
}

/** A time series of spectra of a symmetric Li cell whose interface resistance follows a growth law. */
export interface GrowthSpectra {
  /** Description. */
  label: string;
  /** The cell (1 mm × 1 cm², symmetric Li). */
  cell: Cell;
  /** Circuit: series electrolyte resistance plus the interface arc. */
  circuit: string;
  /** Spectra with `meta.time` in seconds. */
  spectra: Spectrum[];
  /** The noise-free ASR law behind them (times in h, ASR per interface in Ω·cm²). */
  law: GrowthSeries;
}

/**
 * Spectra of Li|SE|Li cells over 48 h whose interface ASR follows
 * {@link growthSeries} (noise-free law), with 0.3 % spectral noise.
 * SYNTHETIC electrolyte resistances (σ: LGPS 12 mS/cm, Li7P3S11 1.7 mS/cm,
 * LAGP 0.3 mS/cm) and interface CPE Q = 2e-6, α = 0.9; 1 MHz – 0.1 Hz, 5 points/decade.
 */
export function growthSpectra(kind: 'lgps' | 'li7p3s11' | 'lagp-crack', seed: number, noise = 0.003): GrowthSpectra {
  const law = growthSeries(kind, seed, 0);
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'non-blocking', electrodeMaterial: 'Li' });
  const sigma = kind === 'lgps' ? 12e-3 : kind === 'li7p3s11' ? 1.7e-3 : 0.3e-3;
  const circuit = 'R_b{role=bulk}-p(R_int{role=interphase},CPE_int{role=interphase})';
  const random = createRandom(seed);
  const f = logFrequencies(1e6, 0.1, 5);
  const spectra = law.time.map((t, i) => {
    const values = { R_b: cell.cellConstant / sigma, R_int: (2 * law.asr[i]) / (cell.area * 1e4), CPE_int_0: 2e-6, CPE_int_1: 0.9 };
    const s = simulateImpedance(circuit, values, f, { noise: { type: 'proportional', sigma: noise }, random });
    s.meta = { time: t * 3600, label: `${kind} ${t} h` };
    return s;
  });
  return { label: `${law.label}; spectra with SYNTHETIC electrolyte resistance`, cell, circuit, spectra, law };
}
