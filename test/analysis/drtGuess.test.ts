import { describe, expect, it } from 'vitest';
import { drtGuess, drtGuessFunction } from '../../src/analysis/drt/drtGuess.js';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { expectClose } from '../helpers/close.js';
import { logspace, simulate } from '../validate/simulate.js';

const zarcQ = (R: number, tau0: number, n: number) => tau0 ** n / R;
const freq = logspace(6, -1, 71);
const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';

describe('drtGuess → fitCircuit (two Zarcs 1.5 decades apart, 1 % noise)', () => {
  for (const n of [0.8, 0.9]) {
    const truth = [10, 100, zarcQ(100, 1e-4, n), n, 200, zarcQ(200, 10 ** -2.5, n), n];
    for (const seed of [1, 2, 3]) {
      it(`n = ${n}, seed ${seed}: the DRT seed is close and the seeded fit converges to the true parameters`, () => {
        const s = simulate(circuit, truth, freq, 0.01, seed);
        const g = drtGuess(compileCircuit(circuit), s);
        expect(g.suggestedArcs).toBe(2);
        expect(g.suggestedCircuit).toBe('R0-p(R1,CPE1)-p(R2,CPE2)');
        expect(g.notes).toEqual([]);
        // seed: resistances within 10 %, time constants within 0.1 decade
        expectClose(g.values.R0, 10, 0.1);
        expectClose(g.values.R1, 100, 0.1);
        expectClose(g.values.R2, 200, 0.1);
        const tau = (R: number, Q: number, a: number) => (R * Q) ** (1 / a);
        expect(Math.abs(Math.log10(tau(g.values.R1, g.values.CPE1_0, g.values.CPE1_1) / 1e-4))).toBeLessThan(0.1);
        expect(Math.abs(Math.log10(tau(g.values.R2, g.values.CPE2_0, g.values.CPE2_1) / 10 ** -2.5))).toBeLessThan(0.1);

        const fit = fitCircuit(circuit, s, { guess: drtGuessFunction(), weighting: 'modulus' });
        expect(fit.converged).toBe(true);
        fit.parameters.forEach((p, i) => {
          // within 3.5 reported standard errors of the truth
          expect(p.stderr).not.toBeNull();
          expect(Math.abs(p.value - truth[i]), `${p.key} = ${p.value} ± ${p.stderr}`).toBeLessThan(3.5 * (p.stderr as number));
        });
        // and no worse than the fitter's own automatic guess
        const auto = fitCircuit(circuit, s, { weighting: 'modulus' });
        expect(fit.statistics.chiSquare).toBeLessThanOrEqual(auto.statistics.chiSquare * (1 + 1e-6));
      });
    }
  }
});

describe('drtGuess suggestions', () => {
  const n = 0.85;
  const truth = [10, 100, zarcQ(100, 1e-4, n), n, 200, zarcQ(200, 10 ** -2.5, n), n];
  const s = simulate(circuit, truth, freq, 0.002, 5);

  it('says when the circuit has fewer arcs than the DRT shows and seeds the largest peak', () => {
    const g = drtGuess(compileCircuit('R0-p(R1,CPE1)'), s);
    expect(g.suggestedArcs).toBe(2);
    expect(g.notes[0]).toMatch(/1 R∥CPE\/R∥C block\(s\) but the DRT shows 2 peak\(s\); consider R0-p\(R1,CPE1\)-p\(R2,CPE2\)/);
    expectClose(g.values.R1, 200, 0.1);
    expect(g.assignments).toHaveLength(1);
  });

  it('seeds R∥C blocks with C = τ/R and a series inductor with L', () => {
    const c = 'R0-L0-p(R1,C1)-p(R2,C2)';
    const spectrum = simulate(c, [10, 1e-6, 100, 1e-7, 200, 1e-4], freq, 0.001, 2);
    const g = drtGuess(compileCircuit(c), spectrum);
    expect(g.suggestedArcs).toBe(2);
    expectClose(g.values.R1 * g.values.C1, 100 * 1e-7, 0.3);
    expectClose(g.values.R2 * g.values.C2, 200 * 1e-4, 0.3);
    expectClose(g.values.L0, 1e-6, 0.1);
    expect(g.assignments.map((a) => a.capacitive)).toEqual(['C1', 'C2']);
  });

  it('leaves parameters it cannot inform (Warburg) to the automatic guess', () => {
    const g = drtGuess(compileCircuit('R0-p(R1,CPE1)-Wo1'), s);
    expect(Object.keys(g.values).some((k) => k.startsWith('Wo1'))).toBe(false);
  });
});
