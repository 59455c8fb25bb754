// Shared table of the correctness register: sampling ranges, oracle domains and
// asymptotes for every built-in element. Imported by the elements*.test.ts files.
import type { ElementDefinition } from '../../src/circuit/types.js';

/** Complex number as [re, im]. */
export type C = [number, number];

export const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
export const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
export const cdiv = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
export const cscale = (a: C, k: number): C => [a[0] * k, a[1] * k];
/** Principal power z^e for real e. */
export const cpow = (z: C, e: number): C => {
  const m = Math.hypot(z[0], z[1]) ** e;
  const t = Math.atan2(z[1], z[0]) * e;
  return [m * Math.cos(t), m * Math.sin(t)];
};
export const csqrtc = (z: C): C => cpow(z, 0.5);
/** (jω)^α */
export const jw = (w: number, a = 1): C => [w ** a * Math.cos((a * Math.PI) / 2), w ** a * Math.sin((a * Math.PI) / 2)];
/** coth of a small complex argument by its definition (test-only, |z| moderate). */
export const ccoth = (z: C): C => {
  const e2: C = [Math.exp(2 * z[0]) * Math.cos(2 * z[1]), Math.exp(2 * z[0]) * Math.sin(2 * z[1])];
  return cdiv([e2[0] + 1, e2[1]], [e2[0] - 1, e2[1]]);
};
export const ctanh = (z: C): C => cdiv([1, 0], ccoth(z));

/** Sampling range of one parameter for random tests. */
export interface Range {
  lo: number;
  hi: number;
  log: boolean;
}

/** One row of the register. */
export interface RegisterRow {
  symbol: string;
  /** Realistic sampling ranges, one per parameter. */
  ranges: Range[];
  /**
   * Where mathjs's own evaluation of `equation` is accurate to ~1e-12 (its
   * coth/tanh overflow for |arg| > 355 and lose digits for tiny arguments).
   */
  oracleDomain?: (p: number[], w: number) => boolean;
  /** Fixed parameters for the limit tests. */
  limitParams: number[];
  /** ω where the low-frequency asymptote holds to < 1e-7, and the asymptote. */
  low: { w: (p: number[]) => number; z: (p: number[], w: number) => C };
  /** ω where the high-frequency asymptote holds to < 1e-7, and the asymptote. */
  high: { w: (p: number[]) => number; z: (p: number[], w: number) => C };
}

const L = (lo: number, hi: number): Range => ({ lo, hi, log: true });
const U = (lo: number, hi: number): Range => ({ lo, hi, log: false });

/** |x| of the hyperbolic argument x = s² must lie where mathjs is accurate. */
const inHyperDomain = (x: C) => {
  const m = Math.hypot(x[0], x[1]);
  return m > 1e-4 && m < 9e4;
};

const tlmX = (p: number[], w: number, ct: boolean): C => {
  const [ri] = p;
  if (!ct) return cscale(jw(w, p[2]), ri * p[1]);
  return cadd([ri / p[1], 0], cscale(jw(w, p[3]), ri * p[2]));
};
const zetaCt = (p: number[], w: number): C => cdiv([p[1], 0], cadd([1, 0], cscale(jw(w, p[3]), p[1] * p[2])));

