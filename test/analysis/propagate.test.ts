import { describe, expect, it } from 'vitest';
import { foldChange, propagate } from '../../src/analysis/propagate.js';
import { studentTQuantile } from '../../src/analysis/statistics.js';
import { simulateImpedance } from '../../src/circuit/simulateImpedance.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { createRandom } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';
import { logFrequencies } from './scenarios.js';

describe('propagate (delta method)', () => {
  const truth = { R0: 50, R1: 400, C1: 1e-8 };
  const spectrum = simulateImpedance('R0-p(R1,C1)', truth, logFrequencies(1e7, 10, 5), { noise: { type: 'proportional', sigma: 0.01 }, random: createRandom(3) });
  const fit = fitCircuit('R0-p(R1,C1)', spectrum, { weighting: 'modulus' });
  const cov = (a: string, b: string) => fit.covariance[fit.freeKeys.indexOf(a)][fit.freeKeys.indexOf(b)]!;
  it('1/R: stderr = se_R/R² (analytic)', () => {
    const q = propagate(fit, ['R1'], (v) => 1 / v('R1'), 'S', 'G = 1/R');
    expectClose(q.value, 1 / fit.values.R1, 1e-15);
    expectClose(q.stderr!, Math.sqrt(cov('R1', 'R1')) / fit.values.R1 ** 2, 1e-6);
    const t = studentTQuantile(0.975, fit.statistics.dof);
    expectClose(q.ci95![1], q.value * Math.exp((t * q.stderr!) / q.value), 1e-12);
  });
  it('R0 + R1: variance includes the covariance term', () => {
    const q = propagate(fit, ['R0', 'R1'], (v) => v('R0') + v('R1'), 'Ω', 'R0 + R1');
    expectClose(q.stderr!, Math.sqrt(cov('R0', 'R0') + cov('R1', 'R1') + 2 * cov('R0', 'R1')), 1e-6);
  });
  it('τ = R1·C1: gradient (C1, R1)', () => {
    const q = propagate(fit, ['R1', 'C1'], (v) => v('R1') * v('C1'), 's', 'τ');
    const [r, c] = [fit.values.R1, fit.values.C1];
    expectClose(q.stderr!, Math.sqrt(c * c * cov('R1', 'R1') + r * r * cov('C1', 'C1') + 2 * r * c * cov('R1', 'C1')), 1e-6);
  });
  it('fixed parameters contribute no variance; unknown keys throw UNKNOWN_PARAMETER', () => {
    const fixed = fitCircuit('R0-p(R1,C1)', spectrum, { weighting: 'modulus', fixed: { R1: 400 } });
    expect(propagate(fixed, ['R1'], (v) => 2 * v('R1'), 'Ω', '2R').stderr).toBe(0);
    expect(() => propagate(fit, ['R9'], (v) => v('R9'), 'Ω', 'x')).toThrow(expect.objectContaining({ code: 'UNKNOWN_PARAMETER' }));
  });
  it('foldChange adds relative variances', () => {
    const a = propagate(fit, ['R1'], (v) => v('R1'), 'Ω', 'a');
    const b = propagate(fit, ['R0'], (v) => v('R0'), 'Ω', 'b');
    const f = foldChange(a, b);
    expectClose(f.value, a.value / b.value, 1e-15);
    expectClose(f.relativeStderr!, Math.hypot(a.relativeStderr!, b.relativeStderr!), 1e-12);
  });
});
