import type { ElementDefinition } from '../types.js';

const HALF_PI = Math.PI / 2;

/**
 * Modified inductance element: Z = L·(jω)^α = L·ω^α·e^{jαπ/2}.
 *
 * Units: L in H·s^(α−1), α dimensionless in [0, 1]; α = 1 is an ideal
 * inductor, α = 0 a resistor of L Ω. Partials: ∂Z/∂L = Z/L,
 * ∂Z/∂α = Z·(ln ω + jπ/2).
 *
 * Reference: BioLogic, EC-Lab Application Note 42 (2019), "modified
 * inductance" La. Note: impedance.py's `La` documents this formula but its
 * code computes (L·jω)^α (impedance.py issues #286 and #312); eiskit follows
 * the documented and published form, so values differ from impedance.py's
 * `La` test table.
 *
 * @example
 * ```ts
 * compileCircuit('La1').evaluate([1e-6, 0.8], new Float64Array([1e5]));
 * ```
 */
export const modifiedInductance: ElementDefinition = {
  symbol: 'La',
  name: 'modified inductance',
  parameters: [
    { name: 'L', unit: 'H s^(α-1)', default: 1e-6, bounds: [0, Infinity], scale: 'log', description: 'inductance coefficient' },
    { name: 'alpha', unit: '1', default: 0.9, bounds: [0, 1], scale: 'linear', description: 'inductance exponent' },
  ],
  equation: 'L * (i * omega)^alpha',
  reference: 'BioLogic EC-Lab Application Note 42 (2019)',
  kernel(p, o, g, re, im) {
    const l = p[o];
    const a = p[o + 1];
    const c = l * Math.cos(a * HALF_PI);
    const s = l * Math.sin(a * HALF_PI);
    const lw = g.logOmega;
    for (let i = 0; i < g.n; i++) {
      const m = Math.exp(a * lw[i]);
      re[i] = m * c;
      im[i] = m * s;
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const l = p[o];
    const a = p[o + 1];
    const cs = Math.cos(a * HALF_PI);
    const sn = Math.sin(a * HALF_PI);
    const lw = g.logOmega;
    const n = g.n;
    const bl = col * n;
    const ba = bl + n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(a * lw[i]);
      const ur = m * cs;
      const ui = m * sn;
      const zr = l * ur;
      const zi = l * ui;
      re[i] = zr;
      im[i] = zi;
      dRe[bl + i] = ur;
      dIm[bl + i] = ui;
      const lg = lw[i];
      dRe[ba + i] = zr * lg - zi * HALF_PI;
      dIm[ba + i] = zi * lg + zr * HALF_PI;
    }
  },
};
