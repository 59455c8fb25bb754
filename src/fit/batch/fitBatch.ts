/**
 * Fits many independent spectra across all cores.
 *
 * @module
 */
import type { Spectrum } from '../../data/spectrum.js';
import { ParameterError } from '../../errors.js';
import {
  cancelledError,
  startRun,
  failedItem,
  fitOptionsOf,
  positiveInteger,
  runWorkers,
  structuralError,
  toItem,
  validateUpFront,
} from './fitRunner.js';
import type { BatchItem, BatchRunStats, ParallelFitOptions } from './fitRunner.js';

/** Progress of a batch, reported after every finished chunk. */
export interface BatchProgress {
  /** Spectra finished so far (succeeded + failed, not counting cancelled). */
  completed: number;
  /** Spectra fitted without error. */
  succeeded: number;
  /** Spectra that failed with an error. */
  failed: number;
  /** Spectra in the batch. */
  total: number;
  /** Milliseconds since the batch started. */
  elapsedMs: number;
}

/** Options of {@link fitBatch}: every {@link FitOptions} field (applied to each fit) plus the run options. */
export interface FitBatchOptions extends ParallelFitOptions {
  /** Called after every finished chunk (and once at the end); must not throw. */
  onProgress?: (progress: BatchProgress) => void;
  /**
   * Warm-started series: within a segment, spectra are fitted in input order,
   * each starting from the previous spectrum's fitted values (a failed fit
   * passes on the last good values). Segments run in parallel. Default false
   * (every fit independent).
   */
  warmStart?: boolean;
  /**
   * With `warmStart`: 0-based indices where a new segment starts (cold start
   * from the guess), e.g. `[0, 500]` for two cells of 500 spectra each.
   * Default `[0]`: one segment, hence one worker. Results depend only on the
   * segments, never on the worker count.
   */
  segments?: readonly number[];
}

/** Counts and timing of a `fitBatch` or `fitTable` run. */
export interface BatchRunSummary {
  /** Spectra fitted (the fit ran; it may still have `converged: false`). */
  succeeded: number;
  /** Spectra whose fit threw (not counting cancelled ones). */
  failed: number;
  /** Spectra not fitted because the run was aborted. */
  cancelled: number;
  /** True when `signal` aborted the run. */
  aborted: boolean;
  /** Workers used (0 = calling thread). */
  workers: number;
  /** Wall time in milliseconds. */
  timeMs: number;
  /** Where the time went in the workers and on the main thread (undefined with `workers: 0`). */
  stats?: BatchRunStats;
}

/** The outcome of {@link fitBatch}. */
export interface BatchFitResult extends BatchRunSummary {
  /** One item per input spectrum, in input order. */
  items: BatchItem[];
}

/**
 * Work units: lists of input indices, each fitted in one chunk (warm-started
 * segments, or chunks of `chunkSize`; automatic: about 8 chunks per worker,
 * at most `maxAuto` spectra each). Shared by `fitBatch` and `fitTable`.
 * @internal
 */
export function planChunks(valid: number[], total: number, workers: number, options: FitBatchOptions, maxAuto = 32): { chunks: number[][]; warm: boolean } {
  if (options.warmStart) {
    const starts = [...new Set([0, ...(options.segments ?? [0])])].sort((a, b) => a - b);
    for (const s of starts) {
      if (!(Number.isInteger(s) && s >= 0 && s < Math.max(1, total))) {
        throw new ParameterError('BAD_OPTION', `segments: ${String(s)} is not an index in [0, ${total})`, 'segments');
      }
    }
    const isValid = new Set(valid);
    const chunks = starts.map((s, k) => {
      const end = k + 1 < starts.length ? starts[k + 1] : total;
      const c: number[] = [];
      for (let i = s; i < end; i++) if (isValid.has(i)) c.push(i);
      return c;
    });
    return { chunks: chunks.filter((c) => c.length), warm: true };
  }
  if (options.segments !== undefined) {
    throw new ParameterError('BAD_OPTION', 'segments: only meaningful with warmStart: true', 'segments');
  }
  const auto = Math.min(maxAuto, Math.max(1, Math.ceil(valid.length / (Math.max(1, workers) * 8))));
  const size = positiveInteger('chunkSize', options.chunkSize, auto);
  const chunks: number[][] = [];
  for (let i = 0; i < valid.length; i += size) chunks.push(valid.slice(i, i + size));
  return { chunks, warm: false };
}

