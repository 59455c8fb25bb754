import { describe, expect, it } from 'vitest';
import { computeCovariance, covarianceInto, type CovarianceOutput } from '../../src/fit/covariance.js';
import { expectClose, seeded } from '../helpers/close.js';

/**
 * Oracle: the plain algorithm, one dot product per pair of columns summed over i in order,
 * Cholesky inverse of the correlation-scaled matrix by column solves (fast path only).
 * computeCovariance (blocked Gram pass, reciprocal scaling, inverse through L⁻¹) must agree to
 * rounding: within 1e-12 of √(|C_aa·C_bb|) for every entry.
 */
function plainCovariance(J: Float64Array, m: number, n: number, include: boolean[], chi: number, absolute: boolean): Float64Array | null {
  const idx: number[] = [];
  const d: number[] = [];
  for (let j = 0; j < n; j++) {
    if (!include[j]) continue;
    let s = 0;
    for (let i = 0; i < m; i++) s += J[j * m + i] * J[j * m + i];
    if (s > 0 && Number.isFinite(s)) {
      idx.push(j);
      d.push(Math.sqrt(s));
    }
  }
  const k = idx.length;
  const dof = m - k;
  const s2 = absolute ? 1 : dof > 0 ? chi / dof : chi;
  const C = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += J[idx[a] * m + i] * J[idx[b] * m + i];
      C[a * k + b] = C[b * k + a] = s / (d[a] * d[b]);
    }
  }
  const L = Float64Array.from(C);
  for (let j = 0; j < k; j++) {
    let dj = L[j * k + j];
    for (let q = 0; q < j; q++) dj -= L[j * k + q] * L[j * k + q];
    if (!(dj > 1e-10)) return null;
    dj = Math.sqrt(dj);
    L[j * k + j] = dj;
    for (let i = j + 1; i < k; i++) {
      let t = L[i * k + j];
      for (let q = 0; q < j; q++) t -= L[i * k + q] * L[j * k + q];
      L[i * k + j] = t / dj;
    }
  }
  const cov = new Float64Array(n * n);
  const col = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    col.fill(0);
    col[c] = 1;
    for (let i = 0; i < k; i++) {
      let t = col[i];
      for (let q = 0; q < i; q++) t -= L[i * k + q] * col[q];
      col[i] = t / L[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let t = col[i];
      for (let q = i + 1; q < k; q++) t -= L[q * k + i] * col[q];
      col[i] = t / L[i * k + i];
    }
    for (let i = 0; i < k; i++) cov[idx[i] * n + idx[c]] = (s2 * col[i]) / (d[i] * d[c]);
  }
  return cov;
}

function randomJacobian(m: number, n: number, seed: number): Float64Array {
  const rnd = seeded(seed);
  const J = new Float64Array(m * n);
  // Columns of very different scales, as in circuit fits (Ω, F·s^(n−1), exponents).
  for (let j = 0; j < n; j++) {
    const scale = Math.pow(10, 12 * rnd() - 6);
    for (let i = 0; i < m; i++) J[j * m + i] = scale * (rnd() - 0.5);
  }
  return J;
}

const toRounding = (got: ArrayLike<number>, ref: ArrayLike<number>, n: number) => {
  expect(got.length).toBe(ref.length);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const g = got[a * n + b];
      const r = ref[a * n + b];
      const tol = 1e-12 * Math.sqrt(Math.abs(ref[a * n + a] * ref[b * n + b]));
      if (!(Math.abs(g - r) <= tol)) expect.fail(`entry ${a},${b}: ${g} vs ${r} (tolerance ${tol})`);
    }
  }
};

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect.fail(`entry ${i}: ${a[i]} vs ${b[i]}`);
};

