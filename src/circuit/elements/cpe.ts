import type { ElementDefinition } from '../types.js';

const HALF_PI = Math.PI / 2;

/**
 * Constant phase element. Z = 1/(Q (jω)^α) = ω^(−α) e^(−jαπ/2) / Q.
 *
 * Units: Q in Ω⁻¹·s^α (F·s^(α−1)), α dimensionless in (0, 1]. With α = 1 it is
 * a capacitor of C = Q. Reference: Brug, van den Eeden, Sluyters-Rehbach &
 * Sluyters, J. Electroanal. Chem. 176 (1984) 275; impedance.py's `CPE`.
 *
 * @example
 * ```ts
 * compileCircuit(parseCircuit('CPE1')).evaluate([1e-6, 0.9], new Float64Array([10]));
 * ```
 */
export const cpe: ElementDefinition = {
  symbol: 'CPE',
  cdc: 'Q',
  name: 'constant phase element',
  parameters: [
    { name: 'Q', unit: 'Ω^-1 s^α', default: 1e-6, bounds: [0, Infinity], scale: 'log', description: 'CPE coefficient' },
    { name: 'alpha', unit: '1', default: 0.9, bounds: [0, 1], scale: 'linear', description: 'CPE exponent' },
  ],
  equation: '1 / (Q * (i * omega)^alpha)',
  reference: 'Brug et al., J. Electroanal. Chem. 176 (1984) 275',
  kernel(p, o, g, re, im) {
    const q = p[o];
    const a = p[o + 1];
    const c = Math.cos(a * HALF_PI) / q;
    const s = -Math.sin(a * HALF_PI) / q;
    const lw = g.logOmega;
    for (let i = 0; i < g.n; i++) {
      const m = Math.exp(-a * lw[i]);
      re[i] = m * c;
      im[i] = m * s;
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const q = p[o];
    const a = p[o + 1];
    const cs = Math.cos(a * HALF_PI);
    const sn = Math.sin(a * HALF_PI);
    const c = cs / q;
    const s = -sn / q;
    const invQ = -1 / q;
    const lw = g.logOmega;
    const n = g.n;
    const bq = col * n;
    const ba = bq + n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(-a * lw[i]);
      const zr = m * c;
      const zi = m * s;
      re[i] = zr;
      im[i] = zi;
      // ∂Z/∂Q = −Z/Q
      dRe[bq + i] = zr * invQ;
      dIm[bq + i] = zi * invQ;
      // ∂Z/∂α = Z · (−ln ω − jπ/2)
      const l = -lw[i];
      dRe[ba + i] = zr * l + zi * HALF_PI;
      dIm[ba + i] = zi * l - zr * HALF_PI;
    }
  },
};
