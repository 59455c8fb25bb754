import { describe, expect, it } from 'vitest';
import { createLmWorkspace, levenbergMarquardt, normalEquations, sumSquares, type LeastSquaresProblem } from '../../src/fit/lm.js';
import { expectAllClose, expectClose } from '../helpers/close.js';

/** y = a·exp(−b·t) + c on fixed points. */
function expProblem(t: number[], y: number[]): LeastSquaresProblem {
  const m = t.length;
  return {
    residualCount: m,
    parameterCount: 3,
    evaluate(x, r, J) {
      for (let i = 0; i < m; i++) {
        const e = Math.exp(-x[1] * t[i]);
        r[i] = x[0] * e + x[2] - y[i];
        if (J) {
          J[i] = e;
          J[m + i] = -x[0] * t[i] * e;
          J[2 * m + i] = 1;
        }
      }
    },
  };
}

/** Rosenbrock as least squares: r = [10(x1 − x0²), 1 − x0]. */
const rosenbrock: LeastSquaresProblem = {
  residualCount: 2,
  parameterCount: 2,
  evaluate(x, r, J) {
    r[0] = 10 * (x[1] - x[0] * x[0]);
    r[1] = 1 - x[0];
    if (J) {
      J[0] = -20 * x[0];
      J[1] = -1;
      J[2] = 10;
      J[3] = 0;
    }
  },
};

describe('levenbergMarquardt', () => {
  it('levenbergMarquardt(rosenbrock, [-1.2, 1]) reaches (1, 1) with converged: true', () => {
    const res = levenbergMarquardt(rosenbrock, [-1.2, 1]);
    expect(res.converged).toBe(true);
    expectAllClose(res.x, [1, 1], 1e-8);
    expect(res.cost).toBeLessThan(1e-20);
  });

  it('recovers an exponential decay exactly from noise-free data (zero residual)', () => {
    const t = Array.from({ length: 20 }, (_, i) => i * 0.25);
    const y = t.map((v) => 3 * Math.exp(-0.7 * v) + 0.5);
    const res = levenbergMarquardt(expProblem(t, y), [1, 0.2, 0]);
    expect(res.converged).toBe(true);
    expectAllClose(res.x, [3, 0.7, 0.5], 1e-9);
  });

  it('matches the closed-form linear least-squares solution (straight line)', () => {
    const t = [0, 1, 2, 3, 4];
    const y = [1.1, 2.9, 5.2, 7.1, 8.8];
    const res = levenbergMarquardt(
      {
        residualCount: 5,
        parameterCount: 2,
        evaluate(x, r, J) {
          for (let i = 0; i < 5; i++) {
            r[i] = x[0] + x[1] * t[i] - y[i];
            if (J) {
              J[i] = 1;
              J[5 + i] = t[i];
            }
          }
        },
      },
      [0, 0],
    );
    // Normal equations by hand: slope = Sxy/Sxx, intercept = ȳ − slope·t̄.
    const tb = 2;
    const yb = y.reduce((a, b) => a + b) / 5;
    const slope = t.reduce((s, ti, i) => s + (ti - tb) * (y[i] - yb), 0) / t.reduce((s, ti) => s + (ti - tb) ** 2, 0);
    expectAllClose(res.x, [yb - slope * tb, slope], 1e-10);
    expect(res.converged).toBe(true);
  });

  it('rank-deficient problem (two identical columns) stays finite and converges', () => {
    const res = levenbergMarquardt(
      {
        residualCount: 3,
        parameterCount: 2,
        evaluate(x, r, J) {
          for (let i = 0; i < 3; i++) {
            r[i] = x[0] + x[1] - (i + 1);
            if (J) {
              J[i] = 1;
              J[3 + i] = 1;
            }
          }
        },
      },
      [0, 0],
    );
    expect(res.x.every(Number.isFinite)).toBe(true);
    expectClose(res.x[0] + res.x[1], 2, 1e-8);
    expect(res.converged).toBe(true);
  });

  it('a parameter without influence (zero Jacobian column) is left alone, no NaN', () => {
    const res = levenbergMarquardt(
      {
        residualCount: 2,
        parameterCount: 2,
        evaluate(x, r, J) {
          r[0] = x[0] - 1;
          r[1] = x[0] - 3;
          if (J) {
            J[0] = 1;
            J[1] = 1;
            J[2] = 0;
            J[3] = 0;
          }
        },
      },
      [0, 5],
    );
    expectAllClose(res.x, [2, 5], 1e-10);
    expect(res.converged).toBe(true);
  });

  it('non-finite residuals at the start give converged: false, reason non-finite, finite cost field', () => {
    const res = levenbergMarquardt(
      { residualCount: 1, parameterCount: 1, evaluate: (x, r, J) => { r[0] = Math.log(x[0]); if (J) J[0] = 1 / x[0]; } },
      [-1],
    );
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('non-finite');
    expect(Number.isNaN(res.cost)).toBe(false);
  });

  it('steps into a region where residuals are NaN are rejected, not taken', () => {
    // r = sqrt(x) − 1 has its minimum at x = 1; an undamped step from x = 4 would land at x < 0 (NaN).
    const res = levenbergMarquardt(
      { residualCount: 1, parameterCount: 1, evaluate: (x, r, J) => { r[0] = Math.sqrt(x[0]) - 0.1; if (J) J[0] = 0.5 / Math.sqrt(x[0]); } },
      [100],
      { initialDamping: 1e-12 },
    );
    expect(res.x.every(Number.isFinite)).toBe(true);
    expectClose(res.x[0], 0.01, 1e-8);
  });

  it('maxIterations: 2 stops with converged: false, reason max-iterations', () => {
    const res = levenbergMarquardt(rosenbrock, [-1.2, 1], { maxIterations: 2 });
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('max-iterations');
    expect(res.iterations).toBe(2);
  });

  it('a reused workspace gives identical results', () => {
    const ws = createLmWorkspace(2, 2);
    const a = levenbergMarquardt(rosenbrock, [-1.2, 1], { workspace: ws });
    const b = levenbergMarquardt(rosenbrock, [-1.2, 1], { workspace: ws });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.evaluations).toBe(b.evaluations);
  });

  it('geodesic acceleration reaches the same minimum', () => {
    const res = levenbergMarquardt(rosenbrock, [-1.2, 1], { geodesic: true });
    expectAllClose(res.x, [1, 1], 1e-8);
  });
});

