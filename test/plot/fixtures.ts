// Deterministic inputs for the plot tests: analytic R–(R‖C) spectra and friends.
import {
  arrheniusPlot,
  bodePlot,
  drtPlot,
  nyquistPlot,
  renderReport,
  residualsPlot,
  seriesPlot,
  type ReportInput,
  type SpectrumLike,
} from '../../src/plot/index.js';

/** Log-spaced frequencies from fmax down to fmin (n points). */
export function logGrid(fmax: number, fmin: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const a = Math.log10(fmax);
  const b = Math.log10(fmin);
  for (let i = 0; i < n; i++) out[i] = 10 ** (a + ((b - a) * i) / (n - 1));
  return out;
}

/** Exact impedance of R0 + Σ R_k‖C_k: Z = R0 + Σ R/(1 + jωRC). */
export function rcSpectrum(frequency: Float64Array, r0: number, arcs: readonly [number, number][]): SpectrumLike & { frequency: Float64Array; re: Float64Array; im: Float64Array } {
  const re = new Float64Array(frequency.length);
  const im = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const w = 2 * Math.PI * frequency[i];
    let zr = r0;
    let zi = 0;
    for (const [r, c] of arcs) {
      const d = 1 + (w * r * c) ** 2;
      zr += r / d;
      zi -= (w * r * r * c) / d;
    }
    re[i] = zr;
    im[i] = zi;
  }
  return { frequency, re, im };
}

export const data = rcSpectrum(logGrid(1e6, 0.1, 50), 100, [
  [1000, 1e-9],
  [3000, 1e-6],
]);
export const curve = rcSpectrum(logGrid(1e6, 0.1, 300), 100, [
  [1000, 1e-9],
  [3000, 1e-6],
]);
export const aged = rcSpectrum(logGrid(1e6, 0.1, 50), 150, [
  [1500, 1e-9],
  [5000, 1e-6],
]);

export const residuals = {
  frequency: data.frequency,
  re: Float64Array.from(data.frequency, (_, i) => 0.003 * Math.sin(i)),
  im: Float64Array.from(data.frequency, (_, i) => 0.002 * Math.cos(1.3 * i)),
};

export const tau = logGrid(1e-8, 10, 121).reverse();
export const gamma = Float64Array.from(tau, (t) => 800 * Math.exp(-((Math.log10(t) + 6) ** 2) / 0.05) + 2000 * Math.exp(-((Math.log10(t) + 2.5) ** 2) / 0.08));

const KB = 8.617333262e-5;
export const temperatures = [253.15, 273.15, 298.15, 323.15, 348.15, 373.15];
export const sigma = temperatures.map((t) => 1e3 * Math.exp(-0.42 / (KB * t)));

