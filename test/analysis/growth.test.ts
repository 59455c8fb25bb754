import { describe, expect, it } from 'vitest';
import { fitGrowthLaws } from '../../src/analysis/growth.js';
import { expectClose } from '../helpers/close.js';
import { growthSeries } from './scenarios.js';

describe('fitGrowthLaws on exact data', () => {
  const t = [0, 0.5, 1, 2, 4, 6, 8, 12, 16, 24, 32, 48];
  it.each([
    ['constant', (x: number) => 100 + 0 * x, { R0: 100 }],
    ['linear', (x: number) => 100 + 3 * x, { R0: 100, k: 3 }],
    ['parabolic', (x: number) => 100 + 20 * Math.sqrt(x), { R0: 100, k: 20 }],
    ['self-limiting', (x: number) => 300 - 200 * Math.exp(-x / 5), { R0: 100, Rinf: 300, tau: 5 }],
  ] as const)('%s law recovered with its parameters', (law, f, expected) => {
    // Tiny deterministic ripple so that RSS > 0 and AICc is defined.
    const r = t.map((x, i) => f(x) * (1 + 1e-6 * Math.sin(7 * i)));
    const res = fitGrowthLaws(t, r, { laws: law === 'constant' ? ['constant', 'linear'] : ['constant', 'linear', 'parabolic', 'self-limiting'] });
    expect(res.best.law).toBe(law);
    for (const [name, v] of Object.entries(expected)) {
      const p = res.best.parameters.find((q) => q.name === name)!;
      expectClose(p.value, v, 1e-3, 1e-3, name);
    }
  });
  it('Akaike weights sum to one and fits are sorted by AICc', () => {
    const r = t.map((x, i) => 100 + 20 * Math.sqrt(x) + Math.sin(3 * i));
    const res = fitGrowthLaws(t, r);
    expectClose(res.fits.reduce((s, f) => s + f.weight, 0), 1, 1e-12);
    for (let i = 1; i < res.fits.length; i++) expect(res.fits[i].aicc).toBeGreaterThanOrEqual(res.fits[i - 1].aicc);
  });
  it.each([
    [[0, 1, 2], [1, 2, 3], 'WRONG_LENGTH'],
    [[0, 2, 1, 3], [1, 2, 3, 4], 'BAD_OPTION'],
    [[0, 1, 2, 3], [1, 2, 3], 'WRONG_LENGTH'],
  ])('rejects time %j / R %j with %s', (tt, rr, code) => {
    expect(() => fitGrowthLaws(tt, rr)).toThrow(expect.objectContaining({ code }));
  });
});

describe('must-hold scenarios 5 and 6 (synthetic growth constants, seeded noise)', () => {
  it('Li|LGPS|Li continuous interphase growth selects the parabolic law; Li|Li7P3S11|Li selects self-limiting', () => {
    const lgps = growthSeries('lgps', 11);
    const lps = growthSeries('li7p3s11', 12);
    const a = fitGrowthLaws(lgps.time, lgps.asr);
    const b = fitGrowthLaws(lps.time, lps.asr);
    expect(a.best.law).toBe('parabolic');
    expect(b.best.law).toBe('self-limiting');
    // True constants inside the 95% intervals.
    const k = a.best.parameters.find((p) => p.name === 'k')!;
    expect(k.ci95[0]).toBeLessThanOrEqual(lgps.truth.k!);
    expect(k.ci95[1]).toBeGreaterThanOrEqual(lgps.truth.k!);
    const tau = b.best.parameters.find((p) => p.name === 'tau')!;
    expect(tau.ci95[0]).toBeLessThanOrEqual(lps.truth.tau!);
    expect(tau.ci95[1]).toBeGreaterThanOrEqual(lps.truth.tau!);
    const rinf = b.best.parameters.find((p) => p.name === 'Rinf')!;
    expect(rinf.ci95[0]).toBeLessThanOrEqual(lps.truth.Rinf!);
    expect(rinf.ci95[1]).toBeGreaterThanOrEqual(lps.truth.Rinf!);
  });
  it('Li|LAGP|Li crack: the step law is selected, 2.81 → 6.80 kΩ·cm² recovered, step time bracketed', () => {
    const s = growthSeries('lagp-crack', 13);
    const res = fitGrowthLaws(s.time, s.asr);
    expect(res.best.law).toBe('step');
    expect(res.best.deltaAicc).toBe(0);
    expect(res.fits[1].deltaAicc).toBeGreaterThan(10);
    const [r1, r2, ts] = res.best.parameters;
    expectClose(r1.value, 2810, 0.01);
    expectClose(r2.value, 6800, 0.01);
    expect(r1.ci95[0]).toBeLessThanOrEqual(2810);
    expect(r1.ci95[1]).toBeGreaterThanOrEqual(2810);
    expect(r2.ci95[0]).toBeLessThanOrEqual(6800);
    expect(r2.ci95[1]).toBeGreaterThanOrEqual(6800);
    expect(ts.ci95[0]).toBeLessThan(s.truth.tStep!);
    expect(ts.ci95[1]).toBeGreaterThanOrEqual(s.truth.tStep!);
  });
});
