/**
 * A persistent pool of fit workers shared by many `fitBatch` / `fitStream`
 * calls.
 *
 * Starting a worker costs tens of milliseconds, and a fresh worker runs its
 * first few hundred fits in V8's interpreter and baseline tiers, several
 * times slower than once the optimising compiler has caught up. A run of a
 * few thousand spectra on fresh workers spends a large share of its time
 * warming up. An interactive tool that refits every few seconds, or a
 * pipeline that fits one folder after another, keeps one pool and passes it
 * as `pool`: every call after the first runs on warm workers.
 *
 * @module
 */
import { ParameterError } from '../../errors.js';
import type { FitWorkerConfig } from './fitTask.js';
import { builtInWorkerFactory, resolveWorkers } from './fitRunner.js';
import { WorkerPool } from './pool.js';
import type { NodeWorkerFactoryOptions, WorkerFactory } from './spawnWorker.js';

/** Options of {@link createFitPool}. */
export interface FitPoolOptions {
  /** Number of workers (default: the number of logical cores); at least 1. */
  workers?: number;
  /** Starts one worker; overrides the built-in choice (see `ParallelFitOptions.createWorker`). */
  createWorker?: WorkerFactory;
  /** Node only: V8 heap limits of each worker in MB (default `DEFAULT_WORKER_LIMITS`; see `ParallelFitOptions.resourceLimits`). */
  resourceLimits?: NodeWorkerFactoryOptions['resourceLimits'];
}

/**
 * Warm workers kept between calls. Pass it as `pool` to `fitBatch` or
 * `fitStream`; close it when done to free its threads. An idle pool does not
 * keep a Node process alive (its workers are unreferenced while they have no
 * task), so a script that forgets `close()` still exits.
 *
 * Several calls may share the pool at the same time; their chunks are served
 * in the order they were queued. Aborting one call cancels only its own
 * chunks: a worker finishes the chunk it is running (at most `chunkSize`
 * fits) and its reply is dropped. A crashed worker is replaced, as in a
 * per-call pool.
 *
 * @example
 * ```ts
 * const pool = await createFitPool({ workers: 2 });
 * try {
 *   for (const folder of folders) {
 *     const batch = await fitBatch(await loadAll(folder), 'R0-p(R1,CPE1)-p(R2,CPE2)', { pool });
 *     report(batch);
 *   }
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export class FitPool {
  /** Number of workers. */
  readonly workers: number;
  /**
   * The underlying worker pool (its workers start without a circuit; every
   * chunk carries its own circuit and options).
   * @internal
   */
  readonly workerPool: WorkerPool;

  /** @internal Use {@link createFitPool}. */
  constructor(workerPool: WorkerPool) {
    this.workerPool = workerPool;
    this.workers = workerPool.size;
  }

  /** True once {@link FitPool.close} was called: calls that pass this pool then throw. */
  get closed(): boolean {
    return this.workerPool.isClosed;
  }

  /**
   * Stops every worker. Chunks still queued or running reject, so the calls
   * using the pool finish with those spectra cancelled.
   *
   * @returns when every worker has stopped
   * @example
   * ```ts
   * await pool.close();
   * ```
   */
  close(): Promise<void> {
    return this.workerPool.close();
  }
}

/**
 * Starts a persistent pool of fit workers (Node `worker_threads`, or Web
 * Workers in a browser) for `fitBatch(…, { pool })` and
 * `fitStream(…, { pool })`. Results do not depend on the pool: a spectrum
 * fitted on a shared pool gives the same bits as on a per-call pool, on the
 * calling thread (`workers: 0`), or with `fitCircuit`.
 *
 * @param options - worker count, factory and heap limits
 * @returns the pool, with every worker started
 * @throws ParameterError `BAD_OPTION` for a worker count that is not a positive integer;
 *   EisError `NO_WORKERS` where the platform has no workers
 * @example
 * ```ts
 * const pool = await createFitPool();
 * const a = await fitBatch(day1, circuit, { pool });
 * const b = await fitBatch(day2, circuit, { pool, weighting: 'modulus' }); // warm workers
 * await pool.close();
 * ```
 */
export async function createFitPool(options: FitPoolOptions = {}): Promise<FitPool> {
  const workers = await resolveWorkers(options.workers);
  if (workers === 0) {
    throw new ParameterError('BAD_OPTION', 'workers: a fit pool needs at least one worker (to fit in the calling thread, pass workers: 0 to fitBatch instead)', 'workers');
  }
  const config: FitWorkerConfig = { options: {} };
  const pool = await WorkerPool.create({
    factory: options.createWorker ?? builtInWorkerFactory(options.resourceLimits),
    workers,
    config,
    pipeline: 3,
  });
  return new FitPool(pool);
}