export const reportInput: ReportInput = {
  title: 'Li|LLZO|Li <25 °C> & "test"',
  subtitle: 'synthetic two-arc spectrum',
  generatedAt: '2026-01-01T00:00:00Z',
  spectra: [{ ...data, meta: { source: 'cell1.mpt', format: 'biologic-mpt', temperature: 298.15 } }],
  fit: {
    circuit: 'R0-p(R1,C1)-p(R2,C2)',
    converged: true,
    reason: 'relative step below xtol',
    parameters: [
      { key: 'R0', value: 100, unit: 'Ω', stderr: 1.2, ci95: [97.6, 102.4], role: 'bulk' },
      { key: 'R1', value: 1000, unit: 'Ω', stderr: 8, ci95: [984, 1016], role: 'grain-boundary' },
      { key: 'C1', value: 1e-9, unit: 'F', stderr: 2e-11, ci95: [0.96e-9, 1.04e-9] },
      { key: 'R2', value: 3000, unit: 'Ω', stderr: null, ci95: null, atBound: true },
      { key: 'C2', value: 1e-6, unit: 'F', fixed: true },
    ],
    statistics: { points: 50, dof: 92, chiSquare: 0.0123, reducedChiSquare: 1.3e-4, aic: -800, bic: -790, weighting: 'modulus' },
    freeKeys: ['R0', 'R1', 'C1', 'R2'],
    correlation: [
      [1, 0.2, -0.1, null],
      [0.2, 1, -0.95, null],
      [-0.1, -0.95, 1, null],
      [null, null, null, null],
    ],
    warnings: [{ code: 'HIGH_CORRELATION', parameters: ['R1', 'C1'], message: 'R1 & C1 correlate <r = −0.95>' }],
    curve,
    residuals,
  },
  validation: {
    M: 12,
    mu: 0.8,
    noise: 0.002,
    verdict: { valid: true, reasons: [], suspicious: [{ index: 3, frequency: data.frequency[3] }] },
    residuals: { re: residuals.re, im: residuals.im },
  },
  derived: {
    geometry: { area: 0.785, thickness: 0.1, symmetric: true },
    quantities: [
      { name: 'σ bulk', value: 1.27e-3, unit: 'S cm⁻¹', stderr: 1e-5 },
      { name: 'ASR per interface', value: 1177.5, unit: 'Ω cm²', note: 'R_int·A/2 (symmetric cell)' },
    ],
    capacitances: [{ element: 'C1', capacitance: 1e-9, label: 'grain boundary', note: 'Irvine et al. 1990' }],
    notes: ['ASR per interface = R·A/2'],
  },
};

/** Every plot kind with the size it should render at. */
export function allPlots(): { name: string; svg: string; width: number; height: number }[] {
  return [
    { name: 'nyquist', svg: nyquistPlot(data, { fit: curve, title: 'Nyquist <&>', frequencyLabels: true, id: 'n1' }), width: 640, height: 480 },
    { name: 'nyquist-overlay', svg: nyquistPlot([{ data, fit: curve, label: 'fresh' }, { data: aged, label: '24 h' }], { id: 'n2' }), width: 640, height: 480 },
    { name: 'bode', svg: bodePlot(data, { fit: curve, id: 'b1' }), width: 640, height: 560 },
    { name: 'residuals', svg: residualsPlot(residuals, { band: 0.004, id: 'r1', width: 600, height: 300 }), width: 600, height: 300 },
    { name: 'drt', svg: drtPlot({ tau, gamma, lower: gamma.map((g) => g * 0.9), upper: gamma.map((g) => g * 1.1) }, { peaks: [{ tau: 1e-6, label: 'bulk' }], id: 'd1' }), width: 640, height: 400 },
    { name: 'drt-frequency', svg: drtPlot({ tau, gamma }, { axis: 'frequency', id: 'd2' }), width: 640, height: 400 },
    {
      name: 'arrhenius',
      svg: arrheniusPlot(
        { temperature: temperatures, conductivity: sigma, conductivityStderr: sigma.map((s) => s * 0.1), fit: { activationEnergy: 0.42, prefactor: 1e3, activationEnergyStderr: 0.01 }, label: 'LLZO' },
        { id: 'a1' },
      ),
      width: 640,
      height: 480,
    },
    {
      name: 'arrhenius-sigmaT',
      svg: arrheniusPlot({ temperature: temperatures, conductivity: sigma }, { form: 'sigmaT', celsiusAxis: false, id: 'a2', width: 500, height: 400 }),
      width: 500,
      height: 400,
    },
    {
      name: 'series',
      svg: seriesPlot(
        [
          { time: [0, 3600, 7200, 14400, 28800, 57600], value: [120, 150, 171, 190, 220, 260], error: [3, 4, 4, 6, 5, 8], label: 'R_int' },
          { time: [0, 3600, 7200, 14400, 28800, 57600], value: [100, 101, 99, 100, 102, 101], lower: [98, 99, 97, 98, 100, 99], upper: [102, 103, 101, 102, 104, 103], label: 'R_bulk' },
        ],
        { yLabel: 'R / Ω', id: 's1' },
      ),
      width: 640,
      height: 400,
    },
  ];
}

export { renderReport };
