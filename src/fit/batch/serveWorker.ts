/**
 * Worker-side loop of the pool protocol, independent of the platform: Node's
 * `worker_threads` entry and the browser's Web Worker entry both call
 * {@link serveWorker} with their own {@link WorkerPort}.
 *
 * @module
 */
import { serializeError } from './protocol.js';
import type { FromWorkerMessage, ToWorkerMessage } from './protocol.js';

/**
 * The two operations a worker needs from its host: send a message to the
 * pool, and receive messages from it.
 *
 * @example
 * ```ts
 * // Node: import { parentPort } from 'node:worker_threads';
 * const port: WorkerPort = { post: (m) => parentPort!.postMessage(m), listen: (f) => parentPort!.on('message', f) };
 * ```
 */
export interface WorkerPort {
  /** Sends one message to the pool; `transfer` lists ArrayBuffers moved (not copied) with it. */
  post(message: FromWorkerMessage, transfer?: ArrayBuffer[]): void;
  /** Registers the (only) receiver of messages from the pool. */
  listen(receive: (message: ToWorkerMessage) => void): void;
}

/**
 * What a worker does: build a context once from the pool's configuration
 * (compile models, allocate buffers), then run tasks against it.
 *
 * @typeParam C - the per-worker context
 *
 * @example
 * ```ts
 * const squares: TaskHandler<number> = {
 *   init: (config) => Number(config),            // an offset
 *   run: (offset, payload) => (payload as number) ** 2 + offset,
 * };
 * ```
 */
export interface TaskHandler<C> {
  /** Builds the context from the `init` message's configuration. May throw. */
  init(config: unknown): C;
  /** Runs one task. The return value is structured-cloned to the pool; a throw fails only this task. */
  run(context: C, payload: unknown): unknown;
  /**
   * ArrayBuffers of a return value of `run` to transfer to the pool instead
   * of copying them (optional). The worker must not use them afterwards.
   */
  transfer?(value: unknown): ArrayBuffer[];
}

/**
 * Serves the pool protocol on `port`: the first `init` message builds the
 * context through `handler.init`; each `task` is run synchronously, in
 * arrival order, and answered with `result` (with the time spent on the task
 * and the time the worker waited for it) or `error` (the error encoded by
 * `serializeError`). If `init` throws, every later task is answered with that
 * error and an `init-error` message is sent once.
 *
 * @param port - the host's messaging
 * @param handler - the work
 * @example
 * ```ts
 * serveWorker(port, { init: () => null, run: (_, x) => (x as number) * 2 });
 * ```
 */
export function serveWorker<C>(port: WorkerPort, handler: TaskHandler<C>): void {
  let context: C | undefined;
  let ready = false;
  let initError: ReturnType<typeof serializeError> | undefined;
  let lastEnd = -1;
  port.listen((message) => {
    if (message.type === 'init') {
      try {
        context = handler.init(message.config);
        ready = true;
        initError = undefined;
      } catch (e) {
        ready = false;
        initError = serializeError(e);
        port.post({ type: 'init-error', error: initError });
      }
      return;
    }
    if (message.type === 'task') {
      if (!ready) {
        const error = initError ?? serializeError(new Error('worker received a task before init'));
        port.post({ type: 'error', id: message.id, error });
        return;
      }
      const start = performance.now();
      const idleMs = lastEnd < 0 ? 0 : start - lastEnd;
      let value: unknown;
      try {
        value = handler.run(context as C, message.payload);
      } catch (e) {
        port.post({ type: 'error', id: message.id, error: serializeError(e) });
        lastEnd = performance.now();
        return;
      }
      const transfer = handler.transfer?.(value);
      port.post({ type: 'result', id: message.id, value, busyMs: performance.now() - start, idleMs }, transfer);
      lastEnd = performance.now();
    }
  });
}
