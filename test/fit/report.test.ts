import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import type { Spectrum } from '../../src/data/spectrum.js';
import { DataFormatError } from '../../src/errors.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { formatFitReport } from '../../src/fit/report.js';
import { fitFromJSON, fitToJSON, replayFit } from '../../src/fit/serialize.js';
import { createRandom, randomNormal } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

const circuit = 'R0-p(R1,CPE1)';
const truth = [20, 500, 3e-6, 0.85];
const frequency = Float64Array.from({ length: 41 }, (_, i) => Math.pow(10, 5 - i / 5));
function data(noise: number, seed: number): Spectrum {
  const z = compileCircuit(circuit).evaluate(truth, frequency);
  const random = createRandom(seed);
  return {
    frequency,
    re: z.re.map((v, i) => v + noise * Math.hypot(z.re[i], z.im[i]) * randomNormal(random)),
    im: z.im.map((v, i) => v + noise * Math.hypot(z.re[i], z.im[i]) * randomNormal(random)),
  };
}

describe('profile-likelihood intervals', () => {
  const s = data(0.01, 3);
  const fit = fitCircuit(circuit, s, { weighting: 'modulus', profile: ['R1', 'CPE1.alpha'] });
  it('are requested by key or alias and bracket the estimate', () => {
    for (const key of ['R1', 'CPE1_1']) {
      const p = fit.parameters.find((q) => q.key === key)!;
      expect(p.profile95).toBeDefined();
      const [lo, hi] = p.profile95!;
      expect(lo).toBeLessThan(p.value);
      expect(hi).toBeGreaterThan(p.value);
    }
    expect(fit.parameters.find((q) => q.key === 'R0')!.profile95).toBeUndefined();
  });
  it('agree with the Wald interval when the model is nearly linear (within 15% of the half-width)', () => {
    for (const key of ['R1', 'CPE1_1']) {
      const p = fit.parameters.find((q) => q.key === key)!;
      const wald = p.ci95!;
      const prof = p.profile95!;
      const half = (wald[1] - wald[0]) / 2;
      expectClose(prof[0], wald[0], 0.15 * half / Math.abs(wald[0]), 0, `${key} lower`);
      expectClose(prof[1], wald[1], 0.15 * half / Math.abs(wald[1]), 0, `${key} upper`);
    }
  });
  it('the cost re-minimised at the interval ends equals the threshold χ̂²(1 + t²/ν)', () => {
    const p = fit.parameters.find((q) => q.key === 'R1')!;
    const nu = fit.statistics.dof;
    const t = 1.97; // t(0.975, 78) ≈ 1.9908; checked loosely below
    const at = fitCircuit(circuit, s, { weighting: 'modulus', fixed: { R1: p.profile95![1] }, initial: fit.values });
    const ratio = at.statistics.chiSquare / fit.statistics.chiSquare - 1;
    expect(ratio).toBeGreaterThan((t * t) / nu * 0.97);
    expect(ratio).toBeLessThan((2.0 * 2.0) / nu * 1.03);
  });
});

describe('formatFitReport', () => {
  it('prints an aligned table with every parameter, χ², AIC and the convergence line', () => {
    const fit = fitCircuit(circuit, data(0.01, 4), { weighting: 'modulus' });
    const text = formatFitReport(fit);
    const lines = text.split('\n');
    expect(lines[0]).toContain(circuit);
    for (const p of fit.parameters) expect(text).toContain(p.key);
    expect(text).toContain('χ²');
    expect(text).toContain('AIC');
    expect(text).toMatch(/converged \(/);
    // Aligned: the value column ends at the same position on every parameter row.
    const rows = lines.slice(3, 3 + fit.parameters.length);
    const header = lines[1];
    const end = header.indexOf('value') + 'value'.length;
    const valueEnds = rows.map((r) => r.slice(0, end + 20).search(/\S\s{2,}(Ω|1|Ω\^-1)/));
    expect(new Set(valueEnds.map((v) => v > 0)).size).toBe(1);
  });
});

describe('toJSON / fromJSON', () => {
  const s = data(0.01, 5);
  const fit = fitCircuit(circuit, s, { weighting: 'modulus', multistart: 2, seed: 9, profile: ['R0'] });
  it('round-trips circuit, options and result (typed arrays included)', () => {
    const saved = fitFromJSON(fitToJSON(fit, s));
    expect(saved.circuit).toBe(fit.circuit);
    expect(saved.options).toEqual({ weighting: 'modulus', multistart: 2, seed: 9, profile: ['R0'] });
    expect(saved.result.values).toEqual(fit.values);
    expect(saved.result.parameters).toEqual(fit.parameters);
    expect(saved.result.residuals.re).toBeInstanceOf(Float64Array);
    expect(Array.from(saved.result.residuals.re)).toEqual(Array.from(fit.residuals.re));
    expect(saved.result.correlation).toEqual(fit.correlation);
  });
  it('a saved fit replays to the same values', () => {
    const again = replayFit(fitToJSON(fit, s));
    expect(again.valueArray).toEqual(fit.valueArray);
  });
  it('fromJSON rejects foreign JSON with DataFormatError', () => {
    expect(() => fitFromJSON('{"a":1}')).toThrow(DataFormatError);
    expect(() => fitFromJSON('not json')).toThrow(DataFormatError);
  });
});
