import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../../src/circuit/compileCircuit.js';
import { DataFormatError, EisError, ParameterError } from '../../../src/errors.js';
import { fitCircuit, fitCircuitRow, ROW_HEAD, warmStartValues } from '../../../src/fit/fitCircuit.js';
import { fitBatch } from '../../../src/fit/batch/fitBatch.js';
import { createFitPool } from '../../../src/fit/batch/fitPool.js';
import { FIT_STATUS, FIT_TABLE_WARNINGS, PARAMETER_FLAGS, fitTable, tableColumn, tableRows } from '../../../src/fit/batch/fitTable.js';
import { seriesToCsv } from '../../../src/analysis/fitSeries.js';
import type { FitTable } from '../../../src/fit/batch/fitTable.js';
import type { FitOptions, FitResult } from '../../../src/fit/types.js';
import type { Spectrum } from '../../../src/data/spectrum.js';
import { expectClose } from '../../helpers/close.js';
import { CIRCUIT, makeSpectra, noisySpectrum, truthOf } from './makeSpectra.js';

/**
 * A spectrum whose bulk arc apex (R1 = 40 Ω, Q1 = 1e-11, α = 0.9: ≈ 3 GHz) lies far above the top
 * frequency: the fit cannot determine every parameter, so fitCircuit flags NOT_IDENTIFIABLE.
 */
const hardSpectrum = (seed: number): Spectrum => noisySpectrum([30, 40, 1e-11, 0.9, 1000, 1e-6, 0.85], seed);

const SPECTRA: Spectrum[] = [...makeSpectra(10), hardSpectrum(1), hardSpectrum(2)];

/** Every number of table row i against the FitResult of the same spectrum; undefined when all agree bit for bit. */
function rowMismatch(table: FitTable, i: number, r: FitResult): string | undefined {
  const P = table.keys.length;
  const same = (what: string, a: number, b: number) => (Object.is(a, b) ? undefined : `row ${i} ${what}: ${a} !== ${b}`);
  const codes = new Set<string>(r.warnings.map((w) => w.code));
  if (r.reordered) codes.add('REORDERED');
  const bits = FIT_TABLE_WARNINGS.reduce((acc, code, k) => acc | (codes.has(code) ? 1 << k : 0), 0);
  const checks = [
    same('status', table.status[i], FIT_STATUS.fitted),
    same('converged', table.converged[i], r.converged ? 1 : 0),
    table.reason[i] === r.reason ? undefined : `row ${i} reason ${table.reason[i]} !== ${r.reason}`,
    same('iterations', table.iterations[i], r.iterations),
    same('evaluations', table.evaluations[i], r.evaluations),
    same('chiSquare', table.chiSquare[i], r.statistics.chiSquare),
    same('reducedChiSquare', table.reducedChiSquare[i], r.statistics.reducedChiSquare),
    same('aic', table.aic[i], r.statistics.aic),
    same('aicc', table.aicc[i], r.statistics.aicc),
    same('bic', table.bic[i], r.statistics.bic),
    same('warnings', table.warnings[i], bits),
  ];
  r.parameters.forEach((p, k) => {
    const flags = (p.fixed ? PARAMETER_FLAGS.fixed : 0) | (p.atBound ? PARAMETER_FLAGS.atBound : 0) | (p.identifiable ? 0 : PARAMETER_FLAGS.notIdentifiable);
    checks.push(same(`value ${p.key}`, table.values[i * P + k], p.value));
    checks.push(same(`stderr ${p.key}`, table.stderr[i * P + k], p.stderr ?? NaN));
    checks.push(same(`flags ${p.key}`, table.parameterFlags[i * P + k], flags));
  });
  return checks.find((c) => c !== undefined);
}