describe('normalEquations (grouped JᵀJ and Jᵀr)', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13])('n = %i: bitwise equal to plain dot products', (n) => {
    const m = 37;
    let seed = 12345 + n;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const J = Float64Array.from({ length: m * n }, rnd);
    const r = Float64Array.from({ length: m }, rnd);
    const A = new Float64Array(n * n).fill(NaN);
    const g = new Float64Array(n).fill(NaN);
    normalEquations(J, r, m, n, A, g);
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += J[a * m + i] * r[i];
      expect(g[a]).toBe(s);
      for (let b = 0; b < n; b++) {
        let t = 0;
        for (let i = 0; i < m; i++) t += J[a * m + i] * J[b * m + i];
        // Both triangles: the same sum in the same order (x·y = y·x exactly).
        expect(A[a * n + b]).toBe(t);
      }
    }
  });
});

describe('sumSquares', () => {
  it('equals the sequential sum to rounding for every length 0…13 and a long vector, and respects m', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 7, 8, 13, 142]) {
      const r = Float64Array.from({ length: len }, (_, i) => Math.sin(1.3 * i + 0.2) * Math.pow(10, (i % 7) - 3));
      let s = 0;
      for (let i = 0; i < len; i++) s += r[i] * r[i];
      expect(Math.abs(sumSquares(r) - s)).toBeLessThanOrEqual(4 * Number.EPSILON * s);
      if (len > 3) {
        let p = 0;
        for (let i = 0; i < 3; i++) p += r[i] * r[i];
        expect(Math.abs(sumSquares(r, 3) - p)).toBeLessThanOrEqual(4 * Number.EPSILON * p);
      }
    }
    expect(sumSquares(new Float64Array([3, 4]))).toBe(25);
    expect(sumSquares(new Float64Array([1, NaN, 2]))).toBeNaN();
  });
});
