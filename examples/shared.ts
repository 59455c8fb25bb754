/**
 * Shared helpers of the examples: synthetic spectra built from published
 * numbers with seeded noise, and output helpers (examples/out/).
 *
 * Published figures (ASR, σ, Ea) are quoted from the literature named in each
 * builder; everything marked SYNTHETIC is an assumption made to turn them
 * into a full spectrum (pellet geometry, bulk/grain-boundary split,
 * capacitances, noise level).
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  compileCircuit,
  createCell,
  createRandom,
  simulateImpedance,
  type Cell,
  type FitResult,
  type LinKKResult,
  type ReportDerived,
  type ReportInput,
  type ReportPlot,
  type SolidStateProperties,
  type Spectrum,
} from 'eiskit';
import { writeTextFile } from 'eiskit/node';

/** Folder the examples write their SVG and HTML files into (gitignored). */
export const OUT_DIR = fileURLToPath(new URL('./out/', import.meta.url));

/** Folder of the bundled data and of the repository's test fixtures. */
export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

/** Writes `text` to examples/out/<name> and returns the path. */
export function writeOut(name: string, text: string): string {
  const path = join(OUT_DIR, name);
  writeTextFile(path, text);
  return path;
}

/** Log-spaced frequencies from fmax down to fmin, `perDecade` points per decade. */
export function logFrequencies(fmax: number, fmin: number, perDecade: number): Float64Array {
  const n = Math.round(Math.log10(fmax / fmin) * perDecade) + 1;
  return Float64Array.from({ length: n }, (_, i) => fmax * 10 ** (-i / perDecade));
}

/** CPE coefficient Q that gives the Brug effective capacitance C with resistance R: Q = C^α·R^(α−1). */
export function qForCapacitance(c: number, alpha: number, r: number): number {
  return c ** alpha * r ** (alpha - 1);
}

/** Model curve of a fit on a dense grid spanning the data, for plots. */
export function fitCurve(fit: FitResult, spectrum: Spectrum, model: { evaluate(v: ArrayLike<number>, f: Float64Array): { re: Float64Array; im: Float64Array } }): Spectrum {
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of spectrum.frequency) {
    lo = Math.min(lo, f);
    hi = Math.max(hi, f);
  }
  const grid = Float64Array.from({ length: 200 }, (_, i) => hi * (lo / hi) ** (i / 199));
  const z = model.evaluate(fit.valueArray, grid);
  return { frequency: grid, re: z.re, im: z.im };
}

/** A synthetic measurement with its truth. */
export interface Scenario {
  /** What it is; SYNTHETIC marks assumptions. */
  label: string;
  /** Cell geometry. */
  cell: Cell;
  /** Circuit used to simulate (annotated with roles where stated). */
  circuit: string;
  /** True parameter values. */
  truth: Record<string, number>;
  /** The noisy spectrum. */
  spectrum: Spectrum;
}

/** Circuit with bulk, grain-boundary and interphase roles (Li|SE|Li symmetric cells). */
export const INTERFACE_CIRCUIT =
  'R_b{role=bulk}-p(R_gb{role=grain-boundary},CPE_gb{role=grain-boundary})-p(R_int{role=interphase},CPE_int{role=interphase})';

function simulate(circuit: string, truth: Record<string, number>, f: Float64Array, sigma: number, seed: number): Spectrum {
  return simulateImpedance(circuit, truth, f, { noise: { type: 'proportional', sigma }, random: createRandom(seed) });
}

/**
 * Li|Al-LLZO|Li without and with an Al2O3 interlayer: ASR per interface
 * 1710 → 1 Ω·cm², total σ 0.4 mS/cm (published: Han et al., Nat. Mater. 16
 * (2017) 572). SYNTHETIC: 1 mm × 1 cm² pellet, bulk/GB split 175/75 Ω,
 * GB 1 nF (α 0.95), interface Q 1.93e-6 (α 0.95), 7 MHz – 0.1 Hz,
 * 8 points/decade, 0.2 % noise.
 */
