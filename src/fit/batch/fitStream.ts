/**
 * Fits an unbounded sequence of spectra with bounded memory.
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../../data/spectrum.js';
import { EisError, ParameterError } from '../../errors.js';
import {
  cancelledError,
  createChunkRunner,
  failedItem,
  fitOptionsOf,
  positiveInteger,
  runWorkers,
  structuralError,
  toItem,
  validateUpFront,
} from './fitRunner.js';
import type { BatchItem, ChunkRunner, ParallelFitOptions } from './fitRunner.js';
import { rowOf } from './fitTable.js';
import type { FitRow } from './fitTable.js';
import { deserializeError } from './protocol.js';

/** Options of {@link fitStream}: every {@link FitOptions} field plus the run options. */
export interface FitStreamOptions extends ParallelFitOptions {
  /**
   * Most spectra taken from the source and not yet yielded (queued, being
   * fitted, or finished but waiting to be consumed). Default
   * `max(64, 4 · workers · chunkSize)`. This bounds memory whatever the
   * length of the source.
   */
  maxInFlight?: number;
  /**
   * Yield in input order (default false: in order of completion, which keeps
   * all workers busy even when some fits are slow). In ordered mode a slow
   * spectrum holds back later results, which still count against `maxInFlight`.
   */
  ordered?: boolean;
  /** `'results'` (default): each item carries the full `FitResult`. For rows, see {@link FitStreamRowOptions}. */
  output?: 'results';
}

/**
 * Options of {@link fitStream} with `output: 'rows'`: each item carries a
 * {@link FitRow} instead of a `FitResult`, the numbers of the fit (values,
 * standard errors, χ², AIC/BIC, flags) as `fitTable` stores them, bit for
 * bit equal to the result's. About twice the throughput on 2 workers (see
 * bench/RESULTS.md); `profile` is not available.
 */
export interface FitStreamRowOptions extends Omit<FitStreamOptions, 'output' | 'profile'> {
  /** Yield {@link StreamRowItem}s. */
  output: 'rows';
}

/** One yielded outcome of {@link fitStream}: a {@link BatchItem} plus the spectrum's metadata. */
export type StreamItem = BatchItem & {
  /** `meta` of the input spectrum (file name, temperature, time, …), when it had one. */
  meta?: SpectrumMeta;
};

/** One yielded outcome of {@link fitStream} with `output: 'rows'`: the fit's {@link FitRow}, or its error. */
export type StreamRowItem = (
  | {
      /** 0-based position of the spectrum in the source. */
      index: number;
      /** The fit succeeded (it may still have `converged: false`). */
      ok: true;
      /** The numbers of the fit. */
      row: FitRow;
    }
  | {
      /** 0-based position of the spectrum in the source. */
      index: number;
      /** The fit threw, or never ran. */
      ok: false;
      /** The error, with its class and fields (as in {@link BatchItem}). */
      error: Error;
      /** True when the spectrum was not fitted because the run was aborted. */
      cancelled: boolean;
    }
) & {
  /** `meta` of the input spectrum, when it had one. */
  meta?: SpectrumMeta;
};

/** What the stream hands out internally: either kind of item. */
type AnyItem = StreamItem | StreamRowItem;

/**
 * What {@link fitStream} reads: any iterable or async iterable of spectra
 * (an array, a generator, an async generator over files, …).
 *
 * @example
 * ```ts
 * const source: SpectrumSource = (async function* () { yield spectrum; })();
 * ```
 */
export type SpectrumSource = AsyncIterable<Spectrum> | Iterable<Spectrum>;

function iteratorOf(source: SpectrumSource): AsyncIterator<Spectrum> | Iterator<Spectrum> {
  const s = source as Partial<AsyncIterable<Spectrum> & Iterable<Spectrum>>;
  if (s && typeof s[Symbol.asyncIterator] === 'function') return s[Symbol.asyncIterator]!();
  if (s && typeof s[Symbol.iterator] === 'function') return s[Symbol.iterator]!();
  throw new ParameterError('BAD_OPTION', 'source: must be an iterable or async iterable of spectra', 'source');
}

