/**
 * Runs fit chunks either on a pool of workers or in the calling thread, behind
 * one interface shared by `fitBatch` and `fitStream`, plus the option handling
 * and per-item bookkeeping both need.
 *
 * @module
 */
import { compileCircuit } from '../../circuit/compileCircuit.js';
import { checkSpectrum } from '../../data/spectrum.js';
import type { Spectrum } from '../../data/spectrum.js';
import { EisError, ParameterError } from '../../errors.js';
import { prepareFit } from '../problem.js';
import type { FitOptions, FitResult } from '../types.js';
import { checkPortable, chunkBytes, chunkTransfer, decodeChunkReply, packChunk, runFitChunk, runRowChunk } from './fitTask.js';
import type { FitChunk, FitChunkOutcome, FitChunkReply, FitRowsReply, FitWorkerConfig, FitWorkerContext } from './fitTask.js';
import type { StaticPartParsed } from './resultCodec.js';
import { WorkerPool } from './pool.js';
import type { WorkerPoolStats } from './pool.js';
import { deserializeError } from './protocol.js';
import { defaultWorkerCount, isNodeRuntime, nodeWorkerFactory, wrapWebWorker } from './spawnWorker.js';
import type { NodeWorkerFactoryOptions, WorkerFactory, WorkerResourceLimits } from './spawnWorker.js';
import type { FitPool } from './fitPool.js';

/** Options shared by `fitBatch` and `fitStream` on top of the per-fit {@link FitOptions}. */
export interface ParallelFitOptions extends FitOptions {
  /**
   * Number of workers (default: the number of logical cores). `0` fits in the
   * calling thread (no workers; allows a `guess` function and custom
   * `elements`, which cannot cross threads).
   */
  workers?: number;
  /** Spectra per message to a worker (default: automatic, ≤ 32). Results do not depend on it. */
  chunkSize?: number;
  /** Stops the run: unfinished spectra get an `EisError` with code `CANCELLED`. */
  signal?: AbortSignal;
  /**
   * Starts one worker; overrides the built-in choice (Node `worker_threads`
   * with this package's `worker.js`, or a module Web Worker with
   * `webWorker.js`). Use it when a bundler needs the worker constructed in
   * your code, e.g. `() => wrapWebWorker(new Worker(new URL('eiskit/…/webWorker.js', import.meta.url), { type: 'module' }))`.
   */
  createWorker?: WorkerFactory;
  /**
   * Node only: V8 heap limits of each worker in MB (`resourceLimits` of
   * `worker_threads`). Default {@link DEFAULT_WORKER_LIMITS}
   * (`{ maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 4 }`): a small
   * young generation and a bounded old one make each worker reach its working
   * size within the first few hundred fits, so RSS stays flat over long streams.
   * Without limits (pass `{}`) V8 grows worker heaps lazily and RSS drifts up by
   * tens of MB over 10⁴–10⁵ fits before collecting. A worker that needs more
   * dies and its chunk fails with `WORKER_FAILED`. Ignored in browsers and
   * with `createWorker`.
   */
  resourceLimits?: NodeWorkerFactoryOptions['resourceLimits'];
  /**
   * Runs on this persistent pool's warm workers (see {@link createFitPool})
   * instead of starting workers for this call and stopping them afterwards.
   * `workers`, `createWorker` and `resourceLimits` must then be left out
   * (they are the pool's). Aborting this call cancels only its own spectra.
   */
  pool?: FitPool;
}

/**
 * Heap limits of each Node worker when `resourceLimits` is not given (MB).
 * One fit of a 7-parameter, 71-point circuit keeps well under 1 MB live; the
 * old generation holds the compiled model and code. 4 MB of young generation
 * (V8's default grows to 48 MB) keep short-lived fit temporaries cheap to
 * collect; 128 MB of old generation bound how much garbage V8 lets pile up
 * before a full collection.
 *
 * @example
 * ```ts
 * await fitStream(source, circuit, { resourceLimits: { ...DEFAULT_WORKER_LIMITS, maxOldGenerationSizeMb: 512 } });
 * ```
 */
export const DEFAULT_WORKER_LIMITS: Readonly<WorkerResourceLimits> = Object.freeze({ maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 4 });

/**
 * The outcome of one spectrum of a batch or stream: its fit result, or the
 * error it failed with (`cancelled` when the run was aborted or closed before
 * it finished).
 *
 * @example
 * ```ts
 * for (const item of batch.items) {
 *   if (item.ok) console.log(item.index, item.result.values.R1);
 *   else console.warn(item.index, item.cancelled ? 'cancelled' : item.error.message);
 * }
 * ```
 */