describe('fitTable', () => {
  it.each([
    { label: 'modulus, multistart 1 seed 7', fit: { weighting: 'modulus', multistart: 1, seed: 7 } as FitOptions },
    { label: 'unit, CPE2_1 fixed at 0.85', fit: { fixed: { CPE2_1: 0.85 } } as FitOptions },
    { label: 'maxIterations 3 (not converged)', fit: { maxIterations: 3 } as FitOptions },
  ])('$label: every number of every row equals fitCircuit’s result bit for bit, for workers 0, 1 and 2', async ({ fit }) => {
    const direct = SPECTRA.map((s) => fitCircuit(CIRCUIT, s, fit));
    // The cases must exercise what the table encodes: flags, nulls and non-convergence.
    const all = direct.flatMap((r) => r.warnings.map((w) => w.code));
    if (fit.maxIterations) expect(direct.filter((r) => !r.converged).length).toBeGreaterThan(5);
    else expect(all).toContain('NOT_IDENTIFIABLE');
    if (fit.fixed) expect(direct[0].parameters[6]).toMatchObject({ fixed: true, stderr: null });
    for (const [workers, chunkSize] of [
      [0, 5],
      [1, undefined],
      [2, 1],
    ] as const) {
      const table = await fitTable(SPECTRA, CIRCUIT, { ...fit, workers, chunkSize });
      expect([table.count, table.succeeded, table.failed, table.cancelled, table.workers]).toEqual([12, 12, 0, 0, workers]);
      expect(table.keys).toEqual(direct[0].parameters.map((p) => p.key));
      expect(table.circuit).toBe(direct[0].circuit);
      expect(table.options).toEqual(direct[0].options);
      direct.forEach((r, i) => expect(rowMismatch(table, i, r)).toBeUndefined());
    }
  });

  it('rows are in input order: R1 recovers each spectrum’s own truth (150 + 10·i Ω) within 5 %', async () => {
    const table = await fitTable(SPECTRA.slice(0, 10), CIRCUIT, { workers: 2, chunkSize: 3 });
    const r1 = tableColumn(table, 'R1');
    const r1Error = tableColumn(table, 'R1', 'stderr');
    for (let i = 0; i < 10; i++) {
      expectClose(r1[i], truthOf(i)[1], 0.05, 0, `R1 of spectrum ${i}`);
      expect(r1Error[i]).toBeGreaterThan(0);
      expect(r1Error[i]).toBeLessThan(0.15 * r1[i]); // 1 % noise on 71 points: R1 to ≈ 5–9 % here
    }
    // An alias names the same column as its key.
    expect(tableColumn(table, 'CPE1.alpha')).toEqual(tableColumn(table, 'CPE1_1'));
  });

  it('the hard spectra carry NOT_IDENTIFIABLE in their warning bits and flag a parameter, while the identifiable ones do not', async () => {
    const table = await fitTable(SPECTRA, CIRCUIT, { workers: 0 });
    const bit = 1 << FIT_TABLE_WARNINGS.indexOf('NOT_IDENTIFIABLE');
    const P = table.keys.length;
    for (let i = 0; i < 12; i++) {
      const hard = i >= 10;
      expect(Boolean(table.warnings[i] & bit)).toBe(hard);
      const flags = Array.from(table.parameterFlags.subarray(i * P, (i + 1) * P));
      expect(flags.some((f) => f & PARAMETER_FLAGS.notIdentifiable)).toBe(hard);
    }
  });

  it('a bad spectrum fails alone with its typed error (line and column); its row is NaN and the others are intact', async () => {
    const input = SPECTRA.slice(0, 6).map((s) => ({ ...s }));
    const re = input[2].re.slice();
    re[10] = NaN;
    input[2] = { ...input[2], re };
    input[4] = { ...input[4], im: input[4].im.slice(0, 70) };
    const table = await fitTable(input, CIRCUIT, { workers: 2, chunkSize: 2 });
    expect([table.succeeded, table.failed, table.cancelled]).toEqual([4, 2, 0]);
    expect(Array.from(table.status)).toEqual([0, 0, 1, 0, 1, 0]);
    const e2 = table.errors.get(2) as DataFormatError;
    expect(e2).toBeInstanceOf(DataFormatError);
    expect(e2.code).toBe('NON_FINITE');
    expect(e2.issues[0]).toMatchObject({ line: 11, column: 're' });
    expect((table.errors.get(4) as DataFormatError).code).toBe('LENGTH_MISMATCH');
    expect(table.errors.size).toBe(2);
    const P = table.keys.length;
    expect(Array.from(table.values.subarray(2 * P, 3 * P)).every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(table.chiSquare[2])).toBe(true);
    expect(table.reason[2]).toBe('');
    for (const i of [0, 1, 3, 5]) expect(rowMismatch(table, i, fitCircuit(CIRCUIT, input[i]))).toBeUndefined();
  });

  it('abort after the first chunk: finished rows keep their numbers, the rest are CANCELLED', async () => {
    const controller = new AbortController();
    const table = await fitTable(SPECTRA, CIRCUIT, {
      workers: 1,
      chunkSize: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.completed >= 2) controller.abort(new Error('user stop'));
      },
    });
    expect(table.aborted).toBe(true);
    expect(table.succeeded).toBeGreaterThanOrEqual(2);
    expect(table.succeeded).toBeLessThan(12);
    expect(table.succeeded + table.cancelled).toBe(12);
    for (let i = 0; i < 12; i++) {
      if (table.status[i] === FIT_STATUS.fitted) expect(rowMismatch(table, i, fitCircuit(CIRCUIT, SPECTRA[i]))).toBeUndefined();
      else {
        expect(table.status[i]).toBe(FIT_STATUS.cancelled);
        expect((table.errors.get(i) as EisError).code).toBe('CANCELLED');
      }
    }
  });

  it('warmStart with segments [0, 3] gives the numbers of fitBatch’s warm-started series, for 1 and 2 workers', async () => {
    const series = SPECTRA.slice(0, 6);
    const batch = await fitBatch(series, CIRCUIT, { warmStart: true, segments: [0, 3], workers: 1 });
    for (const workers of [1, 2]) {
      const table = await fitTable(series, CIRCUIT, { warmStart: true, segments: [0, 3], workers });
      batch.items.forEach((item, i) => {
        if (!item.ok) throw item.error;
        expect(rowMismatch(table, i, item.result)).toBeUndefined();
      });
    }
    // The warm start changes the solver's path: at least one row differs from a cold fit.
    const cold = await fitTable(series, CIRCUIT, { workers: 0 });
    const warm = await fitTable(series, CIRCUIT, { warmStart: true, segments: [0, 3], workers: 0 });
    expect(Array.from(warm.iterations)).not.toEqual(Array.from(cold.iterations));
  });

  it('boundProbe + warmStart: a fit that ends on R0 = 0 does not fail the rest of its segment (R0 restarts from the guess)', async () => {
    // Bulk apex ≈ 57 MHz (the benchmark's "as specified" truth); with seed 40 boundProbe puts R0 on its bound 0.
    const series = [40, 41, 42].map((seed) => noisySpectrum([50, 200, 1e-10, 0.9, 1000, 1e-6, 0.85], seed));
    const options = { boundProbe: true, warmStart: true, workers: 0 } as const;
    const first = fitCircuit(CIRCUIT, series[0], { boundProbe: true });
    expect(first.values.R0).toBe(0); // the case this test is about
    const model = compileCircuit(CIRCUIT);
    const initial = warmStartValues(model, first.valueArray);
    expect(Object.keys(initial)).toEqual(['R1', 'CPE1_0', 'CPE1_1', 'R2', 'CPE2_0', 'CPE2_1']);
    const second = fitCircuit(CIRCUIT, series[1], { boundProbe: true, initial });
    const batch = await fitBatch(series, CIRCUIT, options);
    const table = await fitTable(series, CIRCUIT, options);
    // Before the fix every spectrum after the first failed with OUT_OF_BOUNDS ("R0 = 0 is outside its bounds").
    expect([batch.failed, table.failed]).toEqual([0, 0]);
    const item = batch.items[1];
    if (!item.ok) throw item.error;
    expect(item.result.valueArray).toEqual(second.valueArray);
    expect(rowMismatch(table, 1, second)).toBeUndefined();
  });

  it('runs on a shared warm pool, with the same numbers', async () => {
    const pool = await createFitPool({ workers: 2 });
    try {
      const a = await fitTable(SPECTRA, CIRCUIT, { pool });
      const b = await fitTable(SPECTRA, 'R0-p(R1,CPE1)', { pool });
      expect(b.keys).toEqual(['R0', 'R1', 'CPE1_0', 'CPE1_1']);
      expect(b.succeeded).toBe(12);
      SPECTRA.forEach((s, i) => {
        expect(rowMismatch(a, i, fitCircuit(CIRCUIT, s))).toBeUndefined();
        expect(rowMismatch(b, i, fitCircuit('R0-p(R1,CPE1)', s))).toBeUndefined();
      });
    } finally {
      await pool.close();
    }
  });

  it.each([
    { label: 'profile', run: () => fitTable(SPECTRA, CIRCUIT, { profile: true } as never), type: ParameterError, code: 'BAD_OPTION' },
    { label: 'unknown fixed key', run: () => fitTable(SPECTRA, CIRCUIT, { fixed: { R9: 1 }, workers: 0 }), type: ParameterError, code: 'UNKNOWN_PARAMETER' },
    { label: 'not an array', run: () => fitTable(undefined as never, CIRCUIT), type: ParameterError, code: 'BAD_OPTION' },
  ])('$label is rejected up front with $type.name $code', async ({ run, type, code }) => {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    expect((error as ParameterError).code).toBe(code);
  });

  it('workers: 0 accepts a guess function (it cannot cross threads) and gives fitCircuit’s numbers with it', async () => {
    const guess = (_m: unknown, _s: unknown, auto: Float64Array) => ({ R0: auto[0] * 1.5 });
    const table = await fitTable(SPECTRA.slice(0, 3), CIRCUIT, { workers: 0, guess });
    SPECTRA.slice(0, 3).forEach((s, i) => expect(rowMismatch(table, i, fitCircuit(CIRCUIT, s, { guess }))).toBeUndefined());
    await expect(fitTable(SPECTRA.slice(0, 3), CIRCUIT, { workers: 1, guess })).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });

  it('tableColumn on an unknown key throws UNKNOWN_PARAMETER naming the keys', async () => {
    const table = await fitTable(SPECTRA.slice(0, 1), CIRCUIT, { workers: 0 });
    expect(() => tableColumn(table, 'R7')).toThrowError(/no parameter "R7".*keys: R0, R1, CPE1_0/);
  });

  it('an empty input gives an empty table', async () => {
    const table = await fitTable([], CIRCUIT, { workers: 2 });
    expect([table.count, table.succeeded, table.values.length]).toEqual([0, 0, 0]);
  });
});