/**
 * Fits `circuit` to each spectrum of a (possibly endless) iterable or async
 * iterable — a generator, files appearing in a folder, a socket — on worker
 * threads, yielding one {@link StreamItem} per spectrum as soon as it is done
 * (or in input order with `ordered: true`). Each item's `index` is the
 * spectrum's 0-based position in the source.
 *
 * Memory stays bounded: at most `maxInFlight` spectra are pulled from the
 * source and not yet consumed; the source is not read further until the
 * consumer takes results. Spectra are sent in chunks of `chunkSize`
 * (default 16, or 64 with `output: 'rows'`); a partial chunk is sent at once when a worker would otherwise idle.
 *
 * Failures are per spectrum, as in {@link fitBatch}. Aborting `signal` stops
 * the workers, yields the spectra still in flight with `CANCELLED` errors and
 * ends the stream without reading the source further. Breaking out of the
 * loop closes the workers and calls the source's `return()`. An error thrown
 * by the source itself ends the stream with that error, after closing the workers.
 *
 * Results equal `fitBatch`'s and `fitCircuit`'s bit for bit (except `timeMs`).
 * With `output: 'rows'` ({@link FitStreamRowOptions}) each item carries a
 * `FitRow` (values, standard errors, χ², AIC/BIC, flags; the same bits as
 * the result's fields) instead of a `FitResult`: for long campaigns that only
 * record numbers, about twice the throughput on 2 workers.
 * Warm-started series are not streamed (their order dependence serialises
 * them); use `fitBatch` with `warmStart` and `segments`.
 *
 * @param source - spectra (`{ frequency, re, im, meta? }`)
 * @param circuit - circuit string (impedance.py or CDC)
 * @param options - per-fit {@link FitOptions} plus `workers`, `chunkSize`, `maxInFlight`, `ordered`, `signal`, `createWorker`, `pool`, `output`
 * @returns an async generator of items
 * @throws CircuitSyntaxError for a bad circuit; ParameterError for bad options (on the first `next()`)
 * @example
 * ```ts
 * async function* spectra() { for (const file of files) yield parseSpectrum(await readFile(file, 'utf8')); }
 * for await (const item of fitStream(spectra(), 'R0-p(R1,CPE1)-p(R2,CPE2)', { weighting: 'modulus' })) {
 *   if (item.ok) console.log(item.index, item.result.values.R1);
 * }
 * for await (const item of fitStream(spectra(), 'R0-p(R1,CPE1)-p(R2,CPE2)', { output: 'rows' })) {
 *   if (item.ok) console.log(item.index, item.row.values[1], item.row.stderr[1]); // R1 ± σ
 * }
 * ```
 */