export function llzoAl2o3(state: 'pristine' | 'coated', seed = 11): Scenario & { asr: number } {
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'non-blocking', electrodeMaterial: 'Li', electrolyte: 'Al-LLZO', symmetric: true });
  const asr = state === 'pristine' ? 1710 : 1;
  const truth = { R_b: 175, R_gb: 75, CPE_gb_0: qForCapacitance(1e-9, 0.95, 75), CPE_gb_1: 0.95, R_int: 2 * asr, CPE_int_0: 1.93e-6, CPE_int_1: 0.95 };
  const spectrum = simulate(INTERFACE_CIRCUIT, truth, logFrequencies(7e6, 0.1, 8), 0.002, seed);
  return { label: `Li|Al-LLZO|Li ${state} (published ASR ${asr} Ω·cm²; SYNTHETIC split and capacitances)`, cell, circuit: INTERFACE_CIRCUIT, truth, spectrum, asr };
}

/**
 * Li|LLZTO|Li without and with an ITO interlayer: ASR per interface
 * 1192 → 32 Ω·cm² (published). SYNTHETIC: 1 mm × 1 cm², R_b/R_gb = 150/50 Ω,
 * GB 1 nF (α 0.95), interface Q 1.93e-6 (α 0.95), 0.2 % noise.
 */
export function llztoIto(state: 'pristine' | 'coated', seed = 21): Scenario & { asr: number } {
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'non-blocking', electrodeMaterial: 'Li', electrolyte: 'LLZTO', symmetric: true });
  const asr = state === 'pristine' ? 1192 : 32;
  const truth = { R_b: 150, R_gb: 50, CPE_gb_0: qForCapacitance(1e-9, 0.95, 50), CPE_gb_1: 0.95, R_int: 2 * asr, CPE_int_0: 1.93e-6, CPE_int_1: 0.95 };
  const spectrum = simulate(INTERFACE_CIRCUIT, truth, logFrequencies(7e6, 0.1, 8), 0.002, seed);
  return { label: `Li|LLZTO|Li ${state} (published ASR ${asr} Ω·cm²; SYNTHETIC bulk, GB, capacitances)`, cell, circuit: INTERFACE_CIRCUIT, truth, spectrum, asr };
}

/**
 * Au|LLTO|Au (blocking): bulk σ 1e-3 S/cm and apparent grain-boundary σ
 * 5e-6 S/cm (published magnitudes: Inaguma et al. 1993; Stramare et al.
 * 2003). SYNTHETIC: 1 mm × 1 cm², GB 2 nF (α 0.9), electrode CPE 2e-6
 * (α 0.85), 1 MHz – 0.1 Hz, 6 points/decade, 0.3 % noise. The circuit has no
 * roles: the labels come from the capacitances (Irvine, Sinclair & West 1990).
 */
export function lltoBlocking(seed = 31): Scenario & { sigmaBulk: number; sigmaGb: number } {
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'blocking', electrodeMaterial: 'Au', electrolyte: 'LLTO' });
  const rb = cell.cellConstant / 1e-3;
  const rgb = cell.cellConstant / 5e-6;
  const circuit = 'R0-p(R1,CPE1)-CPE2';
  const truth = { R0: rb, R1: rgb, CPE1_0: qForCapacitance(2e-9, 0.9, rgb), CPE1_1: 0.9, CPE2_0: 2e-6, CPE2_1: 0.85 };
  const spectrum = simulate(circuit, truth, logFrequencies(1e6, 0.1, 6), 0.003, seed);
  return { label: 'Au|LLTO|Au: σ_bulk 1e-3, σ_gb 5e-6 S/cm (published magnitudes; SYNTHETIC capacitances)', cell, circuit, truth, spectrum, sigmaBulk: 1e-3, sigmaGb: 5e-6 };
}

