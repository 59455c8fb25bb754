import { relaxation } from '../../internal/complex.js';
import type { ElementDefinition } from '../types.js';

const HALF_PI = Math.PI / 2;
const T = new Float64Array(6);

/**
 * Voigt RC element written with its time constant (Debye relaxation):
 * Z = R/(1 + jωτ), equal to R ∥ C with C = τ/R.
 *
 * Units: R in Ω, τ in s. Limits: Z → R as ω → 0, Z → R/(jωτ) → 0 as ω → ∞.
 * Partials: ∂Z/∂R = 1/(1 + jωτ), ∂Z/∂τ = −(Z/τ)·jωτ/(1 + jωτ). Evaluated
 * through (jωτ)⁻¹ when ωτ > 1, so huge ωτ cannot overflow.
 * Reference: P. Debye, *Polar Molecules* (1929); B. A. Boukamp,
 * J. Electrochem. Soc. 142 (1995) 1885 (lin-KK); impedance.py's `K`
 * (`K1_0` = R, `K1_1` = τ).
 *
 * @example
 * ```ts
 * compileCircuit('K1').evaluate([100, 1e-3], new Float64Array([1e3 / (2 * Math.PI)])); // 50 − 50j
 * ```
 */
export const rcElement: ElementDefinition = {
  symbol: 'K',
  name: 'RC element (Debye, R and τ)',
  parameters: [
    { name: 'R', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'resistance' },
    { name: 'tau', unit: 's', default: 1e-3, bounds: [0, Infinity], scale: 'log', description: 'time constant RC' },
  ],
  equation: 'R / (1 + i * omega * tau)',
  reference: 'Debye (1929); Boukamp, J. Electrochem. Soc. 142 (1995) 1885; impedance.py K',
  kernel(p, o, g, re, im) {
    const r = p[o];
    const lt = Math.log(p[o + 1]);
    const lw = g.logOmega;
    for (let i = 0; i < g.n; i++) {
      relaxation(lw[i] + lt, 1, 0, 1, HALF_PI, T, false);
      re[i] = r * T[0];
      im[i] = r * T[1];
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const r = p[o];
    const tau = p[o + 1];
    const lt = Math.log(tau);
    const lw = g.logOmega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    for (let i = 0; i < n; i++) {
      relaxation(lw[i] + lt, 1, 0, 1, HALF_PI, T, false);
      const zr = r * T[0];
      const zi = r * T[1];
      re[i] = zr;
      im[i] = zi;
      dRe[b0 + i] = T[0];
      dIm[b0 + i] = T[1];
      // ∂Z/∂τ = −(1/τ)·Z·(P/D)
      dRe[b1 + i] = -(zr * T[2] - zi * T[3]) / tau;
      dIm[b1 + i] = -(zr * T[3] + zi * T[2]) / tau;
    }
  },
};

/**
 * ZARC (Cole–Cole) element: Z = R/(1 + (jωτ)^n), equal to R ∥ CPE with
 * Q = τ^n/R.
 *
 * Units: R in Ω, τ in s, n dimensionless in [0, 1]; n = 1 gives the Debye
 * element {@link rcElement} (R ∥ C with C = τ/R). Limits: Z → R as ω → 0,
 * Z → R(jωτ)^(−n) as ω → ∞; with n = 0, Z = R/2.
 * Partials, with P = (jωτ)^n, D = 1 + P: ∂Z/∂R = 1/D,
 * ∂Z/∂τ = −(n/τ)·Z·P/D, ∂Z/∂n = −Z·(P/D)·(ln ωτ + jπ/2).
 * Reference: K. S. Cole & R. H. Cole, J. Chem. Phys. 9 (1941) 341;
 * impedance.py's `Zarc` (`Zarc1_0` = R, `Zarc1_1` = τ, `Zarc1_2` = n).
 *
 * @example
 * ```ts
 * compileCircuit('Zarc1').evaluate([100, 1e-3, 0.8], new Float64Array([159.15]));
 * ```
 */
export const zarc: ElementDefinition = {
  symbol: 'Zarc',
  name: 'ZARC (Cole–Cole, R ∥ CPE in R, τ, n)',
  parameters: [
    { name: 'R', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'resistance' },
    { name: 'tau', unit: 's', default: 1e-3, bounds: [0, Infinity], scale: 'log', description: 'characteristic time' },
    { name: 'n', unit: '1', default: 0.9, bounds: [0, 1], scale: 'linear', description: 'dispersion exponent' },
  ],
  equation: 'R / (1 + (i * omega * tau)^n)',
  reference: 'Cole & Cole, J. Chem. Phys. 9 (1941) 341; impedance.py Zarc',
  kernel(p, o, g, re, im) {
    const r = p[o];
    const lt = Math.log(p[o + 1]);
    const nn = p[o + 2];
    const th = nn * HALF_PI;
    const c = Math.cos(th);
    const s = Math.sin(th);
    const lw = g.logOmega;
    for (let i = 0; i < g.n; i++) {
      relaxation(lw[i] + lt, nn, c, s, th, T, false);
      re[i] = r * T[0];
      im[i] = r * T[1];
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const r = p[o];
    const tau = p[o + 1];
    const lt = Math.log(tau);
    const nn = p[o + 2];
    const th = nn * HALF_PI;
    const c = Math.cos(th);
    const s = Math.sin(th);
    const lw = g.logOmega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const kt = nn / tau;
    for (let i = 0; i < n; i++) {
      const lx = lw[i] + lt;
      relaxation(lx, nn, c, s, th, T, false);
      const zr = r * T[0];
      const zi = r * T[1];
      re[i] = zr;
      im[i] = zi;
      dRe[b0 + i] = T[0];
      dIm[b0 + i] = T[1];
      // Z·P/D
      const ur = zr * T[2] - zi * T[3];
      const ui = zr * T[3] + zi * T[2];
      dRe[b1 + i] = -kt * ur;
      dIm[b1 + i] = -kt * ui;
      dRe[b2 + i] = -(ur * lx - ui * HALF_PI);
      dIm[b2 + i] = -(ui * lx + ur * HALF_PI);
    }
  },
};