export type BatchItem =
  | {
      /** 0-based position of the spectrum in the input. */
      index: number;
      /** The fit succeeded (it may still have `converged: false`). */
      ok: true;
      /** The fit result, exactly as `fitCircuit` returns it. */
      result: FitResult;
    }
  | {
      /** 0-based position of the spectrum in the input. */
      index: number;
      /** The fit threw, or never ran. */
      ok: false;
      /**
       * The error, with its class and fields (`DataFormatError`,
       * `ParameterError`, …); `EisError` `CANCELLED` after an abort;
       * `EisError` `WORKER_FAILED` when its worker crashed.
       */
      error: Error;
      /** True when the spectrum was not fitted because the run was aborted. */
      cancelled: boolean;
    };

/**
 * Where the time of a pooled run went: the workers' counters plus the main
 * thread's share of the transfer. `fitBatch` returns it as
 * `BatchFitResult.stats`; a benchmark divides by the number of fits.
 *
 * @example
 * ```ts
 * const { stats } = await fitBatch(spectra, circuit);
 * if (stats) console.log(`main-thread codec ${(1000 * stats.mainCodecMs / stats.fits).toFixed(1)} µs per fit`);
 * ```
 */
export interface BatchRunStats extends WorkerPoolStats {
  /** Spectra sent to workers. */
  fits: number;
  /** Main-thread milliseconds spent packing spectra and decoding results. */
  mainCodecMs: number;
  /** Bytes of packed spectra sent to the workers (transferred, not copied). */
  bytesToWorkers: number;
  /** Bytes of replies: the numbers buffer (transferred) plus the JSON text (cloned). */
  bytesFromWorkers: number;
  /** Tasks (chunks) in flight per worker. */
  pipeline: number;
}

/** Runs packed chunks somewhere. */
export interface ChunkRunner {
  /** Workers in use (0 = calling thread). */
  readonly workers: number;
  /** Counters of a pooled run; undefined in the calling thread. */
  stats(): BatchRunStats | undefined;
  /** Fits the spectra of one chunk; rejects (CANCELLED, WORKER_FAILED) only as a whole. */
  run(spectra: readonly Spectrum[], warmStart: boolean): Promise<FitChunkOutcome[]>;
  /**
   * Fits the spectra of one chunk into lean rows (`fitTable`); `consume` reads
   * the reply before its buffer goes back to the workers. Rejects as `run`.
   */
  runRows(spectra: readonly Spectrum[], warmStart: boolean, consume: (reply: FitRowsReply) => void): Promise<void>;
  /** Stops everything; running and queued chunks reject with `CANCELLED`. */
  close(): Promise<void>;
}

/** Keys of {@link ParallelFitOptions} (and extensions) that are not fit options. */
const RUN_KEYS = new Set(['workers', 'pool', 'chunkSize', 'signal', 'createWorker', 'resourceLimits', 'onProgress', 'warmStart', 'segments', 'maxInFlight', 'ordered', 'output']);

/**
 * Splits the user's options into per-fit options and the run options.
 *
 * @param options - the options of `fitBatch`/`fitStream`
 * @returns the fit options alone
 */
export function fitOptionsOf(options: ParallelFitOptions): FitOptions {
  const fit: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!RUN_KEYS.has(k) && v !== undefined) fit[k] = v;
  return fit as FitOptions;
}

/**
 * Validates the worker count.
 *
 * @param workers - requested count or undefined
 * @returns the count to use (default: cores)
 * @throws ParameterError `BAD_OPTION` for a negative or non-integer count
 */
export async function resolveWorkers(workers: number | undefined): Promise<number> {
  if (workers === undefined) return defaultWorkerCount();
  if (!(Number.isInteger(workers) && workers >= 0)) {
    throw new ParameterError('BAD_OPTION', `workers: must be a non-negative integer, got ${String(workers)}`, 'workers');
  }
  return workers;
}

/**
 * The worker count of a `fitBatch`/`fitStream` call: the pool's when
 * `options.pool` is given (then `workers`, `createWorker` and
 * `resourceLimits` must be absent), else {@link resolveWorkers}.
 *
 * @param options - the call's options
 * @returns the worker count (0 = calling thread)
 * @throws ParameterError `BAD_OPTION` for a closed or invalid pool, a conflicting option, or a bad count
 * @example
 * ```ts
 * await runWorkers({ pool }); // pool.workers
 * ```
 */