export function fitStream(source: SpectrumSource, circuit: string, options: FitStreamRowOptions): AsyncGenerator<StreamRowItem, void, undefined>;
export function fitStream(source: SpectrumSource, circuit: string, options?: FitStreamOptions): AsyncGenerator<StreamItem, void, undefined>;
export async function* fitStream(source: SpectrumSource, circuit: string, options: FitStreamOptions | FitStreamRowOptions = {}): AsyncGenerator<AnyItem, void, undefined> {
  const o = options as FitStreamOptions & { warmStart?: unknown; segments?: unknown };
  if (o.warmStart || o.segments !== undefined) {
    throw new ParameterError('BAD_OPTION', 'warmStart: series with warm starts are order-dependent; use fitBatch with warmStart and segments', 'warmStart');
  }
  const output: string = options.output ?? 'results';
  if (output !== 'results' && output !== 'rows') {
    throw new ParameterError('BAD_OPTION', `output: must be 'results' or 'rows', got ${JSON.stringify(output)}`, 'output');
  }
  if (output === 'rows' && (options as FitStreamOptions).profile !== undefined) {
    throw new ParameterError('BAD_OPTION', "profile: profile intervals are not part of a row; use output: 'results'", 'profile');
  }
  const fit = fitOptionsOf(options);
  const requested = await runWorkers(options);
  // Rows are small: larger chunks mean fewer messages (on 2 workers 64 scaled 1.76–1.80× over 1
  // worker in four pairs, 16 gave 1.44–1.80×).
  const chunkSize = positiveInteger('chunkSize', options.chunkSize, output === 'rows' ? 64 : 16);
  const maxInFlight = positiveInteger('maxInFlight', options.maxInFlight, Math.max(64, 4 * Math.max(1, requested) * chunkSize));
  const ordered = options.ordered ?? false;
  const signal = options.signal;
  const iterator = iteratorOf(source);

  validateUpFront(circuit, fit, undefined);
  let runner: ChunkRunner | undefined;
  let exhausted = false;
  let pulling = false;
  let pulled: IteratorResult<Spectrum> | undefined;
  let pullFailed: { error: unknown } | undefined;
  let chunkSpectra: Spectrum[] = [];
  let chunkIndices: number[] = [];
  let chunksInFlight = 0;
  let inFlight = 0; // pulled and not yet yielded
  let nextIndex = 0;
  let nextToYield = 0;
  const metas = new Map<number, SpectrumMeta>();
  const ready: AnyItem[] = [];
  const parked = new Map<number, AnyItem>(); // ordered mode
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onAbort = () => {
    void runner?.close();
    notify();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const finish = (item: BatchItem | StreamRowItem) => {
    const meta = metas.get(item.index);
    metas.delete(item.index);
    const s: AnyItem = meta ? { ...item, meta } : item;
    if (ordered) parked.set(s.index, s);
    else ready.push(s);
  };
  const submit = () => {
    if (!chunkSpectra.length || !runner) return;
    const spectra = chunkSpectra;
    const indices = chunkIndices;
    chunkSpectra = [];
    chunkIndices = [];
    chunksInFlight++;
    const work =
      output === 'rows'
        ? runner.runRows(spectra, false, (reply) =>
            indices.forEach((i, k) => {
              const error = reply.errors?.[k];
              finish(error ? { index: i, ok: false, error: deserializeError(error), cancelled: false } : { index: i, ok: true, row: rowOf(reply.rows, k, reply.stride) });
            }),
          )
        : runner.run(spectra, false).then((outcomes) => indices.forEach((i, k) => finish(toItem(i, outcomes[k]))));
    work
      .then(
        () => undefined,
        (e: unknown) => {
          const error = signal?.aborted ? cancelledError(signal) : e;
          for (const i of indices) finish(failedItem(i, error));
        },
      )
      .finally(() => {
        chunksInFlight--;
        notify();
      });
  };

  try {
    while (true) {
      // Take in a pulled spectrum.
      if (pullFailed) throw pullFailed.error;
      if (pulled) {
        const r = pulled;
        pulled = undefined;
        if (r.done) exhausted = true;
        else {
          const spectrum = r.value;
          const index = nextIndex++;
          inFlight++;
          const bad = structuralError(spectrum);
          if (!runner) {
            validateUpFront(circuit, fit, bad ? undefined : spectrum);
            runner = await createChunkRunner(circuit, fit, requested, options.createWorker, options.resourceLimits, options.pool);
            if (signal?.aborted) void runner.close();
          }
          if (spectrum && spectrum.meta) metas.set(index, spectrum.meta);
          if (bad) finish(failedItem(index, bad));
          else {
            chunkSpectra.push(spectrum);
            chunkIndices.push(index);
            if (chunkSpectra.length >= chunkSize) submit();
          }
        }
      }
      // Hand out what is done.
      if (ordered) {
        while (parked.has(nextToYield)) {
          ready.push(parked.get(nextToYield)!);
          parked.delete(nextToYield++);
        }
      }
      while (ready.length) {
        inFlight--;
        yield ready.shift()!;
      }
      if (signal?.aborted) {
        // Cancel everything taken but not finished, then stop.
        await runner?.close();
        for (const i of chunkIndices) finish(failedItem(i, cancelledError(signal)));
        chunkSpectra = [];
        chunkIndices = [];
        // Wait for chunks still running and for a pull already under way:
        // a spectrum taken from the source is always handed out, here as cancelled.
        while (chunksInFlight > 0 || pulling) await new Promise<void>((r) => (wake = r));
        const late = pulled as IteratorResult<Spectrum> | undefined; // set by the pull's callback meanwhile
        if (late && !late.done) {
          const index = nextIndex++;
          inFlight++;
          const spectrum = late.value as Spectrum | undefined;
          if (spectrum && spectrum.meta) metas.set(index, spectrum.meta);
          finish(failedItem(index, cancelledError(signal)));
        }
        pulled = undefined;
        const rest = ordered ? [...parked.values()].sort((a, b) => a.index - b.index) : ready.splice(0);
        parked.clear();
        for (const item of rest) yield item;
        return;
      }
      if (exhausted && inFlight === 0) return;

      // Pull more when allowed.
      if (!exhausted && !pulling && !pulled && inFlight < maxInFlight) {
        pulling = true;
        Promise.resolve()
          .then(() => iterator.next())
          .then(
            (r) => {
              pulled = r;
            },
            (e: unknown) => {
              pullFailed = { error: e };
            },
          )
          .finally(() => {
            pulling = false;
            notify();
          });
      }
      // Send a partial chunk when no more input is coming, the limit is reached, or a worker idles.
      const idle = runner !== undefined && chunksInFlight < Math.max(1, runner.workers);
      if (chunkSpectra.length && (exhausted || inFlight >= maxInFlight || idle)) submit();
      if (!pulling && !pulled && !pullFailed && chunksInFlight === 0 && !ready.length && !parked.has(nextToYield)) {
        // Unreachable by construction; fail loudly rather than hang.
        throw new EisError('INTERNAL', `fitStream stalled with ${inFlight} spectra in flight`);
      }
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await runner?.close();
    if (!exhausted) await iterator.return?.();
  }
}
