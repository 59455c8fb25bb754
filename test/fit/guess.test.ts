import { describe, expect, it } from 'vitest';
import { BUILTIN_ELEMENTS } from '../../src/circuit/elements/builtin.js';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import type { Spectrum } from '../../src/data/spectrum.js';
import { DataFormatError } from '../../src/errors.js';
import { analyzeSpectrum, guessCandidates, guessInitial } from '../../src/fit/guess.js';
import { createRandom, randomNormal } from '../../src/random.js';
import { expectClose, seeded } from '../helpers/close.js';

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

const permuted = (s: Spectrum, order: number[]): Spectrum => ({
  frequency: Float64Array.from(order, (i) => s.frequency[i]),
  re: Float64Array.from(order, (i) => s.re[i]),
  im: Float64Array.from(order, (i) => s.im[i]),
});

/** τ = (R·Q)^(1/α) of an R∥CPE block: the apex condition R·Q·ω^α = 1 at ω = 1/τ. */
const tau = (R: number, Q: number, alpha: number) => Math.pow(R * Q, 1 / alpha);

describe('guessInitial on noise-free spectra with every arc apex inside the window', () => {
  // [circuit, truth, tolerances: R (relative), α (absolute), τ (relative)].
  // Truth is the generating parameter set; the circle fit of each arc
  // (after subtracting the other arcs) should land close to it.
  const cases: [string, number[], number, number, number][] = [
    ['R0-p(R1,CPE1)', [20, 100, 2e-6, 0.9], 0.01, 0.01, 0.15],
    ['R0-p(R1,CPE1)', [5, 1000, 1e-7, 0.75], 0.01, 0.01, 0.15],
    ['R0-p(R1,CPE1)-p(R2,CPE2)', [50, 200, 1.5e-8, 0.87, 1000, 1e-6, 0.86], 0.02, 0.01, 0.15],
    ['R0-p(R1,CPE1)-p(R2,CPE2)', [10, 1000, 1e-9, 0.95, 300, 1e-5, 0.8], 0.02, 0.01, 0.15],
  ];
  it.each(cases)('%s %j', (circuit, truth, relR, absAlpha, relTau) => {
    const model = compileCircuit(circuit);
    const g = guessInitial(model, simulate(circuit, truth, decades(6, -1)));
    model.parameters.forEach((p, j) => {
      if (p.symbol === 'R') expectClose(g[j], truth[j], relR, 0, p.key);
      if (p.name === 'alpha') expect(Math.abs(g[j] - truth[j]), p.key).toBeLessThan(absAlpha);
    });
    for (let b = 1; 3 * b < truth.length; b++) {
      const [R, Q, a] = truth.slice(3 * b - 2, 3 * b + 1);
      const [gR, gQ, ga] = Array.from(g.slice(3 * b - 2, 3 * b + 1));
      expectClose(tau(gR, gQ, ga), tau(R, Q, a), relTau, 0, `tau${b}`);
    }
  });

  it('on noisy R0-p(R1,CPE1)-p(R2,CPE2) the bulk arc is unbiased (median over 40 seeds within 5% of truth)', () => {
    const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
    const truth = [50, 200, 1.5e-8, 0.87, 1000, 1e-6, 0.86];
    const model = compileCircuit(circuit);
    const r0: number[] = [];
    const r1: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const g = guessInitial(model, simulate(circuit, truth, decades(6, -1), 0.01, seed));
      r0.push(g[0] / truth[0]);
      r1.push(g[1] / truth[1]);
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
    expectClose(median(r0), 1, 0.05, 0, 'R0');
    expectClose(median(r1), 1, 0.05, 0, 'R1');
  });
});

