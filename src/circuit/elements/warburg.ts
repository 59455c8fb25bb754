import { cothRatioImag, tanhRatioImag } from '../../internal/complex.js';
import type { ElementDefinition } from '../types.js';

const T = new Float64Array(4);

/**
 * Semi-infinite Warburg element, impedance.py's convention:
 * Z = A_W (1 − j)/√ω.
 *
 * Units: A_W in Ω·s^(−1/2). The phase is −45° at every frequency; |Z| → ∞ as
 * ω → 0 and → 0 as ω → ∞. Reference: E. Warburg, Ann. Phys. 303 (1899) 493;
 * Orazem & Tribollet, *Electrochemical Impedance Spectroscopy* (2017), ch. 11;
 * impedance.py's `W` (same parameter).
 *
 * @example
 * ```ts
 * compileCircuit('W1').evaluate([100], new Float64Array([1])); // re 39.89…, im −39.89…
 * ```
 */
export const warburg: ElementDefinition = {
  symbol: 'W',
  cdc: 'W',
  name: 'semi-infinite Warburg',
  parameters: [
    { name: 'Aw', unit: 'Ω s^-1/2', default: 100, bounds: [0, Infinity], scale: 'log', description: 'Warburg coefficient' },
  ],
  equation: 'Aw * (1 - i) / sqrt(omega)',
  reference: 'Warburg, Ann. Phys. 303 (1899) 493; Orazem & Tribollet (2017) ch. 11; impedance.py W',
  kernel(p, o, g, re, im) {
    const a = p[o];
    const w = g.omega;
    for (let i = 0; i < g.n; i++) {
      const m = a / Math.sqrt(w[i]);
      re[i] = m;
      im[i] = -m;
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const a = p[o];
    const w = g.omega;
    const b = col * g.n;
    for (let i = 0; i < g.n; i++) {
      const u = 1 / Math.sqrt(w[i]);
      re[i] = a * u;
      im[i] = -a * u;
      dRe[b + i] = u;
      dIm[b + i] = -u;
    }
  },
};

/**
 * Finite-space ("open", reflective-boundary) Warburg element:
 * Z = Z0·coth(√(jωτ))/√(jωτ).
 *
 * Units: Z0 in Ω, τ = L²/D in s. Low frequency: Z ≈ Z0/(jωτ) + Z0/3
 * (a capacitor C = τ/Z0 in series with Z0/3); high frequency:
 * Z ≈ Z0/√(jωτ) (semi-infinite Warburg). coth is evaluated through
 * exp(−2√(jωτ)), so huge ωτ neither overflows nor returns NaN.
 * Partials: ∂Z/∂Z0 = Z/Z0, ∂Z/∂τ = −(Z0/2τ)(csch² s + coth(s)/s), s = √(jωτ).
 * Reference: Boukamp's "O" element; J. Bisquert et al., J. Electroanal. Chem.
 * 475 (1999) 152; impedance.py's `Wo` (`Wo1_0` = Z0, `Wo1_1` = τ).
 *
 * @example
 * ```ts
 * compileCircuit('Wo1').evaluate([100, 10], new Float64Array([1e-4, 1e4]));
 * ```
 */
export const warburgOpen: ElementDefinition = {
  symbol: 'Wo',
  cdc: 'O',
  name: 'finite-space (open) Warburg',
  parameters: [
    { name: 'Z0', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'diffusion resistance' },
    { name: 'tau', unit: 's', default: 1, bounds: [0, Infinity], scale: 'log', description: 'diffusion time L²/D' },
  ],
  equation: 'Z0 * coth(sqrt(i * omega * tau)) / sqrt(i * omega * tau)',
  reference: 'Bisquert et al., J. Electroanal. Chem. 475 (1999) 152; Boukamp O element; impedance.py Wo',
  kernel(p, o, g, re, im) {
    const z0 = p[o];
    const tau = p[o + 1];
    const w = g.omega;
    for (let i = 0; i < g.n; i++) {
      cothRatioImag(w[i] * tau, T);
      re[i] = z0 * T[0];
      im[i] = z0 * T[1];
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const z0 = p[o];
    const tau = p[o + 1];
    const k = z0 / tau;
    const w = g.omega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    for (let i = 0; i < n; i++) {
      cothRatioImag(w[i] * tau, T);
      re[i] = z0 * T[0];
      im[i] = z0 * T[1];
      dRe[b0 + i] = T[0];
      dIm[b0 + i] = T[1];
      // Z = Z0·G(x), x = jωτ ⇒ ∂Z/∂τ = Z0·x·G′(x)/τ
      dRe[b1 + i] = k * T[2];
      dIm[b1 + i] = k * T[3];
    }
  },
};

/**
 * Finite-length ("short", transmissive-boundary) Warburg element:
 * Z = Z0·tanh(√(jωτ))/√(jωτ).
 *
 * Units: Z0 in Ω, τ = L²/D in s. Low frequency: Z → Z0 (DC resistance)
 * with Z ≈ Z0(1 − jωτ/3); high frequency: Z ≈ Z0/√(jωτ). tanh is evaluated
 * through exp(−2√(jωτ)) (no overflow). Partials: ∂Z/∂Z0 = Z/Z0,
 * ∂Z/∂τ = (Z0/2τ)(sech² s − tanh(s)/s), s = √(jωτ).
 * Reference: Boukamp's "T" element; Bisquert et al., J. Electroanal. Chem.
 * 475 (1999) 152; impedance.py's `Ws` (`Ws1_0` = Z0, `Ws1_1` = τ).
 *
 * @example
 * ```ts
 * compileCircuit('Ws1').evaluate([100, 10], new Float64Array([1e-4])).re[0]; // ≈ 100
 * ```
 */
export const warburgShort: ElementDefinition = {
  symbol: 'Ws',
  cdc: 'T',
  name: 'finite-length (short) Warburg',
  parameters: [
    { name: 'Z0', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'diffusion resistance' },
    { name: 'tau', unit: 's', default: 1, bounds: [0, Infinity], scale: 'log', description: 'diffusion time L²/D' },
  ],
  equation: 'Z0 * tanh(sqrt(i * omega * tau)) / sqrt(i * omega * tau)',
  reference: 'Bisquert et al., J. Electroanal. Chem. 475 (1999) 152; Boukamp T element; impedance.py Ws',
  kernel(p, o, g, re, im) {
    const z0 = p[o];
    const tau = p[o + 1];
    const w = g.omega;
    for (let i = 0; i < g.n; i++) {
      tanhRatioImag(w[i] * tau, T);
      re[i] = z0 * T[0];
      im[i] = z0 * T[1];
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const z0 = p[o];
    const tau = p[o + 1];
    const k = z0 / tau;
    const w = g.omega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    for (let i = 0; i < n; i++) {
      tanhRatioImag(w[i] * tau, T);
      re[i] = z0 * T[0];
      im[i] = z0 * T[1];
      dRe[b0 + i] = T[0];
      dIm[b0 + i] = T[1];
      dRe[b1 + i] = k * T[2];
      dIm[b1 + i] = k * T[3];
    }
  },
};
