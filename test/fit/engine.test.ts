import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import type { Spectrum } from '../../src/data/spectrum.js';
import { computeCovariance, studentT975 } from '../../src/fit/covariance.js';
import { fitCircuit, startCandidates } from '../../src/fit/fitCircuit.js';
import { clampInside, guessCandidates, guessInitial } from '../../src/fit/guess.js';
import { CircuitProblem, prepareFit } from '../../src/fit/problem.js';
import type { FitOptions } from '../../src/fit/types.js';
import { createRandom, randomNormal } from '../../src/random.js';
import { expectAllClose, expectClose } from '../helpers/close.js';

const decades = (hi: number, lo: number, perDecade = 10) =>
  Float64Array.from({ length: Math.round((hi - lo) * perDecade) + 1 }, (_, i) => Math.pow(10, hi - i / perDecade));

function simulate(circuit: string, values: number[], frequency: Float64Array, noise = 0, seed = 1): Spectrum {
  const z = compileCircuit(circuit).evaluate(values, frequency);
  const random = createRandom(seed);
  const re = new Float64Array(frequency.length);
  const im = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const m = Math.hypot(z.re[i], z.im[i]);
    re[i] = z.re[i] + noise * m * randomNormal(random);
    im[i] = z.im[i] + noise * m * randomNormal(random);
  }
  return { frequency, re, im };
}

const keyed = (circuit: string, values: number[]) => Object.fromEntries(compileCircuit(circuit).parameters.map((p, i) => [p.key, values[i]]));

describe('automatic initial guesses on symmetric-cell spectra (no initial values at all)', () => {
  const cells: [string, number[]][] = [
    // Li|LLZO|Li-like: bulk + grain boundary + interface, with and without a blocking tail.
    ['R0-p(R1,CPE1)-p(R2,CPE2)', [120, 850, 2e-9, 0.88, 2400, 3e-6, 0.82]],
    ['R0-p(R1,CPE1)-p(R2,CPE2)-CPE3', [80, 400, 5e-9, 0.9, 1500, 2e-6, 0.8, 1e-4, 0.85]],
    ['R0-p(R1,CPE1)-p(R2,CPE2)-CPE3', [30, 3000, 1e-10, 0.95, 600, 5e-7, 0.75, 2e-5, 0.7]],
    ['R0-p(R1,C1)-p(R2,C2)', [10, 100, 1e-8, 1000, 1e-5]],
  ];
  it.each(cells)('fitCircuit(%s) from automatic guesses recovers the noise-free truth to 1e-6', (circuit, truth) => {
    const s = simulate(circuit, truth, decades(6, -1));
    const fit = fitCircuit(circuit, s, { weighting: 'modulus' });
    expect(fit.converged).toBe(true);
    expectAllClose(fit.valueArray, truth, 1e-6, 0, circuit);
  });

  it.each(cells)('fitCircuit(%s) with 1-percent noise reaches the same minimum as a fit started at the truth', (circuit, truth) => {
    const s = simulate(circuit, truth, decades(6, -1), 0.01, 42);
    const auto = fitCircuit(circuit, s, { weighting: 'modulus' });
    const fromTruth = fitCircuit(circuit, s, { weighting: 'modulus', initial: keyed(circuit, truth) });
    expect(auto.statistics.chiSquare).toBeLessThanOrEqual(fromTruth.statistics.chiSquare * (1 + 1e-6));
  });

  it('guessInitial puts the apex frequencies of R0-p(R1,C1)-p(R2,C2) within a factor 2 of the truth', () => {
    const circuit = 'R0-p(R1,C1)-p(R2,C2)';
    const truth = [10, 100, 1e-8, 1000, 1e-5];
    const g = guessInitial(compileCircuit(circuit), simulate(circuit, truth, decades(6, -1)));
    const tau = (r: number, c: number) => r * c;
    expect(Math.abs(Math.log(tau(g[1], g[2]) / tau(truth[1], truth[2])))).toBeLessThan(Math.log(2));
    expect(Math.abs(Math.log(tau(g[3], g[4]) / tau(truth[3], truth[4])))).toBeLessThan(Math.log(2));
    expectClose(g[0] + g[1] + g[3], 1110, 0.1);
  });

  it('a pluggable guess function (e.g. a DRT seed) is used for parameters the user did not give', () => {
    const circuit = 'R0-p(R1,C1)';
    const s = simulate(circuit, [10, 100, 1e-6], decades(5, -1));
    let called = 0;
    const fit = fitCircuit(circuit, s, {
      guess: (model, spectrum, automatic) => {
        called++;
        expect(automatic.length).toBe(model.parameters.length);
        expect(spectrum.frequency.length).toBe(61);
        return { R1: 90 };
      },
      initial: { R0: 12 },
    });
    expect(called).toBe(1);
    expect(fit.parameters[1].initial).toBe(90);
    expect(fit.parameters[0].initial).toBe(12);
    expectClose(fit.values.R1, 100, 1e-6);
  });
});

