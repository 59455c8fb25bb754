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
}

/** One yielded outcome of {@link fitStream}: a {@link BatchItem} plus the spectrum's metadata. */
export type StreamItem = BatchItem & {
  /** `meta` of the input spectrum (file name, temperature, time, …), when it had one. */
  meta?: SpectrumMeta;
};

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
 * (default 16); a partial chunk is sent at once when a worker would otherwise idle.
 *
 * Failures are per spectrum, as in {@link fitBatch}. Aborting `signal` stops
 * the workers, yields the spectra still in flight with `CANCELLED` errors and
 * ends the stream without reading the source further. Breaking out of the
 * loop closes the workers and calls the source's `return()`. An error thrown
 * by the source itself ends the stream with that error, after closing the workers.
 *
 * Results equal `fitBatch`'s and `fitCircuit`'s bit for bit (except `timeMs`).
 * Warm-started series are not streamed (their order dependence serialises
 * them); use `fitBatch` with `warmStart` and `segments`.
 *
 * @param source - spectra (`{ frequency, re, im, meta? }`)
 * @param circuit - circuit string (impedance.py or CDC)
 * @param options - per-fit {@link FitOptions} plus `workers`, `chunkSize`, `maxInFlight`, `ordered`, `signal`, `createWorker`
 * @returns an async generator of items
 * @throws CircuitSyntaxError for a bad circuit; ParameterError for bad options (on the first `next()`)
 * @example
 * ```ts
 * async function* spectra() { for (const file of files) yield parseSpectrum(await readFile(file, 'utf8')); }
 * for await (const item of fitStream(spectra(), 'R0-p(R1,CPE1)-p(R2,CPE2)', { weighting: 'modulus' })) {
 *   if (item.ok) console.log(item.index, item.result.values.R1);
 * }
 * ```
 */
export async function* fitStream(source: SpectrumSource, circuit: string, options: FitStreamOptions = {}): AsyncGenerator<StreamItem, void, undefined> {
  const o = options as FitStreamOptions & { warmStart?: unknown; segments?: unknown };
  if (o.warmStart || o.segments !== undefined) {
    throw new ParameterError('BAD_OPTION', 'warmStart: series with warm starts are order-dependent; use fitBatch with warmStart and segments', 'warmStart');
  }
  const fit = fitOptionsOf(options);
  const requested = await runWorkers(options);
  const chunkSize = positiveInteger('chunkSize', options.chunkSize, 16);
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
  const ready: StreamItem[] = [];
  const parked = new Map<number, StreamItem>(); // ordered mode
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

  const finish = (item: BatchItem) => {
    const meta = metas.get(item.index);
    metas.delete(item.index);
    const s: StreamItem = meta ? { ...item, meta } : item;
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
    runner
      .run(spectra, false)
      .then(
        (outcomes) => indices.forEach((i, k) => finish(toItem(i, outcomes[k]))),
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