export const REGISTER: RegisterRow[] = [
  {
    symbol: 'R',
    ranges: [L(1e-3, 1e9)],
    limitParams: [123],
    low: { w: () => 1e-9, z: (p) => [p[0], 0] },
    high: { w: () => 1e12, z: (p) => [p[0], 0] },
  },
  {
    symbol: 'C',
    ranges: [L(1e-14, 1e-2)],
    limitParams: [1e-6],
    low: { w: () => 1e-9, z: (p, w) => [0, -1 / (w * p[0])] },
    high: { w: () => 1e12, z: (p, w) => [0, -1 / (w * p[0])] },
  },
  {
    symbol: 'L',
    ranges: [L(1e-10, 1e-2)],
    limitParams: [1e-6],
    low: { w: () => 1e-9, z: (p, w) => [0, w * p[0]] },
    high: { w: () => 1e12, z: (p, w) => [0, w * p[0]] },
  },
  {
    symbol: 'CPE',
    ranges: [L(1e-12, 1e-2), U(0.3, 1)],
    limitParams: [1e-6, 0.85],
    low: { w: () => 1e-9, z: (p, w) => cdiv([1, 0], cscale(jw(w, p[1]), p[0])) },
    high: { w: () => 1e12, z: (p, w) => cdiv([1, 0], cscale(jw(w, p[1]), p[0])) },
  },
  {
    symbol: 'La',
    ranges: [L(1e-10, 1e-3), U(0.3, 1)],
    limitParams: [1e-6, 0.8],
    low: { w: () => 1e-9, z: (p, w) => cscale(jw(w, p[1]), p[0]) },
    high: { w: () => 1e12, z: (p, w) => cscale(jw(w, p[1]), p[0]) },
  },
  {
    symbol: 'W',
    ranges: [L(1e-2, 1e5)],
    limitParams: [50],
    low: { w: () => 1e-9, z: (p, w) => [p[0] / Math.sqrt(w), -p[0] / Math.sqrt(w)] },
    high: { w: () => 1e12, z: (p, w) => [p[0] / Math.sqrt(w), -p[0] / Math.sqrt(w)] },
  },
  {
    symbol: 'Wo',
    ranges: [L(1e-2, 1e6), L(1e-5, 1e4)],
    oracleDomain: (p, w) => inHyperDomain([0, w * p[1]]),
    limitParams: [100, 10],
    // Z ≈ Z0/(jωτ) + Z0/3 (relative error (ωτ)²/45)
    low: { w: (p) => 1e-3 / p[1], z: (p, w) => [p[0] / 3, -p[0] / (w * p[1])] },
    high: { w: (p) => 1e6 / p[1], z: (p, w) => cdiv([p[0], 0], csqrtc([0, w * p[1]])) },
  },
  {
    symbol: 'Ws',
    ranges: [L(1e-2, 1e6), L(1e-5, 1e4)],
    oracleDomain: (p, w) => inHyperDomain([0, w * p[1]]),
    limitParams: [100, 10],
    // Z ≈ Z0(1 − jωτ/3)
    low: { w: (p) => 1e-5 / p[1], z: (p, w) => [p[0], (-p[0] * w * p[1]) / 3] },
    high: { w: (p) => 1e6 / p[1], z: (p, w) => cdiv([p[0], 0], csqrtc([0, w * p[1]])) },
  },
  {
    symbol: 'K',
    ranges: [L(1e-2, 1e7), L(1e-8, 1e3)],
    limitParams: [100, 1e-3],
    low: { w: (p) => 1e-5 / p[1], z: (p, w) => [p[0], -p[0] * w * p[1]] },
    high: { w: (p) => 1e8 / p[1], z: (p, w) => [0, -p[0] / (w * p[1])] },
  },
  {
    symbol: 'Zarc',
    ranges: [L(1e-2, 1e7), L(1e-8, 1e3), U(0.3, 1)],
    limitParams: [100, 1e-3, 0.8],
    // R(1 − (jωτ)^n) and R(jωτ)^(−n)
    low: { w: (p) => 1e-4 ** (1 / p[2]) / p[1], z: (p, w) => cscale(cadd([1, 0], cscale(jw(w * p[1], p[2]), -1)), p[0]) },
    high: { w: (p) => 1e8 ** (1 / p[2]) / p[1], z: (p, w) => cscale(cpow([0, w * p[1]], -p[2]), p[0]) },
  },
  {
    symbol: 'HN',
    ranges: [L(1e-2, 1e7), L(1e-8, 1e3), U(0.3, 1), U(0.3, 1)],
    limitParams: [100, 1e-3, 0.8, 0.6],
    // R(1 − β(jωτ)^α) and R(jωτ)^(−αβ)
    low: { w: (p) => 1e-4 ** (1 / p[2]) / p[1], z: (p, w) => cscale(cadd([1, 0], cscale(jw(w * p[1], p[2]), -p[3])), p[0]) },
    high: { w: (p) => 1e8 ** (1 / p[2]) / p[1], z: (p, w) => cscale(cpow([0, w * p[1]], -p[2] * p[3]), p[0]) },
  },
  {
    symbol: 'G',
    ranges: [L(1e-2, 1e7), L(1e-8, 1e3)],
    limitParams: [100, 1e-3],
    // R(1 − jωt/2) and R/√(jωt)
    low: { w: (p) => 1e-5 / p[1], z: (p, w) => [p[0], (-p[0] * w * p[1]) / 2] },
    high: { w: (p) => 1e9 / p[1], z: (p, w) => cdiv([p[0], 0], csqrtc([0, w * p[1]])) },
  },
  {
    symbol: 'Gs',
    ranges: [L(1e-2, 1e7), L(1e-8, 1e3), L(0.05, 20)],
    oracleDomain: (p, w) => inHyperDomain(cscale([1, w * p[1]], p[2] * p[2])),
    limitParams: [100, 1e-3, 0.7],
    // R·coth(φ) and R/√(jωt)
    low: { w: (p) => 1e-9 / p[1], z: (p) => cscale(ccoth([p[2], 0]), p[0]) },
    high: { w: (p) => 1e9 / p[1], z: (p, w) => cdiv([p[0], 0], csqrtc([0, w * p[1]])) },
  },
  {
    symbol: 'TLMQ',
    ranges: [L(1e-2, 1e5), L(1e-9, 1e-1), U(0.5, 1)],
    oracleDomain: (p, w) => inHyperDomain(tlmX(p, w, false)),
    limitParams: [20, 1e-4, 0.9],
    // R_ion/3 + ζ and √(R_ion ζ), ζ = 1/(Q(jω)^γ)
    low: {
      w: (p) => (1e-3 / (p[0] * p[1])) ** (1 / p[2]),
      z: (p, w) => cadd([p[0] / 3, 0], cdiv([1, 0], cscale(jw(w, p[2]), p[1]))),
    },
    high: {
      w: (p) => (1e8 / (p[0] * p[1])) ** (1 / p[2]),
      z: (p, w) => csqrtc(cdiv([p[0], 0], cscale(jw(w, p[2]), p[1]))),
    },
  },
  {
    symbol: 'TLMct',
    ranges: [L(1e-2, 1e5), L(1e-1, 1e6), L(1e-9, 1e-1), U(0.5, 1)],
    oracleDomain: (p, w) => inHyperDomain(tlmX(p, w, true)),
    limitParams: [20, 200, 1e-4, 0.9],
    // √(R_ion R_ct)·coth(√(R_ion/R_ct)) and √(R_ion ζ)
    low: {
      w: (p) => (1e-10 / (p[1] * p[2])) ** (1 / p[3]),
      z: (p) => cscale(ccoth([Math.sqrt(p[0] / p[1]), 0]), Math.sqrt(p[0] * p[1])),
    },
    high: {
      w: (p) => (1e8 / (p[0] * p[2])) ** (1 / p[3]),
      z: (p, w) => csqrtc(cscale(zetaCt(p, w), p[0])),
    },
  },
  {
    symbol: 'TLMt',
    ranges: [L(1e-2, 1e5), L(1e-1, 1e6), L(1e-9, 1e-1), U(0.5, 1)],
    oracleDomain: (p, w) => inHyperDomain(tlmX(p, w, true)),
    limitParams: [20, 200, 1e-4, 0.9],
    low: {
      w: (p) => (1e-10 / (p[1] * p[2])) ** (1 / p[3]),
      z: (p) => cscale(ctanh([Math.sqrt(p[0] / p[1]), 0]), Math.sqrt(p[0] * p[1])),
    },
    high: {
      w: (p) => (1e8 / (p[0] * p[2])) ** (1 / p[3]),
      z: (p, w) => csqrtc(cscale(zetaCt(p, w), p[0])),
    },
  },
];