describe('tableRows', () => {
  it('tidy rows with the spectra’s meta, null for NaN, warning codes, the error message; seriesToCsv writes them', async () => {
    const input: Spectrum[] = [SPECTRA[0], SPECTRA[10], { ...SPECTRA[1], im: SPECTRA[1].im.slice(0, 70) }].map((s, i) => ({
      ...s,
      meta: { time: 3 * i, label: `t${i}` },
    }));
    const table = await fitTable(input, CIRCUIT, { workers: 0, fixed: { CPE2_1: 0.85 } });
    const { rows, columns } = tableRows(table, input);
    expect(columns.slice(0, 4)).toEqual(['index', 'time', 'label', 'status']);
    expect(columns).toContain('R1_stderr');
    expect(columns.slice(-2)).toEqual(['warnings', 'error']);
    expect(rows.map((r) => [r.index, r.time, r.label, r.status])).toEqual([
      [0, 0, 't0', 'fitted'],
      [1, 3, 't1', 'fitted'],
      [2, 6, 't2', 'failed'],
    ]);
    const direct = fitCircuit(CIRCUIT, input[0], { fixed: { CPE2_1: 0.85 } });
    expect(rows[0].R1).toBe(direct.values.R1);
    expect(rows[0].R1_stderr).toBe(direct.parameters[1].stderr);
    expect(rows[0].CPE2_1_stderr).toBeNull(); // fixed: NaN in the table, null here
    expect(rows[0].chiSquare).toBe(direct.statistics.chiSquare);
    expect(rows[0].converged).toBe(direct.converged);
    expect(String(rows[1].warnings).split(' ')).toContain('NOT_IDENTIFIABLE');
    expect(rows[2]).toMatchObject({ converged: null, reason: null, R1: null, chiSquare: null });
    expect(String(rows[2].error)).toMatch(/length|points/i);
    const csv = seriesToCsv(tableRows(table, input)).trimEnd().split('\n');
    expect(csv).toHaveLength(4);
    expect(csv[0].split(',')).toEqual(columns);
    expect(csv[1].split(',')[columns.indexOf('R1')]).toBe(String(direct.values.R1));
    expect(() => tableRows(table, input.slice(0, 2))).toThrowError(/2 spectra for a table of 3 rows/);
  });
});

describe('fitCircuitRow', () => {
  it('writes at its offset only: the values of fitCircuit after ROW_HEAD', () => {
    const model = compileCircuit(CIRCUIT);
    const stride = ROW_HEAD + 3 * 7;
    const row = new Float64Array(3 * stride).fill(-1);
    fitCircuitRow(model, SPECTRA[0], {}, row, stride);
    const values = row.subarray(stride + ROW_HEAD, stride + ROW_HEAD + 7);
    expect(Array.from(row.subarray(0, stride)).every((v) => v === -1)).toBe(true);
    expect(Array.from(row.subarray(2 * stride)).every((v) => v === -1)).toBe(true);
    expect(Array.from(values)).toEqual(fitCircuit(model, SPECTRA[0]).valueArray);
  });
});
