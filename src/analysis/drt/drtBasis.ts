/**
 * Discretisation of the DRT integral on radial basis functions (Gaussian) or
 * piecewise-linear hat functions, and the derivative-penalty matrices.
 *
 * Reference: T. H. Wan, M. Saccoccio, C. Chen & F. Ciucci, Electrochim. Acta
 * 184 (2015) 483 (RBF discretisation, shape factor from the FWHM, analytic
 * penalty matrices for Gaussians).
 *
 * @internal
 * @module
 */

/** Basis family of the DRT expansion. */
export type DrtBasis = 'gaussian' | 'piecewise-linear';

/** A discretised basis: centres in ln τ and the shape factor. @internal */
export interface BasisGrid {
  /** Basis family. */
  kind: DrtBasis;
  /** Centres y_m = ln τ_m, ascending. */
  centres: Float64Array;
  /** Gaussian shape factor ε (1/ln-τ units); for hats, 1/Δ. */
  epsilon: number;
  /** Mean spacing Δ of the centres in ln τ. */
  spacing: number;
}

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);

/**
 * Value of basis function m at y (ln τ).
 * @internal
 */
export function basisValue(grid: BasisGrid, m: number, y: number): number {
  const c = grid.centres;
  if (grid.kind === 'gaussian') {
    const d = grid.epsilon * (y - c[m]);
    return Math.exp(-d * d);
  }
  const K = c.length;
  if (y === c[m]) return 1;
  if (y < c[m]) {
    if (m === 0) return 0;
    return y > c[m - 1] ? (y - c[m - 1]) / (c[m] - c[m - 1]) : 0;
  }
  if (m === K - 1) return 0;
  return y < c[m + 1] ? (c[m + 1] - y) / (c[m + 1] - c[m]) : 0;
}

/**
 * ∫ φ_m(y) dy: √π/ε for Gaussians, (y_{m+1} − y_{m−1})/2 for hats.
 * @internal
 */
export function basisArea(grid: BasisGrid, m: number): number {
  if (grid.kind === 'gaussian') return SQRT_PI / grid.epsilon;
  const c = grid.centres;
  const left = m > 0 ? c[m] - c[m - 1] : 0;
  const right = m < c.length - 1 ? c[m + 1] - c[m] : 0;
  return 0.5 * (left + right);
}

/**
 * Fills the N×K row-major matrices
 * A_re[i,m] = ∫ φ_m(y) / (1 + ω_i² e^{2y}) dy and
 * A_im[i,m] = −∫ φ_m(y) ω_i e^{y} / (1 + ω_i² e^{2y}) dy,
 * so that Z_pol(ω_i) = Σ_m x_m (A_re + j A_im)[i,m].
 *
 * Gaussians: trapezoidal rule on x = y − y_m over |x| ≤ 6.5/ε with step
 * h = min(0.2, 0.25/ε) (exponentially convergent for this analytic
 * integrand; relative error < 1e-10). Hats: composite Simpson, 16 panels per
 * segment.
 * @internal
 */
