/**
 * A generic pool of workers speaking the protocol of `protocol.ts`: tasks are
 * queued, handed to the least busy worker (up to `pipeline` tasks per worker
 * so a worker never waits for the main thread), and answered through
 * promises. A crashed worker fails only its own in-flight tasks and is
 * replaced.
 *
 * @module
 */
import { EisError } from '../../errors.js';
import { deserializeError } from './protocol.js';
import type { FromWorkerMessage } from './protocol.js';
import type { WorkerFactory, WorkerHandle } from './spawnWorker.js';

/** Options of {@link WorkerPool.create}. */
export interface WorkerPoolOptions {
  /** Starts one worker (see `nodeWorkerFactory`, `wrapWebWorker`). */
  factory: WorkerFactory;
  /** Number of workers, ≥ 1. */
  workers: number;
  /** Configuration passed to every worker's `init` (structured-cloneable). */
  config: unknown;
  /**
   * Tasks in flight per worker (default 3: one running, two queued in the
   * worker, so a worker keeps busy while the main thread is descheduled or
   * busy for up to two tasks' time).
   */
  pipeline?: number;
  /** Replacement workers started after crashes before the pool gives up (default 2 × workers). */
  maxRestarts?: number;
}

interface PendingTask {
  id: number;
  payload: unknown;
  transfer: ArrayBuffer[] | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** The run this task belongs to (see {@link WorkerPool.cancel}). */
  group: object | undefined;
  /** Cancelled while a worker runs it: the reply is dropped when it arrives. */
  dropped: boolean;
  /** When {@link WorkerPool.run} queued it (performance.now()). */
  queuedAt: number;
  /**
   * Queued only after its worker had answered everything it held: the
   * worker's wait before this task is not counted as idle time, because there
   * was no work to give it (between two calls on a shared pool, or while a
   * stream's source is slow).
   */
  afterGap: boolean;
}

interface Slot {
  handle: WorkerHandle | undefined;
  inflight: Map<number, PendingTask>;
  alive: boolean;
  /** When the slot's in-flight set last became empty (performance.now()). */
  emptySince: number;
}

/**
 * Counters of a {@link WorkerPool} since it was created: how busy the workers
 * were and whether they ever waited for the main thread.
 *
 * @example
 * ```ts
 * const s = pool.stats();
 * console.log(`workers idle ${(100 * s.workerIdleMs / (s.workerBusyMs + s.workerIdleMs)).toFixed(1)} %`);
 * ```
 */
export interface WorkerPoolStats {
  /** Tasks answered with a result. */
  tasks: number;
  /** Σ over tasks of the time a worker spent on the task (ms, worker clock). */
  workerBusyMs: number;
  /**
   * Σ over tasks of the time the worker waited for the task after finishing
   * its previous one (ms): starvation. Near 0 when the pipeline keeps every
   * worker supplied. Waits when there was no work at all (a task queued only
   * after its worker had answered everything it held, e.g. the first task of
   * a later call on a shared pool) are not counted.
   */
  workerIdleMs: number;
}

/**
 * A fixed-size pool of workers that run tasks of one handler.
 *
 * @example
 * ```ts
 * const pool = await WorkerPool.create({ factory: nodeWorkerFactory(url), workers: 4, config: null });
 * const value = await pool.run({ x: 3 });
 * await pool.close();
 * ```
 */
export class WorkerPool {
  /** Number of workers requested. */
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: PendingTask[] = [];
  private readonly pipeline: number;
  private readonly factory: WorkerFactory;
  private readonly config: unknown;
  private restartsLeft: number;
  private nextId = 1;
  private closed = false;
  private readonly counters: WorkerPoolStats = { tasks: 0, workerBusyMs: 0, workerIdleMs: 0 };

  private constructor(options: WorkerPoolOptions) {
    this.size = Math.max(1, Math.floor(options.workers));
    this.pipeline = Math.max(1, Math.floor(options.pipeline ?? 3));
    this.factory = options.factory;
    this.config = options.config;
    this.restartsLeft = options.maxRestarts ?? 2 * this.size;
  }

  /**
   * Starts the workers and sends each the `init` message.
   *
   * @param options - see {@link WorkerPoolOptions}
   * @returns the ready pool
   * @throws whatever the factory throws (after terminating the workers already started)
   */
  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      await Promise.all(Array.from({ length: pool.size }, () => pool.startSlot()));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private async startSlot(existing?: Slot): Promise<void> {
    const slot: Slot = existing ?? { handle: undefined, inflight: new Map(), alive: false, emptySince: 0 };
    if (!existing) this.slots.push(slot);
    const handle = await this.factory();
    if (this.closed) {
      await handle.terminate();
      return;
    }
    slot.handle = handle;
    slot.alive = true;
    // Idle until a task is dispatched (see WorkerHandle.setBusy).
    handle.setBusy?.(false);
    handle.onMessage((m) => this.receive(slot, m));
    handle.onFailure((e) => this.fail(slot, e));
    handle.post({ type: 'init', config: this.config });
    this.dispatch();
  }