describe('degenerate circuits: canonical arc order', () => {
  const circuit = 'p(R1,CPE1)-p(R2,CPE2)';
  const truth = [200, 1e-8, 0.9, 1000, 1e-6, 0.85]; // τ1 < τ2
  const s = simulate(circuit, truth, decades(6, -1));
  const swapped = { R1: 1000, CPE1_0: 1e-6, CPE1_1: 0.85, R2: 200, CPE2_0: 1e-8, CPE2_1: 0.9 };
  it('a fit started with the arcs swapped returns them by increasing time constant', () => {
    const fit = fitCircuit(circuit, s, { initial: swapped });
    expect(fit.reordered).toBe(true);
    expectAllClose(fit.valueArray, truth, 1e-6);
    // The covariance follows the reordering: R1's standard error belongs to the 200 Ω arc.
    expect(fit.parameters[0].stderr).not.toBeNull();
  });
  it('canonicalOrder: false keeps the swapped assignment', () => {
    const fit = fitCircuit(circuit, s, { initial: swapped, canonicalOrder: false });
    expectClose(fit.values.R1, 1000, 1e-6);
  });
  it('a fixed parameter in a block keeps the user\'s assignment', () => {
    const fit = fitCircuit(circuit, s, { initial: swapped, fixed: { CPE1_1: 0.85 } });
    expectClose(fit.values.R1, 1000, 1e-5);
    expect(fit.reordered).toBe(false);
  });
});

describe('identifiability: bulk arc apex above the top frequency', () => {
  // As in ../shared/data/bench ground truth "as_specified": Q1 = 1e-10 puts the bulk apex at 57 MHz.
  const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
  const truth = [50, 200, 1e-10, 0.9, 1000, 1e-6, 0.85];
  it('noise-free data: R0 and R1 are flagged, and R0 + R1 is reported as the determined combination', () => {
    const s = simulate(circuit, truth, decades(6, -1));
    // Start at the truth so the check is about the flags, not the search.
    const fit = fitCircuit(circuit, s, { initial: keyed(circuit, truth), weighting: 'modulus' });
    const w = fit.warnings.find((x) => x.code === 'NOT_IDENTIFIABLE');
    expect(w).toBeDefined();
    expect(w!.parameters).toEqual(expect.arrayContaining(['R0', 'R1']));
    expect(w!.message).toContain('R0 + R1');
    expect(fit.parameters.find((p) => p.key === 'R2')!.identifiable).toBe(true);
  });
  it('1% noise, automatic guesses: some identifiability warning is raised in ≥ 90% of 20 seeds', () => {
    let flagged = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const fit = fitCircuit(circuit, simulate(circuit, truth, decades(6, -1), 0.01, seed), { weighting: 'modulus' });
      expect(fit.valueArray.every(Number.isFinite)).toBe(true);
      if (fit.warnings.some((w) => w.code === 'NOT_IDENTIFIABLE' || w.code === 'AT_BOUND')) flagged++;
    }
    expect(flagged).toBeGreaterThanOrEqual(18);
  });
  it('the identifiable twin (Q1 = 1e-8) raises no NOT_IDENTIFIABLE warning', () => {
    const t2 = [...truth];
    t2[2] = 1e-8;
    const fit = fitCircuit(circuit, simulate(circuit, t2, decades(6, -1), 0.01, 3), { weighting: 'modulus' });
    expect(fit.warnings.some((w) => w.code === 'NOT_IDENTIFIABLE')).toBe(false);
  });
});