describe('guessCandidates does not depend on frequency order or on earlier calls', () => {
  const circuits = ['R0-p(R1,CPE1)-p(R2,CPE2)', 'R0-p(R1,CPE1)-p(R2,CPE2)-CPE3', 'R0-p(R1-Wo1,C1)'];
  const spectra: [string, Spectrum][] = [
    ['two visible arcs', simulate('R0-p(R1,CPE1)-p(R2,CPE2)', [50, 200, 1.5e-8, 0.87, 1000, 1e-6, 0.86], decades(6, -1), 0.01, 3)],
    ['bulk arc above the window', simulate('R0-p(R1,CPE1)-p(R2,CPE2)', [50, 200, 1e-10, 0.87, 1000, 1e-6, 0.86], decades(6, -1), 0.01, 4)],
    ['with a blocking tail', simulate('R0-p(R1,CPE1)-p(R2,CPE2)-CPE3', [80, 400, 5e-9, 0.9, 1500, 2e-6, 0.8, 1e-4, 0.85], decades(6, -1), 0.005, 5)],
  ];
  const table = circuits.flatMap((c) => spectra.map(([label, s]) => [c, label, s] as const));

  it.each(table)('%s, %s: descending, ascending and shuffled input give bit-identical candidates', (circuit, _label, s) => {
    const model = compileCircuit(circuit);
    const n = s.frequency.length;
    const reference = guessCandidates(model, s);
    const ascending = permuted(s, Array.from({ length: n }, (_, i) => n - 1 - i));
    const random = seeded(7);
    const shuffled = permuted(s, Array.from({ length: n }, (_, i) => [random(), i]).sort((a, b) => a[0] - b[0]).map((p) => p[1]));
    for (const other of [ascending, shuffled]) expect(guessCandidates(model, other)).toEqual(reference);
  });

  it.each(table)('%s, %s: same result after a longer spectrum grew the scratch buffers and with a copied registry', (circuit, _label, s) => {
    const model = compileCircuit(circuit);
    const first = guessCandidates(model, s);
    const long = simulate('R0-p(R1,CPE1)', [20, 100, 2e-6, 0.9], decades(7, -3, 40));
    expect(long.frequency.length).toBeGreaterThan(256);
    const g = guessInitial(compileCircuit('R0-p(R1,CPE1)'), long);
    expectClose(g[0], 20, 0.01, 0, 'R0 of the long spectrum');
    expectClose(g[1], 100, 0.01, 0, 'R1 of the long spectrum');
    expect(guessCandidates(model, s)).toEqual(first);
    expect(guessCandidates(model, s, { elements: new Map(BUILTIN_ELEMENTS) })).toEqual(first);
  });

  it.each(table)('%s, %s: every candidate is finite and strictly inside the bounds', (circuit, _label, s) => {
    const model = compileCircuit(circuit);
    for (const c of guessCandidates(model, s)) {
      model.parameters.forEach((p, j) => {
        expect(Number.isFinite(c[j]), p.key).toBe(true);
        expect(c[j], p.key).toBeGreaterThan(p.bounds[0]);
        expect(c[j], p.key).toBeLessThan(p.bounds[1]);
      });
    }
  });
});

describe('analyzeSpectrum', () => {
  it('refuses an empty spectrum with a typed error, also after another analysis (no stale state)', () => {
    const empty: Spectrum = { frequency: new Float64Array(0), re: new Float64Array(0), im: new Float64Array(0) };
    expect(() => analyzeSpectrum(empty, 2, false)).toThrowError(DataFormatError);
    analyzeSpectrum({ frequency: Float64Array.from([1e3, 1e2, 10]), re: Float64Array.from([10, 20, 30]), im: Float64Array.from([-5, -8, -3]) }, 2, false);
    expect(() => analyzeSpectrum(empty, 2, false)).toThrowError(/no points/);
  });

  it('offers alternatives only when fewer arcs are visible than asked for', () => {
    const f = decades(6, -1);
    const visible = simulate('R0-p(R1,CPE1)-p(R2,CPE2)', [50, 200, 1.5e-8, 0.87, 1000, 1e-6, 0.86], f);
    const hidden = simulate('R0-p(R1,CPE1)-p(R2,CPE2)', [50, 200, 1e-10, 0.87, 1000, 1e-6, 0.86], f);
    const a = analyzeSpectrum(visible, 2, false);
    expect(a.arcs.map((x) => x.inferred)).toEqual([false, false]);
    expect(a.alternatives).toHaveLength(0);
    const b = analyzeSpectrum(hidden, 2, false);
    expect(b.arcs).toHaveLength(2);
    expect(b.arcs.some((x) => x.inferred)).toBe(true);
    expect(b.alternatives.length).toBeGreaterThan(0);
    for (const set of [b, ...b.alternatives]) {
      expect(set.arcs).toHaveLength(2);
      expect(set.highFrequencyIntercept).toBeGreaterThan(0);
    }
  });

  it('the intercepts of one ideal R∥C arc: R0 at high frequency, R0 + R1 at low frequency, apex at 1/(2πRC)', () => {
    const [R0, R1, C] = [10, 500, 1e-7];
    const a = analyzeSpectrum(simulate('R0-p(R1,C1)', [R0, R1, C], decades(6, -1)), 1, false);
    expectClose(a.highFrequencyIntercept, R0, 1e-3, 0, 'R0');
    expectClose(a.arcs[0].resistance, R1, 1e-3, 0, 'R1');
    expectClose(a.arcs[0].alpha, 1, 1e-3, 0, 'alpha');
    expectClose(a.lowFrequencyRe, R0 + R1, 1e-3, 0, 'LF Re');
    // Apex on the 10-per-decade grid: within half a step (10^0.05) of 1/(2πR1C).
    expectClose(Math.log10(a.arcs[0].frequency), Math.log10(1 / (2 * Math.PI * R1 * C)), 0, 0.051, 'log10 f_apex');
  });
});
