import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolveInPlace } from '../../src/internal/linalgDense.js';
import { expectAllClose } from '../helpers/close.js';

describe('choleskyInPlace / choleskySolveInPlace', () => {
  it('factors an SPD matrix and solves against an independent truth (A x = b with known x)', () => {
    // A = Mᵀ M + I for a fixed M: symmetric positive definite.
    const M = [
      [2, -1, 0.5],
      [0.3, 1.5, -0.7],
      [1.1, 0.2, 0.9],
    ];
    const A = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) A[i * 3 + j] = M.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? 1 : 0);
    const x = [0.25, -1.5, 2];
    const b = Float64Array.from([0, 1, 2], (i) => A[i * 3] * x[0] + A[i * 3 + 1] * x[1] + A[i * 3 + 2] * x[2]);
    const L = Float64Array.from(A);
    expect(choleskyInPlace(L, 3)).toBe(true);
    // L Lᵀ reproduces A (lower triangle of L only).
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k <= j; k++) s += L[i * 3 + k] * L[j * 3 + k];
        expect(s).toBeCloseTo(A[i * 3 + j], 12);
      }
    }
    choleskySolveInPlace(L, 3, b);
    expectAllClose(b, x, 1e-12);
  });

  it.each([
    ['a zero pivot (singular)', [1, 1, 1, 1], 0, false],
    ['a negative pivot (indefinite)', [1, 2, 2, 1], 0, false],
    ['a NaN entry', [NaN, 0, 0, 1], 0, false],
    ['an infinite pivot (overflowed Gram matrix)', [Infinity, 0, 0, 1], 0, false],
    ['a pivot below minPivot', [1, 0, 0, 1e-12], 1e-10, false],
    ['pivots above minPivot', [1, 0, 0, 1e-9], 1e-10, true],
  ] as const)('returns %s → %s', (_label, a, minPivot, ok) => {
    expect(choleskyInPlace(Float64Array.from(a), 2, 2, minPivot)).toBe(ok);
  });
});
