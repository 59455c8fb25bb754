/**
 * Fits many spectra into one columnar table: the numbers of every fit
 * (values, standard errors, χ², flags) without a full `FitResult` per
 * spectrum. This is the form for campaigns of 10⁴–10⁶ spectra.
 *
 * @module
 */
import { compileCircuit } from '../../circuit/compileCircuit.js';
import type { Spectrum } from '../../data/spectrum.js';
import { ParameterError } from '../../errors.js';
import { ROW, ROW_HEAD, ROW_PARAM_AT_BOUND, ROW_PARAM_FIXED, ROW_PARAM_NOT_IDENTIFIABLE, ROW_REASONS, ROW_WARNING_CODES, snapshotOptions } from '../fitCircuit.js';
import type { LmStopReason } from '../lm.js';
import type { SerializableFitOptions } from '../types.js';
import { planChunks } from './fitBatch.js';
import type { BatchProgress, BatchRunSummary, FitBatchOptions } from './fitBatch.js';
import { cancelledError, fitOptionsOf, runWorkers, startRun, structuralError, validateUpFront } from './fitRunner.js';
import type { FitRowsReply } from './fitTask.js';
import { deserializeError } from './protocol.js';

/**
 * Warning bits of {@link FitTable.warnings}: bit k is set when the fit raised
 * `FIT_TABLE_WARNINGS[k]` (the `FitWarning` codes of `fitCircuit`, plus
 * `REORDERED` when interchangeable arcs were put in canonical order).
 *
 * @example
 * ```ts
 * const notIdentifiable = 1 << FIT_TABLE_WARNINGS.indexOf('NOT_IDENTIFIABLE');
 * const flagged = table.warnings.filter((w) => w & notIdentifiable).length;
 * ```
 */
export const FIT_TABLE_WARNINGS = ROW_WARNING_CODES;

/**
 * Bits of {@link FitTable.parameterFlags}.
 *
 * @example
 * ```ts
 * const P = table.keys.length;
 * const r0AtBound = (table.parameterFlags[i * P + 0] & PARAMETER_FLAGS.atBound) !== 0;
 * ```
 */
export const PARAMETER_FLAGS = Object.freeze({
  /** The parameter was fixed (not fitted). */
  fixed: ROW_PARAM_FIXED,
  /** The parameter ended on a bound (its standard error is not reported). */
  atBound: ROW_PARAM_AT_BOUND,
  /** The data do not determine the parameter on its own (`FittedParameter.identifiable` false). */
  notIdentifiable: ROW_PARAM_NOT_IDENTIFIABLE,
});

/**
 * Values of {@link FitTable.status}.
 *
 * @example
 * ```ts
 * const ok = table.status.filter((s) => s === FIT_STATUS.fitted).length; // === table.succeeded
 * ```
 */
export const FIT_STATUS = Object.freeze({
  /** The fit ran (it may still have `converged` 0). */
  fitted: 0,
  /** The fit threw; the error is in {@link FitTable.errors}. */
  failed: 1,
  /** Not fitted because the run was aborted. */
  cancelled: 2,
});

/**
 * The outcome of {@link fitTable}: one row per input spectrum, in input
 * order, stored column by column in typed arrays. Per-parameter arrays are
 * row-major, `count × keys.length`: parameter `p` of spectrum `i` is at
 * `i * keys.length + p` (or use {@link tableColumn}).
 *
 * Every number of a fitted row (`status` 0) equals the corresponding field of
 * `fitCircuit`'s `FitResult` for that spectrum, bit for bit: `values` =
 * `valueArray`, `stderr` = `parameters[p].stderr`, `chiSquare` =
 * `statistics.chiSquare`, and so on. Fitted values are never NaN.
 *
 * NaN marks what does not exist: `stderr` where the result has `null` (a
 * fixed parameter, one at a bound, or an undetermined variance), and every
 * number of a row whose fit failed or was cancelled (`status` 1 or 2).
 */
