import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { expectClose } from '../helpers/close.js';
import { fixtureJson, ignoreBelowX, readParsed, readPlainCsv, readPyimpspecControl, sumSquares } from './helpers.js';

const ref = fixtureJson('expected/reference_fits.json');
const example = ignoreBelowX(readPlainCsv('csv/impedancepy_exampleData.csv'));

function byNames(names: string[], values: number[]): Record<string, number> {
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

describe('reference fits (REFERENCE_FITS.md)', () => {
  it('exampleData.csv keeps 57 points with Im < 0', () => {
    expect(example.frequency.length).toBe(57);
  });

  it('fitCircuit("R0-p(R1,C1)-p(R2-Wo1,C2)") from impedance.py\'s guess matches the getting-started fit within 1%', () => {
    const r = ref.impedancepy_getting_started;
    const fit = fitCircuit(r.circuit, example, { initial: byNames(r.names, r.initial_guess), weighting: 'unit', canonicalOrder: false });
    expect(fit.converged).toBe(true);
    const local = ref.impedancepy_test_fitting_variants;
    r.names.forEach((name: string, i: number) => {
      const p = fit.parameters.find((q) => q.key === name)!;
      if (name === 'Wo1_1') {
        // curve_fit stops at 232.5 on a flat valley (Wo1_1 ± 16 s); the converged minimum of the same
        // basin is 237.8 (impedance.py's bounded variant asserts 238) at a lower cost. Within 0.5 σ of 233.
        expectClose(fit.values[name], local.local_with_bounds.asserted[i], 0.01, 0, name);
        expect(Math.abs(fit.values[name] - r.documented_result.values[i])).toBeLessThan(0.5 * r.documented_result.std_errors[i]);
      } else expectClose(fit.values[name], r.documented_result.values[i], 0.01, 0, name);
      // Standard errors agree with curve_fit's (same s²(JᵀJ)⁻¹ definition).
      expectClose(p.stderr!, local.local_with_bounds.recomputed_here.perr[i], 0.05, 0, `${name} stderr`);
    });
    // Lower than (or equal to) both upstream local solutions.
    expect(fit.statistics.chiSquare).toBeLessThanOrEqual(local.sum_sq_abs_residual_recomputed.local_bounds * (1 + 1e-6));
    expectClose(fit.statistics.chiSquare, local.sum_sq_abs_residual_recomputed.local_bounds, 1e-3);
  });

  it('multistart reaches the lower-cost global solution Σ|ΔZ|² ≈ 1.406e-5 Ω² (or better)', () => {
    const r = ref.impedancepy_getting_started;
    const fit = fitCircuit(r.circuit, example, { initial: byNames(r.names, r.initial_guess), multistart: 30, seed: 7 });
    const global = ref.impedancepy_test_fitting_variants.sum_sq_abs_residual_recomputed.global_seed0;
    expect(fit.statistics.chiSquare).toBeLessThanOrEqual(global * (1 + 1e-3));
    expect(fit.multistart.starts).toBe(31);
    expect(fit.multistart.reachedBest).toBeGreaterThanOrEqual(1);
    // Independent check of the reported cost from the returned values.
    const z = compileCircuit(r.circuit).evaluate(fit.valueArray, example.frequency);
    expectClose(sumSquares(example, z.re, z.im), fit.statistics.chiSquare, 1e-9);
  });

  it('weight_by_modulus variant matches impedance.py within 1%', () => {
    const r = ref.impedancepy_test_fitting_variants;
    const names = ref.impedancepy_getting_started.names;
    const fit = fitCircuit(ref.impedancepy_getting_started.circuit, example, {
      initial: byNames(names, r.initial_guess),
      weighting: 'modulus',
      canonicalOrder: false,
    });
    names.forEach((name: string, i: number) => expectClose(fit.values[name], r.local_weighted_sigma_absZ.asserted[i], 0.01, 0, name));
  });

  it('Randles R0-p(R1-Wo1,C1): within 1% and predict(10 Hz) matches', () => {
    const r = ref.impedancepy_randles;
    const circuit = 'R0-p(R1-Wo1,C1)';
    const fit = fitCircuit(circuit, example, { initial: byNames(r.names, r.initial_guess) });
    expect(fit.converged).toBe(true);
    r.names.forEach((name: string, i: number) => expectClose(fit.values[name], r.asserted.values[i], 0.01, 0, name));
    const z = compileCircuit(circuit).evaluate(fit.valueArray, new Float64Array([10]));
    expectClose(z.re[0], r.asserted.predict_10Hz[0], 1e-4);
    expectClose(z.im[0], r.asserted.predict_10Hz[1], 1e-4);
  });

  it.each([
    ['zplot-z/impedancepy_Circuit3_EIS_1.z', 53],
    ['zplot-z/impedancepy_Circuit1_EIS_1.z', 48],
  ])('R0-p(R1,C1) dummy circuit %s (%i points) within 0.5%', (file, points) => {
    const r = ref.impedancepy_dummy_circuits;
    const spectrum = readParsed(`${file}.json`);
    expect(spectrum.frequency.length).toBe(points);
    for (const initial of [byNames(r.names, r.initial_guess), undefined]) {
      const fit = fitCircuit(r.circuit, spectrum, initial ? { initial } : {});
      r.names.forEach((name: string, i: number) => expectClose(fit.values[name], r[file].documented.values[i], 0.005, 0, name));
      // At least as low a cost as impedance.py's recomputed solution on the same points.
      const z = compileCircuit(r.circuit).evaluate(r[file].recomputed_here.p, spectrum.frequency);
      expect(fit.statistics.chiSquare).toBeLessThanOrEqual(sumSquares(spectrum, z.re, z.im) * (1 + 1e-9));
      expect(fit.converged).toBe(true);
    }
  });

  it('Boukamp TC-1 from the noise-free pyimpspec control data, automatic guesses, relative 1e-6', () => {
    const spectrum = readPyimpspecControl();
    expect(spectrum.frequency.length).toBe(29);
    const fit = fitCircuit('R0-p(R1,C1)-p(R2,W1)', spectrum);
    expect(fit.converged).toBe(true);
    const aw = 1 / (4e-4 * Math.SQRT2); // Y0 = 4e-4 S·s^½ → impedance.py A_W = 1/(Y0·√2)
    const truth: Record<string, number> = { R0: 100, R1: 200, C1: 0.8e-6, R2: 500, W1: aw };
    for (const [k, v] of Object.entries(truth)) expectClose(fit.values[k], v, 1e-6, 0, k);
  });

  it('Zahner rc-data p(C0,R0) within 1% of Zahner Analysis', () => {
    const r = ref.zahner_rc_data;
    const spectrum = readParsed('zahner-ism/zahner_rc-data_overlap.ism.json');
    expect(spectrum.frequency.length).toBe(55);
    for (const weighting of ['modulus', 'unit'] as const) {
      const fit = fitCircuit('p(C0,R0)', spectrum, { initial: { C0: 1e-5, R0: 100 }, weighting });
      expect(fit.converged).toBe(true);
      expectClose(fit.values.R0, r.documented_result.R0_ohm, 0.01, 0, 'R0');
      expectClose(fit.values.C0, r.documented_result.C0_F, 0.01, 0, 'C0');
      const cnls = r.recomputed_standard_cnls[weighting === 'modulus' ? 'modulus_weighted' : 'unweighted'];
      expectClose(fit.values.R0, cnls.R0_ohm, 1e-4, 0, 'R0 (standard CNLS)');
      expectClose(fit.values.C0, cnls.C0_F, 1e-4, 0, 'C0 (standard CNLS)');
    }
  });
});