  private receive(slot: Slot, message: FromWorkerMessage): void {
    if (message.type === 'init-error') return; // every task will be answered with this error
    const task = slot.inflight.get(message.id);
    if (!task) return;
    slot.inflight.delete(message.id);
    if (slot.inflight.size === 0) {
      slot.emptySince = performance.now();
      slot.handle?.setBusy?.(false);
    }
    // Hand the worker its next task before anything else happens here.
    this.dispatch();
    if (task.dropped) return;
    if (message.type === 'result') {
      this.counters.tasks++;
      this.counters.workerBusyMs += message.busyMs ?? 0;
      if (!task.afterGap) this.counters.workerIdleMs += message.idleMs ?? 0;
      task.resolve(message.value);
    } else task.reject(deserializeError(message.error));
  }

  /**
   * Counters since the pool was created.
   *
   * @returns a copy of the counters
   */
  stats(): WorkerPoolStats {
    return { ...this.counters };
  }

  private fail(slot: Slot, error: Error): void {
    slot.alive = false;
    const lost = [...slot.inflight.values()];
    slot.inflight.clear();
    for (const t of lost) {
      if (t.dropped) continue;
      const e = new EisError('WORKER_FAILED', `worker failed while running task ${t.id}: ${error.message}`);
      (e as Error & { cause?: unknown }).cause = error;
      t.reject(e);
    }
    const handle = slot.handle;
    slot.handle = undefined;
    void handle?.terminate().catch(() => undefined);
    if (this.closed) return;
    if (this.restartsLeft > 0) {
      this.restartsLeft--;
      this.startSlot(slot).catch((e: unknown) => {
        if (!this.slots.some((s) => s.alive)) this.rejectQueued(e instanceof Error ? e : new Error(String(e)));
      });
    } else if (!this.slots.some((s) => s.alive)) {
      this.rejectQueued(new EisError('WORKER_FAILED', `all workers failed; last error: ${error.message}`));
    }
  }

  private rejectQueued(error: Error): void {
    const q = this.queue.splice(0);
    for (const t of q) t.reject(error);
  }

  private dispatch(): void {
    while (this.queue.length) {
      let best: Slot | undefined;
      for (const s of this.slots) {
        if (!s.alive || !s.handle || s.inflight.size >= this.pipeline) continue;
        if (!best || s.inflight.size < best.inflight.size) best = s;
      }
      if (!best || !best.handle) return;
      const task = this.queue.shift() as PendingTask;
      task.afterGap = best.inflight.size === 0 && task.queuedAt > best.emptySince;
      if (best.inflight.size === 0) best.handle.setBusy?.(true);
      best.inflight.set(task.id, task);
      best.handle.post({ type: 'task', id: task.id, payload: task.payload }, task.transfer);
    }
  }

  /**
   * Queues one task.
   *
   * @param payload - structured-cloneable task payload
   * @param transfer - ArrayBuffers moved (not copied) to the worker; unusable afterwards
   * @param group - optional run token: {@link WorkerPool.cancel} with the same object cancels this task
   * @returns the handler's return value, or a rejection with the handler's
   *   error (rebuilt with its class), `WORKER_FAILED` after a crash, or
   *   `CANCELLED` when the pool is closed first
   */
  run(payload: unknown, transfer?: ArrayBuffer[], group?: object): Promise<unknown> {
    if (this.closed) return Promise.reject(new EisError('CANCELLED', 'the worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, payload, transfer, resolve, reject, group, dropped: false, queuedAt: performance.now(), afterGap: false });
      this.dispatch();
    });
  }

  /**
   * Cancels the tasks of one run without stopping any worker (for a pool
   * shared by several runs): its queued tasks are removed and its running
   * ones are abandoned (a worker finishes the task it is on, and the reply is
   * dropped). Every such task rejects with `error` at once.
   *
   * @param group - the object passed as `group` to {@link WorkerPool.run}
   * @param error - the rejection
   * @example
   * ```ts
   * const run = {};
   * const p = pool.run(payload, undefined, run);
   * pool.cancel(run, new EisError('CANCELLED', 'aborted')); // p rejects
   * ```
   */
  cancel(group: object, error: Error): void {
    const keep: PendingTask[] = [];
    const gone: PendingTask[] = [];
    for (const t of this.queue) (t.group === group ? gone : keep).push(t);
    this.queue.splice(0, this.queue.length, ...keep);
    for (const s of this.slots) {
      for (const t of s.inflight.values()) {
        if (t.group === group && !t.dropped) {
          // Stays in flight (the worker is busy with it) so the pipeline count stays right.
          t.dropped = true;
          gone.push(t);
        }
      }
    }
    for (const t of gone) t.reject(error);
  }

  /** True once {@link WorkerPool.close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Terminates every worker at once. Queued and running tasks are rejected
   * with an `EisError` of code `CANCELLED` (their work is abandoned).
   *
   * @returns when every worker has stopped
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new EisError('CANCELLED', 'the worker pool was closed before the task finished');
    this.rejectQueued(error);
    const stops: Promise<void>[] = [];
    for (const s of this.slots) {
      for (const t of s.inflight.values()) if (!t.dropped) t.reject(error);
      s.inflight.clear();
      s.alive = false;
      if (s.handle) stops.push(s.handle.terminate().catch(() => undefined));
      s.handle = undefined;
    }
    await Promise.all(stops);
  }
}