describe('solvers: lm and ml-levenberg-marquardt reach the same minimum', () => {
  const problems: [string, number[], FitOptions][] = [
    ['R0-p(R1,C1)', [10, 100, 1e-6], { initial: { R0: 20, R1: 50, C1: 1e-5 } }],
    ['R0-p(R1,CPE1)', [25, 300, 2e-7, 0.85], { initial: { R0: 30, R1: 200, CPE1_0: 1e-7, CPE1_1: 0.9 } }],
    ['R0-p(R1,CPE1)-p(R2,CPE2)', [50, 200, 1e-8, 0.9, 1000, 1e-6, 0.85], { initial: keyed('R0-p(R1,CPE1)-p(R2,CPE2)', [65, 140, 3e-8, 0.8, 1500, 3e-7, 0.95]) }],
  ];
  it.each(problems)('%s: same cost (1e-6) and parameters (1e-3)', (circuit, truth, options) => {
    const s = simulate(circuit, truth, decades(6, -1), 0.01, 5);
    const a = fitCircuit(circuit, s, { ...options, weighting: 'modulus' });
    const b = fitCircuit(circuit, s, { ...options, weighting: 'modulus', solver: 'ml-levenberg-marquardt', maxIterations: 1000 });
    expect(b.solver).toBe('ml-levenberg-marquardt');
    expectClose(b.statistics.chiSquare, a.statistics.chiSquare, 1e-6);
    expectAllClose(b.valueArray, a.valueArray, 1e-3);
  });
});

describe('weighting and Jacobian', () => {
  const circuit = 'R0-p(R1,CPE1)-Wo1';
  const truth = [20, 300, 1e-6, 0.8, 50, 2];
  const s = simulate(circuit, truth, decades(5, -2), 0.005, 9);
  it.each(['unit', 'modulus', 'proportional', 'boukamp'] as const)('%s: the transformed analytic Jacobian matches central differences', (weighting) => {
    const setup = prepareFit(circuit, s, { weighting });
    const pr = new CircuitProblem(setup.model, setup.spectrum.frequency, setup.spectrum.re, setup.spectrum.im, setup.weights, Float64Array.from(truth), setup.free, setup.transforms);
    const x = pr.toTransformed(truth.map((v) => v * 1.1));
    const m = pr.residualCount;
    const n = pr.parameterCount;
    const r = new Float64Array(m);
    const J = new Float64Array(m * n);
    pr.evaluate(x, r, J);
    const rp = new Float64Array(m);
    const rm = new Float64Array(m);
    for (let j = 0; j < n; j++) {
      const h = 1e-6;
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[j] += h;
      xm[j] -= h;
      pr.evaluate(xp, rp, null);
      pr.evaluate(xm, rm, null);
      let scale = 0;
      for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(J[j * m + i]));
      for (let i = 0; i < m; i++) expectClose(J[j * m + i], (rp[i] - rm[i]) / (2 * h), 1e-5, 1e-7 * scale, `J[${i},${j}]`);
    }
  });
  it.each(['unit', 'modulus', 'boukamp'] as const)('%s weighting recovers the truth within its 95-percent interval', (weighting) => {
    const fit = fitCircuit(circuit, s, { weighting, initial: keyed(circuit, truth.map((v, i) => (i === 3 ? 0.85 : v * 1.5))) });
    expect(fit.statistics.weighting).toBe(weighting);
    expect(fit.converged).toBe(true);
    fit.parameters.forEach((p, i) => {
      expect(p.ci95![0] <= truth[i] && truth[i] <= p.ci95![1], `${p.key} ${p.value} ${p.ci95}`).toBe(true);
    });
  });
  it('proportional weighting converges to the same minimum from a distant start and from the truth', () => {
    const a = fitCircuit(circuit, s, { weighting: 'proportional', initial: keyed(circuit, truth.map((v, i) => (i === 3 ? 0.85 : v * 1.5))) });
    const b = fitCircuit(circuit, s, { weighting: 'proportional', initial: keyed(circuit, truth) });
    expect(a.converged).toBe(true);
    expectClose(a.statistics.chiSquare, b.statistics.chiSquare, 1e-6);
  });
  it('explicit σ = 0.005·|Z| (absolute) gives χ²/dof ≈ 1 and the same minimum as modulus weighting', () => {
    const z = compileCircuit(circuit).evaluate(truth, s.frequency);
    const sigma = Array.from(s.frequency, (_, i) => 0.005 * Math.hypot(z.re[i], z.im[i]));
    const a = fitCircuit(circuit, s, { weighting: sigma, initial: keyed(circuit, truth) });
    expect(a.statistics.weighting).toBe('sigma');
    expect(a.statistics.reducedChiSquare).toBeGreaterThan(0.7);
    expect(a.statistics.reducedChiSquare).toBeLessThan(1.3);
  });
});

