import { describe, expect, it } from 'vitest';
import { jacobiEigen, jacobiSvd, leastSquares, pinvSolve, qrLeastSquares, symmetricEigen } from '../../src/internal/linalgDense.js';
import { nnlsGram } from '../../src/internal/nnls.js';
import { expectClose } from '../helpers/close.js';
import { seeded } from '../helpers/close.js';

function randomMatrix(m: number, n: number, seed: number): Float64Array {
  const r = seeded(seed);
  return Float64Array.from({ length: m * n }, () => 2 * r() - 1);
}

describe('symmetric eigensolvers', () => {
  it.each([1, 2, 3, 7, 40, 71])('symmetricEigen and jacobiEigen decompose a random n × n matrix (n = %i)', (n) => {
    const g = randomMatrix(n, n, n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = g[i * n + j] + g[j * n + i];
    for (const solver of [symmetricEigen, jacobiEigen]) {
      const { values, vectors } = solver(a, n);
      // A V = V Λ and VᵀV = I
      let norm = 0;
      for (let i = 0; i < n * n; i++) norm = Math.max(norm, Math.abs(a[i]));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let av = 0;
          let vtv = 0;
          for (let k = 0; k < n; k++) {
            av += a[i * n + k] * vectors[k * n + j];
            vtv += vectors[k * n + i] * vectors[k * n + j];
          }
          expectClose(av, vectors[i * n + j] * values[j], 0, 1e-12 * n * norm, `AV ${i},${j}`);
          expectClose(vtv, i === j ? 1 : 0, 0, 1e-12 * n, `VᵀV ${i},${j}`);
        }
      }
    }
    const s1 = [...symmetricEigen(a, n).values].sort((x, y) => x - y);
    const s2 = [...jacobiEigen(a, n).values].sort((x, y) => x - y);
    s1.forEach((v, i) => expectClose(v, s2[i], 0, 1e-11 * n));
  });
  it('handles a diagonal and a graded matrix', () => {
    const d = new Float64Array([3, 0, 0, 0, 1e-12, 0, 0, 0, -2]);
    expect([...symmetricEigen(d, 3).values].sort((x, y) => x - y)).toEqual([-2, 1e-12, 3]);
  });
});

describe('least squares', () => {
  it('QR, SVD pseudo-inverse and normal equations agree on a well-conditioned problem', () => {
    const m = 30;
    const n = 6;
    const a = randomMatrix(m, n, 5);
    const b = randomMatrix(m, 1, 6);
    const x1 = qrLeastSquares(a, m, n, b)!;
    const x2 = pinvSolve(a, m, n, b);
    // Normal equations by hand (n small): AᵀA x = Aᵀb through the residual orthogonality check.
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let i = 0; i < m; i++) {
        let r = b[i];
        for (let k = 0; k < n; k++) r -= a[i * n + k] * x1[k];
        g += a[i * n + j] * r;
      }
      expectClose(g, 0, 0, 1e-12, `Aᵀr[${j}]`);
      expectClose(x1[j], x2[j], 1e-10, 1e-12);
    }
  });
  it('falls back to the minimum-norm solution for a rank-deficient matrix', () => {
    // two identical columns: min-norm splits the weight equally
    const a = new Float64Array([1, 1, 2, 2, 3, 3]);
    const b = new Float64Array([2, 4, 6]);
    expect(qrLeastSquares(a, 3, 2, b)).toBeNull();
    const x = leastSquares(a, 3, 2, b);
    expectClose(x[0], 1, 1e-12);
    expectClose(x[1], 1, 1e-12);
  });
  it('jacobiSvd reconstructs A', () => {
    const m = 9;
    const n = 4;
    const a = randomMatrix(m, n, 9);
    const { u, s, v } = jacobiSvd(a, m, n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += u[i * n + k] * s[k] * v[j * n + k];
        expectClose(t, a[i * n + j], 0, 1e-13);
      }
    }
  });
});

describe('nnlsGram (Lawson–Hanson)', () => {
  it.each([1, 2, 3, 4, 5, 6])('satisfies the KKT conditions on a random problem (seed %i)', (seed) => {
    const m = 25;
    const n = 10;
    const a = randomMatrix(m, n, 100 + seed);
    const b = randomMatrix(m, 1, 200 + seed);
    const h = new Float64Array(n * n);
    const g = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        g[j] += a[i * n + j] * b[i];
        for (let k = 0; k < n; k++) h[j * n + k] += a[i * n + j] * a[i * n + k];
      }
    }
    const free = new Uint8Array(n);
    free[0] = 1; // one unconstrained variable
    const { x, converged } = nnlsGram(h, g, n, free);
    expect(converged).toBe(true);
    // a warm start (any initial passive set) reaches the same solution
    const warm = Uint8Array.from({ length: n }, (_, j) => (j * seed) % 3 === 0 ? 1 : 0);
    const xw = nnlsGram(h, g, n, free, 3 * n + 10, warm).x;
    for (let j = 0; j < n; j++) expectClose(xw[j], x[j], 1e-9, 1e-12, `warm x[${j}]`);
    for (let j = 0; j < n; j++) {
      let w = g[j];
      for (let k = 0; k < n; k++) w -= h[j * n + k] * x[k];
      // gradient of ½xᵀHx − gᵀx is −w: zero on the passive/free set, w ≤ 0 where x = 0
      if (free[j] || x[j] > 0) expectClose(w, 0, 0, 1e-10, `w[${j}]`);
      else expect(w).toBeLessThanOrEqual(1e-10);
      if (!free[j]) expect(x[j]).toBeGreaterThanOrEqual(0);
    }
  });
});