export async function runWorkers(options: ParallelFitOptions): Promise<number> {
  const pool = options.pool;
  if (pool === undefined) return resolveWorkers(options.workers);
  if (!pool || typeof pool !== 'object' || !pool.workerPool || typeof pool.workers !== 'number') {
    throw new ParameterError('BAD_OPTION', 'pool: must be a pool from createFitPool()', 'pool');
  }
  for (const key of ['workers', 'createWorker', 'resourceLimits'] as const) {
    if (options[key] !== undefined) {
      throw new ParameterError('BAD_OPTION', `${key}: leave it out when a pool is given (the pool's own is used)`, key);
    }
  }
  if (pool.closed) throw new ParameterError('BAD_OPTION', 'pool: the pool is closed', 'pool');
  return pool.workers;
}

/**
 * Validates a positive integer option.
 *
 * @param name - option name
 * @param value - value
 * @param fallback - default
 * @returns the value
 */
export function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new ParameterError('BAD_OPTION', `${name}: must be a positive integer, got ${String(value)}`, name);
  }
  return value;
}

/**
 * Returns the error that makes a spectrum unusable before it is packed
 * (missing arrays or arrays of different lengths), or undefined. Everything
 * else (NaN, non-positive frequencies, …) is left to `fitCircuit` in the worker.
 *
 * @param spectrum - the input
 * @returns a `DataFormatError` or undefined
 */
export function structuralError(spectrum: Spectrum): Error | undefined {
  const s = spectrum as Partial<Spectrum> | undefined;
  const ok =
    s &&
    s.frequency &&
    s.re &&
    s.im &&
    typeof s.frequency.length === 'number' &&
    s.frequency.length === s.re.length &&
    s.frequency.length === s.im.length &&
    s.frequency.length > 0;
  if (ok) return undefined;
  try {
    checkSpectrum(spectrum);
  } catch (e) {
    return e as Error;
  }
  return new EisError('BAD_SPECTRUM', 'spectrum is not usable');
}

/**
 * Fails fast, on the calling thread, on options every spectrum would reject:
 * a bad circuit (`CircuitSyntaxError`) or bad fit options (`ParameterError`),
 * checked against `sample`. Data problems of `sample` itself are ignored
 * here; they fail that spectrum alone later.
 *
 * @param circuit - circuit string
 * @param options - fit options
 * @param sample - one spectrum to resolve the options against, if any
 */
export function validateUpFront(circuit: string, options: FitOptions, sample: Spectrum | undefined): void {
  if (typeof circuit !== 'string') {
    throw new ParameterError('BAD_OPTION', 'circuit: fitBatch/fitStream take a circuit string (it is compiled once per worker)', 'circuit');
  }
  const model = compileCircuit(circuit, options.elements ? { elements: options.elements } : {});
  if (!sample) return;
  try {
    prepareFit(model, sample, options);
  } catch (e) {
    if (e instanceof ParameterError) throw e;
  }
}

/** Turns a chunk outcome into a {@link BatchItem}. */
export function toItem(index: number, outcome: FitChunkOutcome): BatchItem {
  return outcome.ok ? { index, ok: true, result: outcome.result } : { index, ok: false, error: deserializeError(outcome.error), cancelled: false };
}

/** A failed item carrying `error`; cancelled when the error's code is `CANCELLED`. */
export function failedItem(index: number, error: unknown): BatchItem {
  const e = error instanceof Error ? error : new Error(String(error));
  return { index, ok: false, error: e, cancelled: e instanceof EisError && e.code === 'CANCELLED' };
}

/** The error given to spectra an abort left unfinished. */
export function cancelledError(signal: AbortSignal | undefined): EisError {
  const e = new EisError('CANCELLED', 'the fit was cancelled before this spectrum finished');
  if (signal?.reason !== undefined) (e as Error & { cause?: unknown }).cause = signal.reason;
  return e;
}

/**
 * Starts the runner of a `fitBatch`/`fitTable` call unless it is already
 * aborted or has nothing to do, and ties it to `options.signal`: an abort
 * closes it. Call `detach` when the run is over.
 *
 * @param circuit - circuit string
 * @param fit - per-fit options
 * @param workers - worker count (0 = calling thread)
 * @param options - the call's options (signal, pool, worker factory and limits)
 * @param needed - false when there is no chunk to run
 * @returns the runner (absent when not started) and `detach`
 */