export interface FitTable extends BatchRunSummary {
  /** The circuit, as `fitCircuit` reports it (impedance.py form). */
  circuit: string;
  /** Parameter keys, model order (the columns of the per-parameter arrays). */
  keys: string[];
  /** Readable aliases of the parameters (`R0.R`, `CPE1.Q`, `CPE1.alpha`), same order. */
  aliases: string[];
  /** Units of the parameters (Ω, F·s^(α−1), …), same order. */
  units: string[];
  /** The per-fit options, JSON-safe (as `FitResult.options`). */
  options: SerializableFitOptions;
  /** Spectra (rows). */
  count: number;
  /** Per row: {@link FIT_STATUS} (0 fitted, 1 failed, 2 cancelled). */
  status: Uint8Array;
  /** The error of each failed or cancelled row, by row index (typed: `DataFormatError`, `EisError` `CANCELLED`, …). */
  errors: Map<number, Error>;
  /** Per row: 1 when the solver met a convergence test (`FitResult.converged`). */
  converged: Uint8Array;
  /** Per row: why the solver stopped (`FitResult.reason`); '' for rows not fitted. */
  reason: (LmStopReason | '')[];
  /** Per row: solver iterations (`FitResult.iterations`). */
  iterations: Uint32Array;
  /** Per row: residual evaluations over all starts (`FitResult.evaluations`). */
  evaluations: Uint32Array;
  /** Per row: χ² (`statistics.chiSquare`; Ω² for unit weighting, dimensionless for relative weights). */
  chiSquare: Float64Array;
  /** Per row: χ²/(m − k). */
  reducedChiSquare: Float64Array;
  /** Per row: Akaike information criterion (`statistics.aic`). */
  aic: Float64Array;
  /** Per row: small-sample AIC (`statistics.aicc`). */
  aicc: Float64Array;
  /** Per row: Bayesian information criterion (`statistics.bic`). */
  bic: Float64Array;
  /** Per row: warning bits, bit k = {@link FIT_TABLE_WARNINGS}[k]. */
  warnings: Uint8Array;
  /** Fitted values in natural units, `count × keys.length` row-major. */
  values: Float64Array;
  /** Standard errors (same units), NaN where not reported; `count × keys.length`. */
  stderr: Float64Array;
  /** {@link PARAMETER_FLAGS} bits per parameter, `count × keys.length`. */
  parameterFlags: Uint8Array;
}

/**
 * One spectrum's row of numbers (what a {@link FitTable} holds per row), as
 * `fitStream` yields it with `output: 'rows'`. Every number equals the
 * corresponding field of `fitCircuit`'s result bit for bit.
 */
export interface FitRow {
  /** Fitted values in natural units, model order (`FitResult.valueArray`). */
  values: Float64Array;
  /** Standard errors, NaN where the result has `null`. */
  stderr: Float64Array;
  /** {@link PARAMETER_FLAGS} bits per parameter. */
  parameterFlags: Uint8Array;
  /** `FitResult.converged`. */
  converged: boolean;
  /** `FitResult.reason`. */
  reason: LmStopReason | '';
  /** `FitResult.iterations`. */
  iterations: number;
  /** `FitResult.evaluations`. */
  evaluations: number;
  /** `statistics.chiSquare`. */
  chiSquare: number;
  /** `statistics.reducedChiSquare`. */
  reducedChiSquare: number;
  /** `statistics.aic`. */
  aic: number;
  /** `statistics.aicc`. */
  aicc: number;
  /** `statistics.bic`. */
  bic: number;
  /** Warning bits, bit k = {@link FIT_TABLE_WARNINGS}[k]. */
  warnings: number;
}

/**
 * Row k of a worker's reply as a {@link FitRow} (own copies of the numbers).
 *
 * @internal
 * @param rows - the reply's rows
 * @param k - row in the reply
 * @param stride - numbers per row (ROW_HEAD + 3·P, which gives P)
 * @returns the row
 * @example
 * ```ts
 * const row = rowOf(reply.rows, 0, reply.stride);
 * ```
 */
export function rowOf(rows: Float64Array, k: number, stride: number): FitRow {
  const P = (stride - ROW_HEAD) / 3;
  const o = k * stride;
  const vo = o + ROW_HEAD;
  return {
    values: rows.slice(vo, vo + P),
    stderr: rows.slice(vo + P, vo + 2 * P),
    parameterFlags: Uint8Array.from(rows.subarray(vo + 2 * P, vo + 3 * P)),
    converged: rows[o + ROW.converged] === 1,
    reason: ROW_REASONS[rows[o + ROW.reason]] ?? '',
    iterations: rows[o + ROW.iterations],
    evaluations: rows[o + ROW.evaluations],
    chiSquare: rows[o + ROW.chiSquare],
    reducedChiSquare: rows[o + ROW.reducedChiSquare],
    aic: rows[o + ROW.aic],
    aicc: rows[o + ROW.aicc],
    bic: rows[o + ROW.bic],
    warnings: rows[o + ROW.warnings],
  };
}

/** Largest automatic chunk of {@link fitTable} (spectra per message to a worker). */
const TABLE_MAX_CHUNK = 128;

