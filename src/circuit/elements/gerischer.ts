import { cothRatio, csqrt } from '../../internal/complex.js';
import type { ElementDefinition } from '../types.js';

const T = new Float64Array(4);
const F = new Float64Array(2);

/** jω/(1 + jx) with x = ωt, without overflowing 1 + x² for huge x. */
function jwOverOnePlusJx(w: number, x: number, t: number, out: Float64Array): void {
  if (x > 1) {
    // (1/t)·jx/(1 + jx) = (1/t)(1 + j/x)/(1 + 1/x²)
    const y = 1 / x;
    const d = t * (1 + y * y);
    out[0] = 1 / d;
    out[1] = y / d;
  } else {
    const d = 1 + x * x;
    out[0] = (w * x) / d;
    out[1] = w / d;
  }
}

/**
 * Gerischer element: Z = R_G/√(1 + jωt_G), equivalently Z0/√(k + jω) with
 * Z0 = R_G/√t_G and k = 1/t_G.
 *
 * Units: R_G in Ω, t_G in s. Limits: Z → R_G as ω → 0 (with
 * Z ≈ R_G(1 − jωt_G/2)); Z ≈ R_G/√(jωt_G) (Warburg-like, −45°) as ω → ∞.
 * Partials, q = √(1 + jωt_G): ∂Z/∂R_G = 1/q, ∂Z/∂t_G = −Z·jω/(2(1 + jωt_G)).
 * Reference: H. Gerischer, Z. Phys. Chem. 198 (1951) 286; Y. Lu, C. Kreller
 * & S. B. Adler, J. Electrochem. Soc. 156 (2009) B513; impedance.py's `G`
 * (`G1_0` = R_G, `G1_1` = t_G).
 *
 * @example
 * ```ts
 * compileCircuit('G1').evaluate([100, 1e-2], new Float64Array([1, 1e3]));
 * ```
 */
export const gerischer: ElementDefinition = {
  symbol: 'G',
  cdc: 'G',
  name: 'Gerischer',
  parameters: [
    { name: 'R', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'Gerischer resistance R_G' },
    { name: 'tau', unit: 's', default: 1e-3, bounds: [0, Infinity], scale: 'log', description: 'Gerischer time constant t_G' },
  ],
  equation: 'R / sqrt(1 + i * omega * tau)',
  reference: 'Gerischer, Z. Phys. Chem. 198 (1951) 286; Lu, Kreller & Adler, J. Electrochem. Soc. 156 (2009) B513; impedance.py G',
  kernel(p, o, g, re, im) {
    const r = p[o];
    const t = p[o + 1];
    const w = g.omega;
    for (let i = 0; i < g.n; i++) {
      csqrt(1, w[i] * t, T);
      const d = T[0] * T[0] + T[1] * T[1];
      re[i] = (r * T[0]) / d;
      im[i] = (-r * T[1]) / d;
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const r = p[o];
    const t = p[o + 1];
    const w = g.omega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    for (let i = 0; i < n; i++) {
      const x = w[i] * t;
      csqrt(1, x, T);
      const d = T[0] * T[0] + T[1] * T[1];
      const ur = T[0] / d;
      const ui = -T[1] / d;
      const zr = r * ur;
      const zi = r * ui;
      re[i] = zr;
      im[i] = zi;
      dRe[b0 + i] = ur;
      dIm[b0 + i] = ui;
      // jω/(1 + jx) = ω(x + j)/(1 + x²)
      jwOverOnePlusJx(w[i], x, t, F);
      const fr = F[0];
      const fi = F[1];
      dRe[b1 + i] = -0.5 * (zr * fr - zi * fi);
      dIm[b1 + i] = -0.5 * (zr * fi + zi * fr);
    }
  },
};

/**
 * Finite-length Gerischer element:
 * Z = R_G/(√(1 + jωt_G)·tanh(φ·√(1 + jωt_G))).
 *
 * Units: R_G in Ω, t_G in s, φ dimensionless (> 0; electrode thickness over
 * the utilisation length). Limits: Z → R_G·coth(φ) as ω → 0; for large φ it
 * becomes the Gerischer element; Z ≈ R_G/√(jωt_G) as ω → ∞. Written as
 * Z = R_G·φ·G(y) with G(y) = coth(√y)/√y and y = φ²(1 + jωt_G), evaluated
 * through exp(−2√y) so that large φ or ω cannot overflow.
 * Partials: ∂Z/∂R_G = Z/R_G, ∂Z/∂t_G = R_G·φ·yG′(y)·jω/(1 + jωt_G),
 * ∂Z/∂φ = R_G(G + 2yG′(y)).
 * Reference: R. D. Green, C. C. Liu & S. B. Adler, Solid State Ionics 179
 * (2008) 647; impedance.py's `Gs` (`Gs1_0` = R_G, `Gs1_1` = t_G, `Gs1_2` = φ).
 *
 * @example
 * ```ts
 * compileCircuit('Gs1').evaluate([100, 1e-2, 2], new Float64Array([1, 1e3]));
 * ```
 */
export const gerischerFinite: ElementDefinition = {
  symbol: 'Gs',
  name: 'finite-length Gerischer',
  parameters: [
    { name: 'R', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'Gerischer resistance R_G' },
    { name: 'tau', unit: 's', default: 1e-3, bounds: [0, Infinity], scale: 'log', description: 'Gerischer time constant t_G' },
    { name: 'phi', unit: '1', default: 1, bounds: [0, Infinity], scale: 'log', description: 'thickness over utilisation length φ' },
  ],
  equation: 'R / (sqrt(1 + i * omega * tau) * tanh(phi * sqrt(1 + i * omega * tau)))',
  reference: 'Green, Liu & Adler, Solid State Ionics 179 (2008) 647; impedance.py Gs',
  kernel(p, o, g, re, im) {
    const r = p[o];
    const t = p[o + 1];
    const ph = p[o + 2];
    const p2 = ph * ph;
    const k = r * ph;
    const w = g.omega;
    for (let i = 0; i < g.n; i++) {
      cothRatio(p2, p2 * w[i] * t, T);
      re[i] = k * T[0];
      im[i] = k * T[1];
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const r = p[o];
    const t = p[o + 1];
    const ph = p[o + 2];
    const p2 = ph * ph;
    const k = r * ph;
    const w = g.omega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    for (let i = 0; i < n; i++) {
      const x = w[i] * t;
      cothRatio(p2, p2 * x, T);
      re[i] = k * T[0];
      im[i] = k * T[1];
      dRe[b0 + i] = ph * T[0];
      dIm[b0 + i] = ph * T[1];
      jwOverOnePlusJx(w[i], x, t, F);
      const fr = F[0];
      const fi = F[1];
      dRe[b1 + i] = k * (T[2] * fr - T[3] * fi);
      dIm[b1 + i] = k * (T[2] * fi + T[3] * fr);
      dRe[b2 + i] = r * (T[0] + 2 * T[2]);
      dIm[b2 + i] = r * (T[1] + 2 * T[3]);
    }
  },
};