/**
 * Halide temperature series between blocking electrodes, −20…100 °C every
 * 20 °C: Li3YCl6 (0.51 mS/cm at 25 °C, Ea 0.40 eV) or Li3YBr6 (0.72 mS/cm,
 * Ea 0.37 eV), published by Asano et al., Adv. Mater. 30 (2018) 1803075.
 * SYNTHETIC: 1 mm × 1 cm², 70 % bulk / 30 % GB with the same Ea, GB CPE
 * 1e-8 (α 0.9), electrode CPE 5e-6 (α 0.88), 7 MHz – 1 Hz, 5 points/decade,
 * 0.5 % noise. `meta.temperature` is in K.
 */
export function halideSeries(material: 'Li3YCl6' | 'Li3YBr6', seed = 41): { label: string; cell: Cell; circuit: string; spectra: Spectrum[]; celsius: number[]; ea: number; sigma25: number } {
  const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'blocking', electrodeMaterial: 'stainless steel', electrolyte: material });
  const { sigma, ea } = material === 'Li3YCl6' ? { sigma: 0.51e-3, ea: 0.4 } : { sigma: 0.72e-3, ea: 0.37 };
  const circuit = 'R_b{role=bulk}-p(R_gb{role=grain-boundary},CPE_gb{role=grain-boundary})-CPE_el{role=electrode}';
  const celsius = [-20, 0, 20, 40, 60, 80, 100];
  const kB = 8.617333262e-5;
  const r25 = cell.cellConstant / sigma;
  const random = createRandom(seed);
  const f = logFrequencies(7e6, 1, 5);
  const spectra = celsius.map((c) => {
    const factor = Math.exp((ea / kB) * (1 / (c + 273.15) - 1 / 298.15));
    const truth = { R_b: 0.7 * r25 * factor, R_gb: 0.3 * r25 * factor, CPE_gb_0: 1e-8, CPE_gb_1: 0.9, CPE_el_0: 5e-6, CPE_el_1: 0.88 };
    const s = simulateImpedance(circuit, truth, f, { noise: { type: 'proportional', sigma: 0.005 }, random });
    s.meta = { temperature: c + 273.15, label: `${material} ${c} °C` };
    return s;
  });
  return { label: `${material}: σ(25 °C) ${(sigma * 1e3).toFixed(2)} mS/cm, Ea ${ea} eV (published); SYNTHETIC geometry and capacitances`, cell, circuit, spectra, celsius, ea, sigma25: sigma };
}

/** Sampling times of the growth series, h. */
export const GROWTH_TIMES = [0, 0.5, 1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 30, 36, 42, 48];

/**
 * Spectra of a Li|SE|Li cell at rest over 48 h, with the ASR per interface
 * following a law:
 * - `lgps`: Li10GeP2S12, continuous (parabolic, Wenzel et al. 2016) growth,
 *   ASR = 60 + 35·√(t/h) Ω·cm² (SYNTHETIC constants);
 * - `li7p3s11`: self-limiting, ASR = 400 − 250·exp(−t/5 h) Ω·cm² (SYNTHETIC constants);
 * - `lagp-crack`: Li|LAGP|Li, a step from 2.81 to 6.80 kΩ·cm² (published
 *   figures) at t = 11 h (SYNTHETIC time).
 * SYNTHETIC: 0.5 mm × 1 cm² pellet, bulk 50 Ω (LAGP 200 Ω), interphase CPE
 * 1e-5 (α 0.9), 1 MHz – 0.1 Hz, 6 points/decade, 0.3 % noise; `meta.time` in h.
 */