export async function startRun(
  circuit: string,
  fit: FitOptions,
  workers: number,
  options: ParallelFitOptions,
  needed: boolean,
): Promise<{ runner?: ChunkRunner; detach: () => void }> {
  const signal = options.signal;
  if (signal?.aborted || !needed) return { detach: () => undefined };
  const runner = await createChunkRunner(circuit, fit, workers, options.createWorker, options.resourceLimits, options.pool);
  const onAbort = () => void runner.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  return { runner, detach: () => signal?.removeEventListener('abort', onAbort) };
}

/** Resolves after pending I/O and timers had a chance to run (setImmediate where available). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * The built-in worker factory for this platform: Node `worker_threads` with
 * this package's worker entry and `resourceLimits` (default
 * {@link DEFAULT_WORKER_LIMITS}), or a module Web Worker.
 *
 * @param resourceLimits - Node worker heap limits (MB)
 * @returns the factory
 * @throws EisError `NO_WORKERS` where the platform has neither
 * @internal
 * @example
 * ```ts
 * const factory = builtInWorkerFactory(undefined);
 * ```
 */
export function builtInWorkerFactory(resourceLimits: NodeWorkerFactoryOptions['resourceLimits']): WorkerFactory {
  if (isNodeRuntime()) {
    // A file name bundlers cannot see: they must not pull the Node entry in. Not a template
    // literal either: Vite expands a template-literal URL relative to import.meta.url into a glob,
    // and copied every file of this directory (.d.ts and source maps included) into the app's build.
    const entry = './' + (import.meta.url.endsWith('.ts') ? 'worker.ts' : 'worker.js');
    const limits = resourceLimits ?? DEFAULT_WORKER_LIMITS;
    return nodeWorkerFactory(new URL(entry, import.meta.url), Object.keys(limits).length ? { resourceLimits: { ...limits } } : {});
  }
  if (typeof Worker === 'function') {
    return () => wrapWebWorker(new Worker(new URL('./webWorker.js', import.meta.url), { type: 'module' }));
  }
  throw new EisError('NO_WORKERS', 'this environment has neither worker_threads nor Web Workers; pass workers: 0');
}

/**
 * Starts a runner: a worker pool, or the calling thread when `workers` is 0.
 * The calling-thread runner yields to the event loop between chunks so that
 * progress callbacks and aborts are seen.
 *
 * @param circuit - circuit string
 * @param fit - per-fit options
 * @param workers - worker count (0 = calling thread)
 * @param createWorker - optional factory override
 * @param resourceLimits - Node worker heap limits for the built-in factory
 * @param shared - a persistent pool to run on (its workers, size and limits win)
 * @returns the runner
 */
