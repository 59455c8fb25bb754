import { describe, expect, it } from 'vitest';
import { levenbergMarquardt, type LeastSquaresProblem, type LmOptions } from '../../src/fit/lm.js';

/**
 * r = x − target (m = 2 copies, n = 1 or 2 columns); the Jacobian is exact (1) at the start
 * point and replaced by `bad` where `where` says so: at the start, at every other point, or in one
 * entry only. Pins down how a non-finite or overflowing Jacobian stops the solver.
 */
function problem(n: number, start: number, where: 'start' | 'elsewhere' | 'everywhere', bad: number, entry = -1): LeastSquaresProblem {
  const m = 2;
  return {
    residualCount: m,
    parameterCount: n,
    evaluate(x, r, J) {
      for (let i = 0; i < m; i++) r[i] = x[i % n] - 3 * (i + 1);
      if (!J) return;
      J.fill(0);
      for (let i = 0; i < m; i++) J[(i % n) * m + i] = 1;
      const atStart = x[0] === start;
      const spoil = where === 'everywhere' || (where === 'start') === atStart;
      if (!spoil) return;
      if (entry >= 0) J[entry] = bad;
      else J.fill(bad);
    },
  };
}

interface Case {
  name: string;
  p: LeastSquaresProblem;
  x0: number[];
  options?: LmOptions;
  reason: string;
  converged: boolean;
  iterations: number;
  evaluations: number;
}

const cases: Case[] = [
  { name: 'NaN Jacobian at the start', p: problem(1, 1, 'start', NaN), x0: [1], reason: 'non-finite', converged: false, iterations: 0, evaluations: 1 },
  { name: '+∞ Jacobian at the start', p: problem(1, 1, 'start', Infinity), x0: [1], reason: 'non-finite', converged: false, iterations: 0, evaluations: 1 },
  { name: '−∞ in one entry at the start (n = 2)', p: problem(2, 1, 'start', -Infinity, 3), x0: [1, 1], reason: 'non-finite', converged: false, iterations: 0, evaluations: 1 },
  { name: 'NaN Jacobian at the start with cost ≤ costFloor', p: problem(1, 3, 'start', NaN), x0: [3], options: { costFloor: 100 }, reason: 'non-finite', converged: false, iterations: 0, evaluations: 1 },
  { name: 'finite Jacobian whose JᵀJ overflows (1e200)', p: problem(1, 1, 'everywhere', 1e200), x0: [1], reason: 'non-finite', converged: false, iterations: 1, evaluations: 1 },
  { name: 'NaN Jacobian after the first accepted step', p: problem(1, 1, 'elsewhere', NaN), x0: [1], reason: 'non-finite', converged: false, iterations: 2, evaluations: 2 },
  { name: 'NaN Jacobian at a step accepted with the cost test', p: problem(1, 1, 'elsewhere', NaN), x0: [1], options: { ftol: 1 }, reason: 'non-finite', converged: false, iterations: 1, evaluations: 2 },
  { name: 'NaN Jacobian at a step accepted at maxIterations', p: problem(1, 1, 'elsewhere', NaN), x0: [1], options: { maxIterations: 1 }, reason: 'non-finite', converged: false, iterations: 1, evaluations: 2 },
  { name: 'NaN in one entry after the first step (n = 2)', p: problem(2, 1, 'elsewhere', NaN, 2), x0: [1, 1], reason: 'non-finite', converged: false, iterations: 2, evaluations: 2 },
  { name: 'finite Jacobian, maxIterations 0', p: problem(1, 1, 'everywhere', 1), x0: [1], options: { maxIterations: 0 }, reason: 'max-iterations', converged: false, iterations: 0, evaluations: 1 },
  { name: 'NaN Jacobian, maxIterations 0', p: problem(1, 1, 'everywhere', NaN), x0: [1], options: { maxIterations: 0 }, reason: 'non-finite', converged: false, iterations: 0, evaluations: 1 },
];

describe('levenbergMarquardt with a non-finite Jacobian', () => {
  it.each(cases)('$name stops with $reason after $iterations iterations, $evaluations evaluations', (c) => {
    const res = levenbergMarquardt(c.p, c.x0, c.options);
    expect(res.reason).toBe(c.reason);
    expect(res.converged).toBe(c.converged);
    expect(res.iterations).toBe(c.iterations);
    expect(res.evaluations).toBe(c.evaluations);
    expect(Number.isNaN(res.cost)).toBe(false);
    expect(Array.from(res.x).every(Number.isFinite)).toBe(true);
  });

  it('a finite Jacobian whose squares overflow is not mistaken for a non-finite one at the start', () => {
    // 1e200² = ∞ in JᵀJ, but every entry is finite: the start check passes and the first
    // iteration stops on the non-finite normal matrix (iterations = 1, not 0).
    const res = levenbergMarquardt(problem(1, 1, 'everywhere', 1e200), [1]);
    expect(res.iterations).toBe(1);
  });
});
