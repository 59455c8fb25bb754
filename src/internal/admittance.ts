/**
 * Admittance forms of the elements whose admittance Y = 1/Z is cheaper than
 * their impedance inside a parallel node (R, C, L, CPE). `compileCircuit`
 * folds such leaves into the parallel node's admittance sum, so that
 * p(R1,CPE1) costs one complex inversion per point instead of three.
 *
 * `add` adds Y into `yr`/`yi`; `grad` additionally writes ∂Y/∂pₖ into the
 * column-major `dRe`/`dIm` at column `col + k` (the caller later multiplies
 * those columns by −Z², since ∂Z/∂p = −Z²·∂Y/∂p).
 *
 * @internal
 * @module
 */
import { capacitor, inductor, resistor } from '../circuit/elements/basic.js';
import { cpe } from '../circuit/elements/cpe.js';
import type { ElementDefinition, FrequencyGrid } from '../circuit/types.js';

/** Admittance kernels of one element. @internal */
export interface AdmittanceForm {
  /** Adds Y(ω) into `yr`/`yi`. */
  add(p: ArrayLike<number>, o: number, g: FrequencyGrid, yr: Float64Array, yi: Float64Array): void;
  /** Adds Y(ω) into `yr`/`yi` and writes ∂Y/∂pₖ into columns `col + k`. */
  grad(
    p: ArrayLike<number>,
    o: number,
    g: FrequencyGrid,
    yr: Float64Array,
    yi: Float64Array,
    dRe: Float64Array,
    dIm: Float64Array,
    col: number,
  ): void;
  /** Optional fused form: Z = 1/(y0 + Y(ω)) in one pass (y0 real, e.g. Σ 1/R). */
  invert?(p: ArrayLike<number>, o: number, g: FrequencyGrid, y0: number, zr: Float64Array, zi: Float64Array): void;
  /** Optional fused form: Z = 1/(y0 + Y) and ∂Z/∂pₖ = −Z²·∂Y/∂pₖ into columns `col + k`. */
  invertGrad?(
    p: ArrayLike<number>,
    o: number,
    g: FrequencyGrid,
    y0: number,
    zr: Float64Array,
    zi: Float64Array,
    dRe: Float64Array,
    dIm: Float64Array,
    col: number,
  ): void;
}

const HALF_PI = Math.PI / 2;

/** Y = 1/R; ∂Y/∂R = −1/R². */
const resistorY: AdmittanceForm = {
  add(p, o, g, yr) {
    const y = 1 / p[o];
    const n = g.n;
    for (let i = 0; i < n; i++) yr[i] += y;
  },
  grad(p, o, g, yr, _yi, dRe, dIm, col) {
    const y = 1 / p[o];
    const d = -y * y;
    const b = col * g.n;
    for (let i = 0; i < g.n; i++) {
      yr[i] += y;
      dRe[b + i] = d;
      dIm[b + i] = 0;
    }
  },
};

/** Y = jωC; ∂Y/∂C = jω. */
const capacitorY: AdmittanceForm = {
  add(p, o, g, _yr, yi) {
    const c = p[o];
    const w = g.omega;
    for (let i = 0; i < g.n; i++) yi[i] += w[i] * c;
  },
  grad(p, o, g, _yr, yi, dRe, dIm, col) {
    const c = p[o];
    const w = g.omega;
    const b = col * g.n;
    for (let i = 0; i < g.n; i++) {
      yi[i] += w[i] * c;
      dRe[b + i] = 0;
      dIm[b + i] = w[i];
    }
  },
};

/** Y = −j/(ωL); ∂Y/∂L = j/(ωL²). */
const inductorY: AdmittanceForm = {
  add(p, o, g, _yr, yi) {
    const l = p[o];
    const w = g.omega;
    for (let i = 0; i < g.n; i++) yi[i] -= 1 / (w[i] * l);
  },
  grad(p, o, g, _yr, yi, dRe, dIm, col) {
    const l = p[o];
    const w = g.omega;
    const b = col * g.n;
    for (let i = 0; i < g.n; i++) {
      const v = 1 / (w[i] * l);
      yi[i] -= v;
      dRe[b + i] = 0;
      dIm[b + i] = v / l;
    }
  },
};

