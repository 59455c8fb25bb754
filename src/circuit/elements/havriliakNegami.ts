import { relaxation } from '../../internal/complex.js';
import type { ElementDefinition } from '../types.js';

const HALF_PI = Math.PI / 2;
const T = new Float64Array(6);

/**
 * Havriliak–Negami relaxation in resistive form:
 * Z = R/(1 + (jωτ)^α)^β.
 *
 * Units: R in Ω, τ in s, α and β dimensionless in [0, 1]. Reductions: β = 1
 * is the Cole–Cole/ZARC element, α = 1 the Cole–Davidson element,
 * α = β = 1 the Debye element K. Limits: Z → R as ω → 0,
 * Z ≈ R(jωτ)^(−αβ) as ω → ∞.
 * Evaluated as R·exp(−β·Log D), D = 1 + P, P = (jωτ)^α, with Log D formed
 * from ln(ωτ) (never from (ωτ)^α when that would overflow).
 * Partials: ∂Z/∂R = Z/R, ∂Z/∂τ = −β(α/τ)·Z·P/D,
 * ∂Z/∂α = −β·Z·(P/D)(ln ωτ + jπ/2), ∂Z/∂β = −Z·Log D.
 * Reference: S. Havriliak & S. Negami, Polymer 8 (1967) 161; resistive form
 * as in Barsoukov & Macdonald, *Impedance Spectroscopy* (2018), sect. 2.2.
 *
 * @example
 * ```ts
 * compileCircuit('HN1').evaluate([100, 1e-3, 0.8, 0.7], new Float64Array([159.15]));
 * ```
 */
export const havriliakNegami: ElementDefinition = {
  symbol: 'HN',
  name: 'Havriliak–Negami (resistive form)',
  parameters: [
    { name: 'R', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'resistance' },
    { name: 'tau', unit: 's', default: 1e-3, bounds: [0, Infinity], scale: 'log', description: 'characteristic time' },
    { name: 'alpha', unit: '1', default: 0.9, bounds: [0, 1], scale: 'linear', description: 'symmetric broadening exponent' },
    { name: 'beta', unit: '1', default: 0.9, bounds: [0, 1], scale: 'linear', description: 'asymmetry exponent' },
  ],
  equation: 'R / (1 + (i * omega * tau)^alpha)^beta',
  reference: 'Havriliak & Negami, Polymer 8 (1967) 161; Barsoukov & Macdonald, Impedance Spectroscopy (2018)',
  kernel(p, o, g, re, im) {
    const r = p[o];
    const lt = Math.log(p[o + 1]);
    const a = p[o + 2];
    const b = p[o + 3];
    const th = a * HALF_PI;
    const c = Math.cos(th);
    const s = Math.sin(th);
    const lw = g.logOmega;
    for (let i = 0; i < g.n; i++) {
      relaxation(lw[i] + lt, a, c, s, th, T);
      const m = r * Math.exp(-b * T[4]);
      const ph = -b * T[5];
      re[i] = m * Math.cos(ph);
      im[i] = m * Math.sin(ph);
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const r = p[o];
    const tau = p[o + 1];
    const lt = Math.log(tau);
    const a = p[o + 2];
    const b = p[o + 3];
    const th = a * HALF_PI;
    const c = Math.cos(th);
    const s = Math.sin(th);
    const lw = g.logOmega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    const kt = (b * a) / tau;
    for (let i = 0; i < n; i++) {
      const lx = lw[i] + lt;
      relaxation(lx, a, c, s, th, T);
      const m = Math.exp(-b * T[4]);
      const ph = -b * T[5];
      const er = m * Math.cos(ph);
      const ei = m * Math.sin(ph);
      const zr = r * er;
      const zi = r * ei;
      re[i] = zr;
      im[i] = zi;
      dRe[b0 + i] = er;
      dIm[b0 + i] = ei;
      // Z·P/D
      const ur = zr * T[2] - zi * T[3];
      const ui = zr * T[3] + zi * T[2];
      dRe[b1 + i] = -kt * ur;
      dIm[b1 + i] = -kt * ui;
      dRe[b2 + i] = -b * (ur * lx - ui * HALF_PI);
      dIm[b2 + i] = -b * (ui * lx + ur * HALF_PI);
      dRe[b3 + i] = -(zr * T[4] - zi * T[5]);
      dIm[b3 + i] = -(zr * T[5] + zi * T[4]);
    }
  },
};