export function drtMatrices(grid: BasisGrid, omega: Float64Array): { re: Float64Array; im: Float64Array } {
  const N = omega.length;
  const K = grid.centres.length;
  const re = new Float64Array(N * K);
  const im = new Float64Array(N * K);
  const c = grid.centres;
  if (grid.kind === 'gaussian') {
    const eps = grid.epsilon;
    const h = Math.min(0.2, 0.25 / eps);
    const half = Math.ceil(6.5 / eps / h);
    const nodes = 2 * half + 1;
    const xs = new Float64Array(nodes);
    const ws = new Float64Array(nodes);
    for (let k = 0; k < nodes; k++) {
      const x = (k - half) * h;
      xs[k] = x;
      ws[k] = h * Math.exp(-(eps * x) * (eps * x));
    }
    const ex = new Float64Array(nodes);
    const exInv = new Float64Array(nodes);
    for (let k = 0; k < nodes; k++) {
      ex[k] = Math.exp(xs[k]);
      exInv[k] = 1 / ex[k];
    }
    // The entry depends on u = ln ω_i + y_m only; log-spaced data repeat u
    // (to rounding), so cache by u rounded to 1e-10 (relative effect < 1e-9).
    const cache = new Map<number, number>();
    const cacheIm: number[] = [];
    const cacheRe: number[] = [];
    for (let i = 0; i < N; i++) {
      const lw = Math.log(omega[i]);
      for (let m = 0; m < K; m++) {
        const u = lw + c[m];
        const key = Math.round(u * 1e10);
        const hit = cache.get(key);
        if (hit !== undefined) {
          re[i * K + m] = cacheRe[hit];
          im[i * K + m] = cacheIm[hit];
          continue;
        }
        let sr = 0;
        let si = 0;
        if (Math.abs(u) < 300) {
          // e^{±v} = e^{±u}·e^{±x}: no exp in the inner loop
          const eu = Math.exp(u);
          const euInv = 1 / eu;
          for (let k = 0; k < nodes; k++) {
            const v = u + xs[k];
            // 1/(1+e^{2v}) and −1/(2 cosh v), written to avoid overflow
            const e = v > 0 ? euInv * exInv[k] : eu * ex[k];
            const e2 = e * e;
            const inv = 1 / (1 + e2);
            sr += ws[k] * (v > 0 ? e2 * inv : inv);
            si -= ws[k] * e * inv;
          }
        } else {
          for (let k = 0; k < nodes; k++) {
            const v = u + xs[k];
            const e = Math.exp(-Math.abs(v));
            const e2 = e * e;
            const inv = 1 / (1 + e2);
            sr += ws[k] * (v > 0 ? e2 * inv : inv);
            si -= ws[k] * e * inv;
          }
        }
        cache.set(key, cacheRe.length);
        cacheRe.push(sr);
        cacheIm.push(si);
        re[i * K + m] = sr;
        im[i * K + m] = si;
      }
    }
    return { re, im };
  }
  // Piecewise-linear hats: integrate each segment [c_j, c_{j+1}] once and
  // distribute to its two hats.
  const panels = 16;
  for (let i = 0; i < N; i++) {
    const lw = Math.log(omega[i]);
    for (let j = 0; j < K - 1; j++) {
      const a = c[j];
      const b = c[j + 1];
      const hseg = (b - a) / panels;
      let lr = 0;
      let li = 0;
      let rr = 0;
      let ri = 0;
      for (let k = 0; k <= panels; k++) {
        const y = a + k * hseg;
        const wS = (k === 0 || k === panels ? 1 : k % 2 ? 4 : 2) * (hseg / 3);
        const v = lw + y;
        let kr: number;
        let ki: number;
        if (v > 0) {
          const e = Math.exp(-v);
          const e2 = e * e;
          kr = e2 / (1 + e2);
          ki = -e / (1 + e2);
        } else {
          const e = Math.exp(v);
          const e2 = e * e;
          kr = 1 / (1 + e2);
          ki = -e / (1 + e2);
        }
        const t = (y - a) / (b - a);
        lr += wS * (1 - t) * kr;
        li += wS * (1 - t) * ki;
        rr += wS * t * kr;
        ri += wS * t * ki;
      }
      re[i * K + j] += lr;
      im[i * K + j] += li;
      re[i * K + j + 1] += rr;
      im[i * K + j + 1] += ri;
    }
  }
  return { re, im };
}

/**
 * Penalty matrix P with xᵀ P x = ∫ (d^k γ/dy^k)² dy for γ = Σ x_m φ_m.
 *
 * Gaussians (analytic, Wan et al. 2015): with d = y_m − y_n,
 * k = 0: √(π/2)/ε · e^{−ε²d²/2};
 * k = 1: √(π/2) ε (1 − ε²d²) e^{−ε²d²/2};
 * k = 2: √(π/2) ε³ (ε⁴d⁴ − 6ε²d² + 3) e^{−ε²d²/2}.
 * Hats: finite differences DᵀD·Δ (Δ the mean spacing).
 * @internal
 */
export function penaltyMatrix(grid: BasisGrid, order: 0 | 1 | 2): Float64Array {
  const c = grid.centres;
  const K = c.length;
  const p = new Float64Array(K * K);
  if (grid.kind === 'gaussian') {
    const e = grid.epsilon;
    for (let m = 0; m < K; m++) {
      for (let n = m; n < K; n++) {
        const d = c[m] - c[n];
        const q = e * e * d * d;
        const g = Math.exp(-q / 2);
        let v: number;
        if (order === 0) v = (SQRT_HALF_PI / e) * g;
        else if (order === 1) v = SQRT_HALF_PI * e * (1 - q) * g;
        else v = SQRT_HALF_PI * e * e * e * (q * q - 6 * q + 3) * g;
        p[m * K + n] = v;
        p[n * K + m] = v;
      }
    }
    return p;
  }
  const delta = grid.spacing;
  if (order === 0) {
    for (let m = 0; m < K; m++) p[m * K + m] = delta;
    return p;
  }
  // Rows of the difference operator D (order 1 or 2), scaled by 1/Δ^order.
  const rows = K - order;
  for (let r = 0; r < rows; r++) {
    const coef = order === 1 ? [-1, 1] : [1, -2, 1];
    const s = 1 / delta ** order;
    for (let a = 0; a < coef.length; a++) {
      for (let b = 0; b < coef.length; b++) {
        p[(r + a) * K + (r + b)] += coef[a] * coef[b] * s * s * delta;
      }
    }
  }
  return p;
}