/** Draws one parameter vector from the row's ranges. */
export function sampleParams(ranges: Range[], rnd: () => number): number[] {
  return ranges.map((r) => (r.log ? r.lo * (r.hi / r.lo) ** rnd() : r.lo + (r.hi - r.lo) * rnd()));
}

/** Evaluates one element kernel at angular frequencies `w`. */
export function kernelAt(def: ElementDefinition, p: number[], w: number[]): { re: Float64Array; im: Float64Array } {
  const n = w.length;
  const grid = { n, omega: Float64Array.from(w), logOmega: Float64Array.from(w, Math.log) };
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  def.kernel(p, 0, grid, re, im);
  return { re, im };
}

/** Evaluates value and gradient of one element at angular frequencies `w`. */
export function gradientAt(def: ElementDefinition, p: number[], w: number[], col = 0) {
  const n = w.length;
  const k = def.parameters.length;
  const grid = { n, omega: Float64Array.from(w), logOmega: Float64Array.from(w, Math.log) };
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const dRe = new Float64Array((k + col) * n).fill(NaN);
  const dIm = new Float64Array((k + col) * n).fill(NaN);
  def.gradient(p, 0, grid, re, im, dRe, dIm, col);
  return { re, im, dRe: dRe.subarray(col * n), dIm: dIm.subarray(col * n) };
}