export function growthSpectra(kind: 'lgps' | 'li7p3s11' | 'lagp-crack', seed = 51): { label: string; cell: Cell; circuit: string; spectra: Spectrum[]; asr: number[] } {
  const cell = createCell({ area: '1 cm^2', thickness: '0.5 mm', electrode: 'non-blocking', electrodeMaterial: 'Li', symmetric: true });
  const law = (t: number) => (kind === 'lgps' ? 60 + 35 * Math.sqrt(t) : kind === 'li7p3s11' ? 400 - 250 * Math.exp(-t / 5) : t < 11 ? 2810 : 6800);
  const circuit = 'R_b{role=bulk}-p(R_int{role=interphase},CPE_int{role=interphase})';
  const random = createRandom(seed);
  const f = logFrequencies(1e6, 0.1, 6);
  const asr = GROWTH_TIMES.map(law);
  const spectra = GROWTH_TIMES.map((t, i) => {
    const s = simulateImpedance(circuit, { R_b: kind === 'lagp-crack' ? 200 : 50, R_int: (2 * asr[i]) / (cell.area * 1e4), CPE_int_0: 1e-5, CPE_int_1: 0.9 }, f, {
      noise: { type: 'proportional', sigma: 0.003 },
      random,
    });
    s.meta = { time: t, label: `${kind} t = ${t} h` };
    return s;
  });
  const label =
    kind === 'lgps'
      ? 'Li|LGPS|Li: continuous interphase growth (SYNTHETIC parabolic constants)'
      : kind === 'li7p3s11'
        ? 'Li|Li7P3S11|Li: self-limiting interphase (SYNTHETIC constants)'
        : 'Li|LAGP|Li: crack event 2.81 → 6.80 kΩ·cm² (published), SYNTHETIC time 11 h';
  return { label, cell, circuit, spectra, asr };
}

/**
 * The `renderReport` input of one fitted spectrum: data, lin-KK verdict, fit
 * table (with a dense model curve), and — with derived properties — σ, ASR
 * per interface (convention stated), capacitances and arc labels.
 */
export function reportInputFor(
  title: string,
  spectrum: Spectrum,
  kk: LinKKResult,
  fit: FitResult,
  props?: SolidStateProperties,
  plots: ReportPlot[] = [],
): ReportInput {
  const derived: ReportDerived | undefined = props && {
    geometry: { area: props.cell.area * 1e4, thickness: props.cell.thickness * 1e2, symmetric: props.cell.symmetric },
    quantities: [
      ...[
        ['σ bulk', props.conductivity.bulk],
        ['σ grain boundary (apparent)', props.conductivity.grainBoundary],
        ['σ total', props.conductivity.total],
      ].flatMap(([name, d]) => (d && typeof d === 'object' ? [{ name: name as string, value: d.value, unit: d.unit, stderr: d.stderr, ci95: d.ci95, note: d.formula }] : [])),
      ...props.interfaces.map((i) => ({
        name: `ASR per interface (${i.key}, ${i.role})`,
        value: i.asr.value,
        unit: i.asr.unit,
        stderr: i.asr.stderr,
        ci95: i.asr.ci95,
        note: i.interfaces === 2 ? 'R·A/2 (symmetric cell)' : 'R·A',
      })),
    ],
    capacitances: props.arcs.filter((a) => a.capacitance !== undefined).map((a) => ({ element: a.elements.join('∥'), capacitance: a.capacitance!, label: a.role ?? 'unlabelled', specific: a.capacitance! / (props.cell.area * 1e4), note: a.reasoning })),
    notes: props.notes,
    warnings: props.warnings.map((message) => ({ message })),
  };
  return {
    title,
    subtitle: `Circuit ${fit.circuit}`,
    spectra: [{ ...spectrum, meta: { source: spectrum.meta?.source, format: spectrum.meta?.format } }],
    validation: { M: kk.M, mu: kk.mu, noise: kk.noise, verdict: { valid: kk.verdict.valid, reasons: kk.verdict.reasons }, residuals: kk.residuals },
    fit: {
      circuit: fit.circuit,
      parameters: fit.parameters.map((p) => ({ ...p, role: p.role ?? undefined })),
      statistics: fit.statistics,
      warnings: fit.warnings,
      freeKeys: fit.freeKeys,
      correlation: fit.correlation,
      converged: fit.converged,
      reason: fit.reason,
      curve: fitCurve(fit, spectrum, compileCircuit(fit.circuit)),
      residuals: fit.residuals,
    },
    derived,
    plots,
  };
}