/** Options of {@link fitTable}: those of `fitBatch` except `profile` (profile intervals are not part of a table). */
export type FitTableOptions = Omit<FitBatchOptions, 'profile'>;

function emptyTable(circuit: string, keys: string[], aliases: string[], units: string[], options: SerializableFitOptions, count: number): FitTable {
  const P = keys.length;
  const nan = (n: number) => new Float64Array(n).fill(NaN);
  return {
    circuit,
    keys,
    aliases,
    units,
    options,
    count,
    status: new Uint8Array(count),
    errors: new Map(),
    converged: new Uint8Array(count),
    reason: new Array<LmStopReason | ''>(count).fill(''),
    iterations: new Uint32Array(count),
    evaluations: new Uint32Array(count),
    chiSquare: nan(count),
    reducedChiSquare: nan(count),
    aic: nan(count),
    aicc: nan(count),
    bic: nan(count),
    warnings: new Uint8Array(count),
    values: nan(count * P),
    stderr: nan(count * P),
    parameterFlags: new Uint8Array(count * P),
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    aborted: false,
    workers: 0,
    timeMs: 0,
  };
}

/** Copies row k of a reply into table row i. */
function copyRow(table: FitTable, i: number, rows: Float64Array, k: number, stride: number): void {
  const P = table.keys.length;
  const o = k * stride;
  table.converged[i] = rows[o + ROW.converged];
  const reason = ROW_REASONS[rows[o + ROW.reason]];
  table.reason[i] = reason ?? '';
  table.iterations[i] = rows[o + ROW.iterations];
  table.evaluations[i] = rows[o + ROW.evaluations];
  table.chiSquare[i] = rows[o + ROW.chiSquare];
  table.reducedChiSquare[i] = rows[o + ROW.reducedChiSquare];
  table.aic[i] = rows[o + ROW.aic];
  table.aicc[i] = rows[o + ROW.aicc];
  table.bic[i] = rows[o + ROW.bic];
  table.warnings[i] = rows[o + ROW.warnings];
  const vo = o + ROW_HEAD;
  table.values.set(rows.subarray(vo, vo + P), i * P);
  table.stderr.set(rows.subarray(vo + P, vo + 2 * P), i * P);
  for (let p = 0; p < P; p++) table.parameterFlags[i * P + p] = rows[vo + 2 * P + p];
}

/**
 * Fits `circuit` to every spectrum, like `fitBatch`, and returns the numbers
 * of all fits as one columnar {@link FitTable} instead of a `FitResult` per
 * spectrum.
 *
 * Each fit is exactly `fitCircuit`'s computation (guess, Levenberg–Marquardt
 * in transformed parameters, canonical arc order, covariance
 * Cov = s²·(JᵀWJ)⁻¹ and the identifiability checks; see `fitCircuit` for the
 * method and its references), so every number of the table equals the
 * corresponding field of `fitCircuit`'s result bit for bit, for any worker
 * count or chunk size. What is left out: the covariance and correlation
 * matrices, warning texts, the fitted curve and the residuals. Refit a
 * spectrum of interest with `fitCircuit` to get them (same numbers).
 *
 * Why a table: a `FitResult` is about a hundred small objects (≈ 10 kB with
 * its point arrays). Building, sending and collecting those dominates a
 * pooled run once each fit takes only ≈ 0.1 ms: a table row crosses threads
 * as ≈ 250 bytes of one transferred buffer, the main thread only copies it,
 * and a row of a 7-parameter circuit takes ≈ 180 bytes (a million: ≈ 180 MB).
 *
 * Failure is per spectrum (`status`, `errors`), aborting `signal` cancels the
 * unfinished rows, and errors that concern every spectrum are thrown up
 * front, all as in `fitBatch`. `warmStart`, `segments`, `pool`, `workers`,
 * `chunkSize` and `onProgress` work as there; automatic chunks hold up to 128
 * spectra (32 in `fitBatch`), since replies are small. `tableRows` turns the
 * table into tidy rows for `seriesToCsv`.
 *
 * @param spectra - the spectra (`{ frequency, re, im }`, Hz, Ω, true sign of Im)
 * @param circuit - circuit string (impedance.py or CDC)
 * @param options - per-fit options (all of `FitOptions` except `profile`) plus the run options of `fitBatch`
 * @returns the table
 * @throws CircuitSyntaxError for a bad circuit; ParameterError for options every fit would reject, or `profile`
 * @example
 * ```ts
 * const table = await fitTable(spectra, 'R0-p(R1,CPE1)-p(R2,CPE2)', { weighting: 'modulus' });
 * const r1 = tableColumn(table, 'R1'); // Float64Array, one value per spectrum
 * const r1Error = tableColumn(table, 'R1', 'stderr');
 * ```
 */