describe('covariance', () => {
  it('computeCovariance of a straight line equals the textbook s²(XᵀX)⁻¹', () => {
    const t = [0, 1, 2, 3, 4, 5];
    const m = t.length;
    const J = new Float64Array([...t.map(() => 1), ...t]);
    const chi = 0.3;
    const cov = computeCovariance(J, m, 2, [true, true], chi, false).covariance;
    const s2 = chi / (m - 2);
    const sxx = t.reduce((a, v) => a + (v - 2.5) ** 2, 0);
    expectClose(cov[3], s2 / sxx, 1e-12);
    expectClose(cov[0], s2 * (1 / m + 2.5 ** 2 / sxx), 1e-12);
    expectClose(cov[1], (-s2 * 2.5) / sxx, 1e-12);
  });
  it.each([
    [1, 12.706],
    [10, 2.228],
    [30, 2.042],
    [135, 1.978],
  ])('studentT975(%i) ≈ %d', (nu, t) => expectClose(studentT975(nu), t, 2e-4));
});

describe('options: annotations, ranges, masks, determinism', () => {
  const circuit = 'R0-p(R1,C1)';
  const truth = [10, 100, 1e-6];
  const s = simulate(circuit, truth, decades(5, -1), 0.01, 11);
  it('inline annotations are honoured: R1{R=120:50..2000 fixed} stays at 120 with bounds [50, 2000]', () => {
    const fit = fitCircuit('R0-p(R1{R=120:50..2000 fixed},C1)', s);
    expect(fit.values.R1).toBe(120);
    expect(fit.parameters[1].fixed).toBe(true);
    const free = fitCircuit('R0-p(R1{R=120:50..2000},C1)', s);
    expect(free.parameters[1].initial).toBe(120);
    expectClose(free.values.R1, 100, 0.05);
  });
  it('a role annotation locks the block and is reported per parameter', () => {
    const fit = fitCircuit('R0-p(R1{role=grain-boundary},C1)', s);
    expect(fit.parameters[1].role).toBe('grain-boundary');
  });
  it('frequencyRange and mask select the points used', () => {
    const a = fitCircuit(circuit, s, { frequencyRange: [1, 1e4] });
    expect(a.statistics.points).toBe(41);
    expect(Math.max(...a.residuals.frequency)).toBeLessThanOrEqual(1e4 * (1 + 1e-12));
    const mask = Array.from(s.frequency, (_, i) => i % 2 === 0);
    const b = fitCircuit(circuit, s, { mask });
    expect(b.statistics.points).toBe(31);
  });
  it('multistart is deterministic for a seed and reports how many starts reached the best cost', () => {
    const a = fitCircuit(circuit, s, { multistart: 6, seed: 3 });
    const b = fitCircuit(circuit, s, { multistart: 6, seed: 3 });
    expect(a.valueArray).toEqual(b.valueArray);
    expect(a.multistart).toEqual(b.multistart);
    expect(a.multistart.starts).toBe(7);
    expect(a.multistart.reachedBest).toBeGreaterThanOrEqual(1);
    expect(a.multistart.reachedBest).toBeLessThanOrEqual(7);
  });
});

describe('startCandidates: coinciding alternatives are solved once', () => {
  it('drops start vectors equal to an earlier one after given values and clamping, keeping the order', () => {
    // One visible arc for two blocks: guessCandidates offers alternatives (HF, LF, splits).
    const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
    const s = simulate(circuit, [50, 200, 1e-10, 0.87, 1000, 1e-6, 0.86], decades(6, -1));
    const model = compileCircuit(circuit);
    const raw = guessCandidates(model, s);
    expect(raw.length).toBeGreaterThan(2);
    // Fixing every parameter of the second block makes alternatives that differ only there coincide.
    const options: FitOptions = { fixed: { R2: 1000, CPE2_0: 1e-6, CPE2_1: 0.86 } };
    const setup = prepareFit(model, s, options);
    const starts = startCandidates(setup, options);
    for (let a = 0; a < starts.length; a++) for (let b = 0; b < a; b++) expect(Array.from(starts[a])).not.toEqual(Array.from(starts[b]));
    // Every raw alternative, clamped with the fixed values, is among them; the first one first.
    const key = (v: ArrayLike<number>) => Array.from(v).join(',');
    const kept = new Set(starts.map(key));
    for (const r of raw) {
      const v = Float64Array.from(r);
      v[4] = 1000;
      v[5] = 1e-6;
      v[6] = 0.86;
      for (let i = 0; i < 4; i++) v[i] = clampInside(v[i], setup.lower[i], setup.upper[i], model.parameters[i].scale);
      expect(kept.has(key(v))).toBe(true);
    }
    expect(starts.length).toBeLessThan(raw.length);
    expect(fitCircuit(model, s, options).multistart.starts).toBe(starts.length);
  });
});