describe('computeCovariance: equals the plain algorithm to rounding', () => {
  // n = 1…9 covers every remainder of the four-column blocks; masks drop columns in between.
  const cases: [number, number, (j: number) => boolean][] = [];
  for (let n = 1; n <= 9; n++) cases.push([142, n, () => true]);
  cases.push([142, 7, (j) => j !== 2], [57, 8, (j) => j % 3 !== 1], [20, 5, (j) => j !== 0 && j !== 4]);
  it.each(cases)('m = %i, n = %i', (m, n, mask) => {
    for (let seed = 1; seed <= 5; seed++) {
      const J = randomJacobian(m, n, seed * 31 + n);
      const include = Array.from({ length: n }, (_, j) => mask(j));
      for (const absolute of [false, true]) {
        const ref = plainCovariance(J, m, n, include, 3.7, absolute);
        expect(ref).not.toBeNull();
        const got = computeCovariance(J, m, n, include, 3.7, absolute);
        toRounding(got.covariance, ref!, n);
        expect(got.defined).toEqual(include);
        expect(got.eigenvalues.length).toBe(0);
      }
    }
  });

  it('zero and non-finite columns are left out, and reported through nonFiniteColumn', () => {
    const m = 30;
    const n = 6;
    const J = randomJacobian(m, n, 99);
    J.fill(0, 1 * m, 2 * m); // zero sensitivity
    J[3 * m + 4] = Infinity; // non-finite entry
    J.fill(1e200, 5 * m, 6 * m); // finite entries whose Σ J² overflows
    const include = [true, true, true, true, true, true];
    const ref = plainCovariance(J, m, n, include, 1, false)!;
    const got = computeCovariance(J, m, n, include, 1, false);
    toRounding(got.covariance, ref, n);
    expect(got.defined).toEqual([true, false, true, false, true, false]);
    const out: CovarianceOutput = {
      covariance: new Float64Array(n * n),
      defined: new Array<boolean>(n).fill(true),
      vif: new Float64Array(n),
      eigenvalues: new Float64Array(0),
      eigenvectors: new Float64Array(0),
      varianceFactor: 0,
      nonFiniteColumn: false,
    };
    covarianceInto(J, m, n, include, 1, false, 1e-13, out);
    expect(out.nonFiniteColumn).toBe(true);
    sameBits(out.covariance, got.covariance);
    covarianceInto(J, m, n, [true, false, true, false, true, false], 1, false, 1e-13, out);
    expect(out.nonFiniteColumn).toBe(false);
  });

  it('covarianceInto reuses its buffers across sizes without stale entries', () => {
    const sizes = [9, 3, 7, 1, 8, 2];
    for (const n of sizes) {
      const m = 40;
      const J = randomJacobian(m, n, n * 7);
      const include = Array.from({ length: n }, () => true);
      const out: CovarianceOutput = {
        covariance: new Float64Array(n * n).fill(NaN),
        defined: new Array<boolean>(n).fill(false),
        vif: new Float64Array(n).fill(NaN),
        eigenvalues: new Float64Array(0),
        eigenvectors: new Float64Array(0),
        varianceFactor: 0,
        nonFiniteColumn: true,
      };
      covarianceInto(J, m, n, include, 2, false, 1e-13, out);
      const fresh = computeCovariance(J, m, n, include, 2, false);
      sameBits(out.covariance, fresh.covariance);
      sameBits(out.vif, fresh.vif);
      expect(out.defined).toEqual(fresh.defined);
      expect(out.varianceFactor).toBe(fresh.varianceFactor);
      expect(out.nonFiniteColumn).toBe(false);
    }
  });

  it('a rank-deficient Jacobian takes the eigen path: the null direction is undefined, the rest matches the reduced fit', () => {
    // Columns 0 and 1 identical (only their sum is determined); column 2 independent.
    const m = 12;
    const J = new Float64Array(3 * m);
    for (let i = 0; i < m; i++) {
      J[i] = 1 + i;
      J[m + i] = 1 + i;
      J[2 * m + i] = Math.cos(i);
    }
    const got = computeCovariance(J, m, 3, [true, true, true], 1.5, false);
    expect(got.defined).toEqual([false, false, true]);
    expect(got.eigenvalues.length).toBe(3);
    // Independent truth: the correlation-scaled matrix is [[1,1,r],[1,1,r],[r,r,1]], r = ρ(J0, J2).
    // Its null vector is (1,−1,0)/√2; on the range {(1,1,0)/√2, e₃} it is [[2, √2r], [√2r, 1]],
    // whose inverse has (e₃,e₃) entry 1/(1 − r²). So Var(p₂) = s²/((1 − r²)·ΣJ₂²).
    let a = 0;
    let b = 0;
    let c = 0;
    for (let i = 0; i < m; i++) {
      a += J[i] * J[i];
      b += J[i] * J[2 * m + i];
      c += J[2 * m + i] * J[2 * m + i];
    }
    const r = b / Math.sqrt(a * c);
    const s2 = 1.5 / (m - 3);
    expectClose(got.covariance[8], (s2 / (1 - r * r)) / c, 1e-9);
  });
});