export async function fitTable(spectra: readonly Spectrum[], circuit: string, options: FitTableOptions = {}): Promise<FitTable> {
  const t0 = Date.now();
  if (!spectra || typeof spectra.length !== 'number') {
    throw new ParameterError('BAD_OPTION', 'spectra: must be an array of spectra', 'spectra');
  }
  if ((options as FitBatchOptions).profile !== undefined) {
    throw new ParameterError('BAD_OPTION', 'profile: profile intervals are not part of a table; use fitBatch or fitCircuit for them', 'profile');
  }
  const total = spectra.length;
  const fit = fitOptionsOf(options);
  const model = compileCircuit(circuit, fit.elements ? { elements: fit.elements } : {});
  const table = emptyTable(
    model.circuit,
    model.parameters.map((p) => p.key),
    model.parameters.map((p) => p.alias),
    model.parameters.map((p) => p.unit),
    snapshotOptions(fit),
    total,
  );
  const valid: number[] = [];
  for (let i = 0; i < total; i++) {
    const e = structuralError(spectra[i]);
    if (e) {
      table.status[i] = FIT_STATUS.failed;
      table.errors.set(i, e);
      table.failed++;
    } else valid.push(i);
  }
  validateUpFront(circuit, fit, valid.length ? spectra[valid[0]] : undefined);
  const requested = await runWorkers(options);
  // Rows are small, so chunks can be larger than fitBatch's (32): fewer messages, fewer main-thread
  // wake-ups. On 2 workers, 128 gave 1.86× over 1 worker against 1.72–1.81× with 32 (bench/RESULTS.md).
  const { chunks, warm } = planChunks(valid, total, requested, options, TABLE_MAX_CHUNK);
  const workers = requested === 0 ? 0 : Math.min(requested, Math.max(1, chunks.length));
  table.workers = workers;
  const signal = options.signal;
  const done = new Uint8Array(total);
  for (const i of table.errors.keys()) done[i] = 1;
  const progress = () =>
    options.onProgress?.({
      completed: table.succeeded + table.failed,
      succeeded: table.succeeded,
      failed: table.failed,
      total,
      elapsedMs: Date.now() - t0,
    } satisfies BatchProgress);

  const { runner, detach } = await startRun(circuit, fit, workers, options, chunks.length > 0);
  try {
    if (runner) {
      const r = runner;
      await Promise.all(
        chunks.map(async (chunk) => {
          try {
            await r.runRows(
              chunk.map((i) => spectra[i]),
              warm,
              (reply: FitRowsReply) => {
                chunk.forEach((i, k) => {
                  done[i] = 1;
                  const error = reply.errors?.[k];
                  if (error) {
                    table.status[i] = FIT_STATUS.failed;
                    table.errors.set(i, deserializeError(error));
                    table.failed++;
                  } else {
                    copyRow(table, i, reply.rows, k, reply.stride);
                    table.succeeded++;
                  }
                });
              },
            );
          } catch (e) {
            const error = signal?.aborted ? cancelledError(signal) : e instanceof Error ? e : new Error(String(e));
            const cancelled = (error as { code?: string }).code === 'CANCELLED';
            for (const i of chunk) {
              done[i] = 1;
              table.status[i] = cancelled ? FIT_STATUS.cancelled : FIT_STATUS.failed;
              table.errors.set(i, error);
              if (cancelled) table.cancelled++;
              else table.failed++;
            }
          }
          progress();
        }),
      );
    }
  } finally {
    detach();
    const stats = runner?.stats();
    if (stats) table.stats = stats;
    await runner?.close();
  }
  for (let i = 0; i < total; i++) {
    if (done[i]) continue;
    table.status[i] = FIT_STATUS.cancelled;
    table.errors.set(i, cancelledError(signal));
    table.cancelled++;
  }
  progress();
  table.aborted = signal?.aborted ?? false;
  table.timeMs = Date.now() - t0;
  return table;
}

/**
 * One column of a {@link FitTable}: the value (or standard error) of one
 * parameter for every spectrum, e.g. to plot R_int against time.
 *
 * @param table - from {@link fitTable}
 * @param key - parameter key (`R1`, `CPE1_1`) or alias (`CPE1.alpha`)
 * @param field - `'value'` (default, natural units) or `'stderr'` (NaN where not reported)
 * @returns a new Float64Array of `table.count` entries (NaN in rows not fitted)
 * @throws ParameterError `UNKNOWN_PARAMETER` when the circuit has no such parameter
 * @example
 * ```ts
 * const rInt = tableColumn(table, 'R2');
 * ```
 */