/**
 * Y = Q(jω)^α = Q ω^α e^{jαπ/2}; ∂Y/∂Q = Y/Q; ∂Y/∂α = Y(ln ω + jπ/2).
 * @internal
 */
export const cpeAdmittance: AdmittanceForm = {
  add(p, o, g, yr, yi) {
    const q = p[o];
    const a = p[o + 1];
    const c = q * Math.cos(a * HALF_PI);
    const s = q * Math.sin(a * HALF_PI);
    const lw = g.logOmega;
    const n = g.n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(a * lw[i]);
      yr[i] += m * c;
      yi[i] += m * s;
    }
  },
  invert(p, o, g, y0, zr, zi) {
    const q = p[o];
    const a = p[o + 1];
    const c = q * Math.cos(a * HALF_PI);
    const s = q * Math.sin(a * HALF_PI);
    const lw = g.logOmega;
    const n = g.n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(a * lw[i]);
      const yr = y0 + m * c;
      const yi = m * s;
      const d = 1 / (yr * yr + yi * yi);
      zr[i] = yr * d;
      zi[i] = -yi * d;
    }
  },
  invertGrad(p, o, g, y0, zr, zi, dRe, dIm, col) {
    const q = p[o];
    const a = p[o + 1];
    const cs = Math.cos(a * HALF_PI);
    const sn = Math.sin(a * HALF_PI);
    const c = q * cs;
    const s = q * sn;
    const lw = g.logOmega;
    const n = g.n;
    const bq = col * n;
    const ba = bq + n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(a * lw[i]);
      const vr = m * c;
      const vi = m * s;
      const yr = y0 + vr;
      const yi = vi;
      const d = 1 / (yr * yr + yi * yi);
      const r = yr * d;
      const im = -yi * d;
      zr[i] = r;
      zi[i] = im;
      // −Z²
      const nr = im * im - r * r;
      const ni = -2 * r * im;
      // ∂Y/∂Q = m e^{jαπ/2}
      const ur = m * cs;
      const ui = m * sn;
      dRe[bq + i] = nr * ur - ni * ui;
      dIm[bq + i] = nr * ui + ni * ur;
      // ∂Y/∂α = Y (ln ω + jπ/2)
      const l = lw[i];
      const er = vr * l - vi * HALF_PI;
      const ei = vi * l + vr * HALF_PI;
      dRe[ba + i] = nr * er - ni * ei;
      dIm[ba + i] = nr * ei + ni * er;
    }
  },
  grad(p, o, g, yr, yi, dRe, dIm, col) {
    const q = p[o];
    const a = p[o + 1];
    const cs = Math.cos(a * HALF_PI);
    const sn = Math.sin(a * HALF_PI);
    const c = q * cs;
    const s = q * sn;
    const lw = g.logOmega;
    const n = g.n;
    const bq = col * n;
    const ba = bq + n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(a * lw[i]);
      const ur = m * cs;
      const ui = m * sn;
      // same rounding as `add`, so value and jacobian agree bit for bit
      const vr = m * c;
      const vi = m * s;
      yr[i] += vr;
      yi[i] += vi;
      dRe[bq + i] = ur;
      dIm[bq + i] = ui;
      const l = lw[i];
      dRe[ba + i] = vr * l - vi * HALF_PI;
      dIm[ba + i] = vi * l + vr * HALF_PI;
    }
  },
};

/**
 * The admittance form of a definition, or `undefined`. Matched by identity
 * with the built-in definitions, so a user element with the same symbol is
 * never mistaken for a built-in.
 *
 * @internal
 */
export function admittanceForm(def: ElementDefinition): AdmittanceForm | undefined {
  if (def === resistor) return resistorY;
  if (def === capacitor) return capacitorY;
  if (def === inductor) return inductorY;
  if (def === cpe) return cpeAdmittance;
  return undefined;
}
