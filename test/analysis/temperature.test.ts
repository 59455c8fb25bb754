import { describe, expect, it } from 'vitest';
import { fitArrhenius } from '../../src/analysis/arrhenius.js';
import { fitJointArrhenius } from '../../src/analysis/jointArrhenius.js';
import { fitSeries } from '../../src/analysis/fitSeries.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { halideSeries } from './scenarios.js';
import { expectClose } from '../helpers/close.js';

const SHARED = ['CPE_gb_0', 'CPE_gb_1', 'CPE_el_0', 'CPE_el_1'];

describe('must-hold 4: Li3YCl6 and Li3YBr6 temperature series (−20 to 100 °C)', () => {
  it.each([
    ['Li3YCl6', 0.4, 0.51e-3],
    ['Li3YBr6', 0.37, 0.72e-3],
  ] as const)('%s: Ea = %d eV within ±0.01 eV two-step (σ_total, fitSeries + fitArrhenius) and joint', (material, ea, sigmaRT) => {
    const s = halideSeries(material, 7);
    const series = fitSeries(s.spectra, s.circuit, { weighting: 'modulus', cell: s.cell });
    expect(series.rows.map((r) => r.temperature)).toEqual(s.celsius.map((c) => c + 273.15));
    const total = series.points.map((p) => p.properties!.conductivity.total!);
    const twoStep = fitArrhenius(
      { temperature: series.rows.map((r) => r.temperature as number), value: total.map((q) => q.value), stderr: total.map((q) => q.stderr) },
      { form: 'sigma' },
    );
    expect(Math.abs(twoStep.ea.value - ea)).toBeLessThan(0.01);
    expect(twoStep.ea.ci[0]).toBeLessThan(twoStep.ea.ci[1]);
    expect(twoStep.eaKJPerMol.value).toBeCloseTo(twoStep.ea.value * 96.485, 2);
    // σ at 20 °C vs the published 25 °C value through the same law: ±2 %.
    const i20 = s.celsius.indexOf(20);
    const expected20 = sigmaRT * Math.exp((-ea / 8.617333262e-5) * (1 / 293.15 - 1 / 298.15));
    expect(Math.abs(total[i20].value / expected20 - 1)).toBeLessThan(0.02);

    const joint = fitJointArrhenius(s.spectra, s.circuit, { arrhenius: ['R_b', 'R_gb'], shared: SHARED, start: series.points.map((p) => p.fit) });
    expect(joint.converged).toBe(true);
    expect(joint.warnings).toEqual([]);
    for (const a of joint.activation) {
      expect(Number.isFinite(a.ea.stderr), a.key).toBe(true);
      expect(Math.abs(a.ea.value - ea), a.key).toBeLessThan(0.01);
      expect(a.ea.ci[0]).toBeLessThan(a.ea.value);
    }
    expect(joint.shared.CPE_gb_1.value).toBeGreaterThan(0.85);
    expect(joint.shared.CPE_gb_1.value).toBeLessThan(0.95);
  });

  it('joint fitting gives a narrower Ea interval than two-step at equal (nominal) coverage — 24 seeded replicates', () => {
    const reps = 24;
    let coverTwo = 0;
    let coverJoint = 0;
    let widthTwo = 0;
    let widthJoint = 0;
    for (let r = 0; r < reps; r++) {
      const s = halideSeries('Li3YBr6', 500 + r);
      const fits = s.spectra.map((sp, i) => fitCircuit(s.circuit, sp, { weighting: 'modulus', initial: s.truth[i] }));
      const two = fitArrhenius(
        { temperature: s.celsius, value: fits.map((f) => f.values.R_b), stderr: fits.map((f) => f.parameters[0].stderr) },
        { form: 'resistance', temperatureUnit: 'C' },
      );
      const joint = fitJointArrhenius(s.spectra, s.circuit, { arrhenius: ['R_b', 'R_gb'], shared: SHARED, start: fits }).activation[0];
      const e = s.expected.ea;
      if (two.ea.ci[0] <= e && e <= two.ea.ci[1]) coverTwo++;
      if (joint.ea.ci[0] <= e && e <= joint.ea.ci[1]) coverJoint++;
      widthTwo += two.ea.ci[1] - two.ea.ci[0];
      widthJoint += joint.ea.ci[1] - joint.ea.ci[0];
    }
    // Both near the nominal 95 % (binomial: ≥ 20/24 holds with probability ≈ 0.97 at 95 %).
    expect(coverTwo / reps).toBeGreaterThanOrEqual(20 / 24);
    expect(coverJoint / reps).toBeGreaterThanOrEqual(20 / 24);
    expect(coverJoint).toBeGreaterThanOrEqual(coverTwo - 1);
    expect(widthJoint / widthTwo).toBeLessThan(0.6);
  });

  it('flags shared parameters the joint data cannot determine instead of returning a silent Infinity; Ea stays determined', () => {
    // A constant 20 Ω lead resistance in series, fitted as two shared resistors R_s1 + R_s2:
    // only their sum is determined (an exact null direction of the joint information matrix).
    const s = halideSeries('Li3YCl6', 3);
    const circuit = `R_s1-R_s2-${s.circuit}`;
    const spectra = s.spectra.map((sp) => ({ ...sp, re: sp.re.map((v) => v + 20) }));
    const starts = spectra.map((sp, i) => fitCircuit(circuit, sp, { weighting: 'modulus', initial: { ...s.truth[i], R_s1: 10, R_s2: 10 } }));
    const joint = fitJointArrhenius(spectra, circuit, { arrhenius: ['R_b', 'R_gb'], shared: [...SHARED, 'R_s1', 'R_s2'], start: starts });
    expect(joint.shared.R_s1.stderr).toBe(Infinity);
    expect(joint.shared.R_s2.stderr).toBe(Infinity);
    expect(joint.shared.R_s1.ci).toEqual([-Infinity, Infinity]);
    expectClose(joint.shared.R_s1.value + joint.shared.R_s2.value, 20, 0.05);
    const flagged = joint.warnings.find((w) => w.includes('not determined'));
    expect(flagged).toMatch(/R_s1, R_s2/);
    expect(flagged).not.toMatch(/R_b|R_gb|CPE_/);
    for (const a of joint.activation) {
      expect(Number.isFinite(a.ea.stderr), a.key).toBe(true);
      expect(Math.abs(a.ea.value - 0.4), a.key).toBeLessThan(0.02);
    }
  });

  it('starts from a series whose start fit drove a tied resistance to its bound 0 (as boundProbe can at 100 °C): finite result, Ea recovered', () => {
    const s = halideSeries('Li3YCl6', 7);
    const starts = s.spectra.map((sp, i) => fitCircuit(s.circuit, sp, { weighting: 'modulus', initial: s.truth[i] }));
    const last = starts.length - 1;
    const k = starts[last].parameters.findIndex((p) => p.key === 'R_b');
    const valueArray = [...starts[last].valueArray];
    valueArray[k] = 0;
    starts[last] = {
      ...starts[last],
      valueArray,
      values: { ...starts[last].values, R_b: 0 },
      parameters: starts[last].parameters.map((p, j) => (j === k ? { ...p, value: 0, stderr: null, relativeStderr: null, ci95: null, atBound: true } : p)),
    };
    const joint = fitJointArrhenius(s.spectra, s.circuit, { arrhenius: ['R_b', 'R_gb'], shared: SHARED, start: starts });
    expect(joint.converged).toBe(true);
    for (const v of joint.values) for (const [key, x] of Object.entries(v)) expect(Number.isFinite(x), key).toBe(true);
    for (const a of joint.activation) expect(Math.abs(a.ea.value - 0.4), a.key).toBeLessThan(0.01);
  });

  it('rejects a series at one temperature with a typed error (Ea needs two distinct temperatures), never NaN', () => {
    const s = halideSeries('Li3YCl6', 3);
    const spectra = s.spectra.slice(2, 5);
    const starts = spectra.map((sp, i) => fitCircuit(s.circuit, sp, { weighting: 'modulus', initial: s.truth[i + 2] }));
    expect(() => fitJointArrhenius(spectra, s.circuit, { arrhenius: ['R_b'], start: starts, temperature: [300, 300, 300] })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringMatching(/two distinct temperatures/) }),
    );
  });

  it('rejects unknown keys, missing temperatures and tied non-positive parameters', () => {
    const s = halideSeries('Li3YCl6', 1);
    const starts = s.spectra.map((sp, i) => fitCircuit(s.circuit, sp, { weighting: 'modulus', initial: s.truth[i], maxIterations: 1 }));
    expect(() => fitJointArrhenius(s.spectra, s.circuit, { arrhenius: ['R_x'], start: starts })).toThrow(expect.objectContaining({ code: 'UNKNOWN_PARAMETER' }));
    expect(() => fitJointArrhenius(s.spectra, s.circuit, { arrhenius: ['CPE_gb_1'], start: starts })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    const bare = s.spectra.map((sp) => ({ frequency: sp.frequency, re: sp.re, im: sp.im }));
    expect(() => fitJointArrhenius(bare, s.circuit, { arrhenius: ['R_b'], start: starts })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => fitJointArrhenius(bare.slice(0, 2), s.circuit, { arrhenius: ['R_b'] })).toThrow(expect.objectContaining({ code: 'WRONG_LENGTH' }));
  });
});