export function tableColumn(table: FitTable, key: string, field: 'value' | 'stderr' = 'value'): Float64Array {
  let p = table.keys.indexOf(key);
  if (p < 0) p = table.aliases.indexOf(key);
  if (p < 0) {
    throw new ParameterError('UNKNOWN_PARAMETER', `tableColumn: no parameter "${key}" in ${table.circuit} (keys: ${table.keys.join(', ')})`, key);
  }
  const P = table.keys.length;
  const source = field === 'stderr' ? table.stderr : table.values;
  const out = new Float64Array(table.count);
  for (let i = 0; i < table.count; i++) out[i] = source[i * P + p];
  return out;
}

/** One value of {@link tableRows}: a number, a string, a boolean, or null where missing. */
export type TableValue = number | string | boolean | null;

/** What {@link tableRows} returns (the shape `seriesToCsv` and `seriesToJson` take). */
export interface TableRows {
  /** One object per spectrum, column name → value. */
  rows: Record<string, TableValue>[];
  /** Column names in output order. */
  columns: string[];
}

/** Spectrum `meta` fields that {@link tableRows} copies into columns, when present. */
const META_COLUMNS = ['time', 'temperature', 'potential', 'cycle', 'label', 'source'] as const;

/**
 * Flattens a {@link FitTable} into tidy rows, one per spectrum, for CSV or
 * JSON (`seriesToCsv(tableRows(table, spectra))` writes the CSV). Columns:
 * `index`; with `spectra`, their `meta` fields `time`, `temperature`,
 * `potential`, `cycle`, `label`, `source` where any spectrum has them;
 * `status` (`fitted`, `failed`, `cancelled`), `converged`, `reason`,
 * `chiSquare`, `reducedChiSquare`, `aic`, `aicc`, `bic`, every parameter as
 * `<key>` and `<key>_stderr`, `warnings` (the codes of the warning bits,
 * space-separated) and `error` (the message of a failed or cancelled row).
 * The names match `seriesRows`. NaN (not reported, or no fit) becomes null.
 *
 * @param table - from {@link fitTable}
 * @param spectra - the input spectra, in the same order, for their metadata
 * @returns rows and the column order
 * @throws ParameterError `BAD_OPTION` when `spectra` has another length than the table
 * @example
 * ```ts
 * writeFileSync('campaign.csv', seriesToCsv(tableRows(table, spectra)));
 * ```
 */
export function tableRows(table: FitTable, spectra?: readonly Spectrum[]): TableRows {
  if (spectra && spectra.length !== table.count) {
    throw new ParameterError('BAD_OPTION', `spectra: ${spectra.length} spectra for a table of ${table.count} rows`, 'spectra');
  }
  const meta = spectra ? META_COLUMNS.filter((k) => spectra.some((s) => s?.meta?.[k] !== undefined)) : [];
  const columns = ['index', ...meta, 'status', 'converged', 'reason', 'chiSquare', 'reducedChiSquare', 'aic', 'aicc', 'bic'];
  for (const key of table.keys) columns.push(key, `${key}_stderr`);
  columns.push('warnings', 'error');
  const P = table.keys.length;
  const num = (v: number): TableValue => (Number.isNaN(v) ? null : v);
  const status = ['fitted', 'failed', 'cancelled'];
  const rows = Array.from({ length: table.count }, (_, i) => {
    const row: Record<string, TableValue> = { index: i };
    for (const k of meta) {
      const v = spectra?.[i]?.meta?.[k];
      row[k] = v === undefined ? null : (v as TableValue);
    }
    const fitted = table.status[i] === FIT_STATUS.fitted;
    row.status = status[table.status[i]];
    row.converged = fitted ? table.converged[i] === 1 : null;
    row.reason = fitted ? table.reason[i] : null;
    row.chiSquare = num(table.chiSquare[i]);
    row.reducedChiSquare = num(table.reducedChiSquare[i]);
    row.aic = num(table.aic[i]);
    row.aicc = num(table.aicc[i]);
    row.bic = num(table.bic[i]);
    for (let p = 0; p < P; p++) {
      row[table.keys[p]] = num(table.values[i * P + p]);
      row[`${table.keys[p]}_stderr`] = num(table.stderr[i * P + p]);
    }
    row.warnings = FIT_TABLE_WARNINGS.filter((_, k) => table.warnings[i] & (1 << k)).join(' ');
    row.error = table.errors.get(i)?.message ?? null;
    return row;
  });
  return { rows, columns };
}