/**
 * Fits `circuit` to every spectrum with {@link fitCircuit}, spread over
 * worker threads (Node `worker_threads`, or Web Workers in a browser), and
 * returns one item per spectrum in input order.
 *
 * Each worker compiles the circuit once and reuses the model's buffers for
 * all its fits. Every fit is the same deterministic computation wherever it
 * runs, so results (all fields except `timeMs`) are identical bit for bit for
 * any worker count, chunk size or `workers: 0`.
 *
 * Failure is per spectrum: a spectrum that throws (bad data, …) or whose
 * worker crashes gets `ok: false` with its typed error, and the others keep
 * their results. Aborting `signal` stops the workers at once; finished items
 * keep their results, unfinished ones get `CANCELLED` errors, and the promise
 * still resolves. Errors that concern every spectrum (circuit syntax, unknown
 * parameter keys, bad options) are thrown before any work starts.
 *
 * Memory: all results are held until the end; for very large campaigns use
 * {@link fitStream}.
 *
 * @param spectra - the spectra (`{ frequency, re, im }`, Hz, Ω, true sign of Im)
 * @param circuit - circuit string (impedance.py or CDC)
 * @param options - per-fit {@link FitOptions} plus `workers`, `chunkSize`, `signal`, `onProgress`, `warmStart`, `segments`, `createWorker`
 * @returns the items and counts
 * @throws CircuitSyntaxError for a bad circuit; ParameterError for options every fit would reject
 * @example
 * ```ts
 * const batch = await fitBatch(spectra, 'R0-p(R1,CPE1)-p(R2,CPE2)', {
 *   weighting: 'modulus',
 *   onProgress: (p) => console.log(`${p.completed}/${p.total}`),
 * });
 * const r1 = batch.items.map((it) => (it.ok ? it.result.values.R1 : null));
 * ```
 */
export async function fitBatch(spectra: readonly Spectrum[], circuit: string, options: FitBatchOptions = {}): Promise<BatchFitResult> {
  const t0 = Date.now();
  if (!spectra || typeof spectra.length !== 'number') {
    throw new ParameterError('BAD_OPTION', 'spectra: must be an array of spectra', 'spectra');
  }
  const total = spectra.length;
  const fit = fitOptionsOf(options);
  const items: (BatchItem | undefined)[] = new Array(total);
  const valid: number[] = [];
  for (let i = 0; i < total; i++) {
    const e = structuralError(spectra[i]);
    if (e) items[i] = failedItem(i, e);
    else valid.push(i);
  }
  validateUpFront(circuit, fit, valid.length ? spectra[valid[0]] : undefined);
  const requested = await runWorkers(options);
  const { chunks, warm } = planChunks(valid, total, requested, options);
  const workers = requested === 0 ? 0 : Math.min(requested, Math.max(1, chunks.length));
  const signal = options.signal;
  let succeeded = 0;
  let failed = total - valid.length;
  const progress = () =>
    options.onProgress?.({ completed: succeeded + failed, succeeded, failed, total, elapsedMs: Date.now() - t0 });

  let stats: BatchRunStats | undefined;
  const { runner, detach } = await startRun(circuit, fit, workers, options, chunks.length > 0);
  try {
    if (runner) {
      const r = runner;
      await Promise.all(
        chunks.map(async (chunk) => {
          try {
            const outcomes = await r.run(
              chunk.map((i) => spectra[i]),
              warm,
            );
            chunk.forEach((i, k) => {
              const item = toItem(i, outcomes[k]);
              items[i] = item;
              if (item.ok) succeeded++;
              else failed++;
            });
          } catch (e) {
            const error = signal?.aborted ? cancelledError(signal) : e;
            for (const i of chunk) {
              const item = failedItem(i, error);
              items[i] = item;
              if (!(!item.ok && item.cancelled)) failed++;
            }
          }
          progress();
        }),
      );
    }
  } finally {
    detach();
    stats = runner?.stats();
    await runner?.close();
  }
  let cancelled = 0;
  const out = Array.from(items, (item, i) => {
    if (item) {
      if (!item.ok && item.cancelled) cancelled++;
      return item;
    }
    cancelled++;
    return failedItem(i, cancelledError(signal));
  });
  progress();
  const result: BatchFitResult = { items: out, succeeded, failed, cancelled, aborted: signal?.aborted ?? false, workers, timeMs: Date.now() - t0 };
  if (stats) result.stats = stats;
  return result;
}
