import type { ElementDefinition } from '../types.js';

/**
 * Resistor. Z = R.
 *
 * Units: R in Ω. Reference: Ohm's law; Orazem & Tribollet, *Electrochemical
 * Impedance Spectroscopy*, 2nd ed. (2017), ch. 4.
 *
 * @example
 * ```ts
 * const model = compileCircuit(parseCircuit('R0'));
 * model.evaluate([100], new Float64Array([1])).re[0]; // 100
 * ```
 */
export const resistor: ElementDefinition = {
  symbol: 'R',
  cdc: 'R',
  name: 'resistor',
  parameters: [{ name: 'R', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'resistance' }],
  equation: 'R + 0*i',
  reference: "Ohm's law; Orazem & Tribollet, Electrochemical Impedance Spectroscopy (2017), ch. 4",
  kernel(p, o, g, re, im) {
    const r = p[o];
    for (let i = 0; i < g.n; i++) {
      re[i] = r;
      im[i] = 0;
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const r = p[o];
    const b = col * g.n;
    for (let i = 0; i < g.n; i++) {
      re[i] = r;
      im[i] = 0;
      dRe[b + i] = 1;
      dIm[b + i] = 0;
    }
  },
};

/**
 * Ideal capacitor. Z = 1/(jωC) = −j/(ωC).
 *
 * Units: C in F. Reference: Orazem & Tribollet (2017), ch. 4.
 *
 * @example
 * ```ts
 * compileCircuit(parseCircuit('C1')).evaluate([1e-6], new Float64Array([1])).im[0]; // -159154.94…
 * ```
 */
export const capacitor: ElementDefinition = {
  symbol: 'C',
  cdc: 'C',
  name: 'capacitor',
  parameters: [{ name: 'C', unit: 'F', default: 1e-6, bounds: [0, Infinity], scale: 'log', description: 'capacitance' }],
  equation: '1 / (i * omega * C)',
  reference: 'Orazem & Tribollet, Electrochemical Impedance Spectroscopy (2017), ch. 4',
  kernel(p, o, g, re, im) {
    const c = p[o];
    const w = g.omega;
    for (let i = 0; i < g.n; i++) {
      re[i] = 0;
      im[i] = -1 / (w[i] * c);
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const c = p[o];
    const w = g.omega;
    const b = col * g.n;
    for (let i = 0; i < g.n; i++) {
      const v = -1 / (w[i] * c);
      re[i] = 0;
      im[i] = v;
      dRe[b + i] = 0;
      dIm[b + i] = -v / c;
    }
  },
};

/**
 * Ideal inductor. Z = jωL.
 *
 * Units: L in H. Reference: Orazem & Tribollet (2017), ch. 4.
 *
 * @example
 * ```ts
 * compileCircuit(parseCircuit('L0')).evaluate([1e-6], new Float64Array([1e6])).im[0]; // 6.283…
 * ```
 */
export const inductor: ElementDefinition = {
  symbol: 'L',
  cdc: 'L',
  name: 'inductor',
  parameters: [{ name: 'L', unit: 'H', default: 1e-6, bounds: [0, Infinity], scale: 'log', description: 'inductance' }],
  equation: 'i * omega * L',
  reference: 'Orazem & Tribollet, Electrochemical Impedance Spectroscopy (2017), ch. 4',
  kernel(p, o, g, re, im) {
    const l = p[o];
    const w = g.omega;
    for (let i = 0; i < g.n; i++) {
      re[i] = 0;
      im[i] = w[i] * l;
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const l = p[o];
    const w = g.omega;
    const b = col * g.n;
    for (let i = 0; i < g.n; i++) {
      re[i] = 0;
      im[i] = w[i] * l;
      dRe[b + i] = 0;
      dIm[b + i] = w[i];
    }
  },
};