export async function createChunkRunner(
  circuit: string,
  fit: FitOptions,
  workers: number,
  createWorker: WorkerFactory | undefined,
  resourceLimits?: NodeWorkerFactoryOptions['resourceLimits'],
  shared?: FitPool,
): Promise<ChunkRunner> {
  if (workers === 0) {
    const context: FitWorkerContext = {
      model: compileCircuit(circuit, fit.elements ? { elements: fit.elements } : {}),
      options: fit,
    };
    let closed = false;
    let queue: Promise<unknown> = Promise.resolve();
    return {
      workers: 0,
      stats: () => undefined,
      // One chunk at a time, each after a macrotask, so aborts and I/O are seen between chunks.
      run: (spectra, warmStart) => {
        const next = queue.then(async () => {
          await yieldToEventLoop();
          if (closed) throw new EisError('CANCELLED', 'the run was closed before this chunk started');
          return runFitChunk(context, packChunk(spectra, warmStart));
        });
        queue = next.catch(() => undefined);
        return next;
      },
      runRows: (spectra, warmStart, consume) => {
        const next = queue.then(async () => {
          await yieldToEventLoop();
          if (closed) throw new EisError('CANCELLED', 'the run was closed before this chunk started');
          consume(runRowChunk(context, packChunk(spectra, warmStart)));
        });
        queue = next.catch(() => undefined);
        return next;
      },
      close: async () => {
        closed = true;
      },
    };
  }
  const pipeline = 3;
  let pool: WorkerPool;
  let job: FitChunk['job'];
  let group: object | undefined;
  if (shared) {
    if (shared.closed) throw new ParameterError('BAD_OPTION', 'pool: the pool is closed', 'pool');
    pool = shared.workerPool;
    job = { circuit, options: checkPortable(fit) };
    group = {};
    workers = shared.workers;
  } else {
    const config: FitWorkerConfig = { circuit, options: checkPortable(fit) };
    pool = await WorkerPool.create({ factory: createWorker ?? builtInWorkerFactory(resourceLimits), workers, config, pipeline });
  }
  // A shared pool's counters run across calls: this call reports the difference.
  const base = pool.stats();
  const cache = new Map<string, StaticPartParsed>();
  const main = { fits: 0, mainCodecMs: 0, bytesToWorkers: 0, bytesFromWorkers: 0 };
  // Buffers go round: chunk buffers come back with the replies and carry the
  // next chunks; result buffers go back to the workers once decoded. In steady
  // state no buffer is allocated or freed, on either side.
  const maxSpares = workers * (pipeline + 1);
  const inputSpares: ArrayBuffer[] = [];
  const resultSpares: ArrayBuffer[] = [];
  // At most maxSpares chunks are packed and not yet decoded at a time (FIFO). fitBatch hands
  // over every chunk at once; packing them all up front would leave no buffer to recycle (the
  // first reply comes back after everything was packed), so each chunk would allocate its input
  // buffer and each worker would grow a fresh result buffer three times per chunk.
  let active = 0;
  let closedError: EisError | undefined;
  const waiting: { go: () => void; stop: (e: unknown) => void }[] = [];
  const acquire = (): Promise<void> => {
    if (closedError) return Promise.reject(closedError);
    if (active < maxSpares) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((go, stop) => waiting.push({ go, stop }));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next.go(); // the slot passes on
    else active--;
  };
  const takeInput = (bytes: number): ArrayBuffer | undefined => {
    for (let i = inputSpares.length - 1; i >= 0; i--) {
      if (inputSpares[i].byteLength >= bytes) return inputSpares.splice(i, 1)[0];
    }
    return undefined;
  };
  return {
    workers,
    stats: () => {
      const now = pool.stats();
      return {
        tasks: now.tasks - base.tasks,
        workerBusyMs: now.workerBusyMs - base.workerBusyMs,
        workerIdleMs: now.workerIdleMs - base.workerIdleMs,
        ...main,
        pipeline,
      };
    },
    run: async (spectra, warmStart) => {
      await acquire();
      try {
        return await runChunk(spectra, warmStart);
      } finally {
        release();
      }
    },
    runRows: async (spectra, warmStart, consume) => {
      await acquire();
      try {
        const reply = (await send(spectra, warmStart, true)) as FitRowsReply;
        const t = performance.now();
        main.bytesFromWorkers += reply.rows.byteLength;
        consume(reply);
        if (reply.input && inputSpares.length < maxSpares) inputSpares.push(reply.input);
        if (resultSpares.length < maxSpares) resultSpares.push(reply.rows.buffer as ArrayBuffer);
        main.mainCodecMs += performance.now() - t;
      } finally {
        release();
      }
    },
    // A shared pool outlives the call: cancel this call's chunks, keep the workers.
    close: async () => {
      closedError = new EisError('CANCELLED', 'the run was closed before this chunk started');
      for (const w of waiting.splice(0)) w.stop(closedError);
      if (group) pool.cancel(group, new EisError('CANCELLED', 'the run was closed before this chunk finished'));
      else await pool.close();
    },
  };
  /** Packs and sends one chunk; resolves with the worker's reply. */
  async function send(spectra: readonly Spectrum[], warmStart: boolean, rows: boolean): Promise<unknown> {
    const t = performance.now();
    let points = 0;
    for (const s of spectra) points += s.frequency.length;
    const chunk = packChunk(spectra, warmStart, takeInput(chunkBytes(spectra.length, points)));
    if (resultSpares.length) chunk.recycle = [resultSpares.pop() as ArrayBuffer];
    if (job) chunk.job = job;
    if (rows) chunk.rows = true;
    main.fits += spectra.length;
    main.bytesToWorkers += chunkBytes(spectra.length, points);
    main.mainCodecMs += performance.now() - t;
    return pool.run(chunk, chunkTransfer(chunk), group);
  }
  async function runChunk(spectra: readonly Spectrum[], warmStart: boolean): Promise<FitChunkOutcome[]> {
    const reply = (await send(spectra, warmStart, false)) as FitChunkReply;
    const t = performance.now();
    main.bytesFromWorkers += reply.wire.numbers.byteLength + reply.wire.text.length;
    const outcomes = decodeChunkReply(reply, cache);
    if (reply.input && inputSpares.length < maxSpares) inputSpares.push(reply.input);
    if (resultSpares.length < maxSpares) resultSpares.push(reply.wire.numbers.buffer as ArrayBuffer);
    main.mainCodecMs += performance.now() - t;
    return outcomes;
  }
}
