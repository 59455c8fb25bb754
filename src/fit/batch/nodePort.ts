/**
 * The {@link WorkerPort} of a Node `worker_threads` worker. Imports
 * `node:worker_threads` statically, so only worker entry modules (never the
 * "." entry) may import this file.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { EisError } from '../../errors.js';
import type { WorkerPort } from './serveWorker.js';

/**
 * The current thread's port to its parent.
 *
 * @returns the port
 * @throws EisError `NOT_A_WORKER` when called on the main thread
 * @example
 * ```ts
 * serveWorker(nodeParentPort(), handler);
 * ```
 */
export function nodeParentPort(): WorkerPort {
  const port = parentPort;
  if (!port) throw new EisError('NOT_A_WORKER', 'nodeParentPort() must be called inside a worker thread');
  return {
    post: (message, transfer) => port.postMessage(message, transfer),
    listen: (receive) => {
      port.on('message', receive);
    },
  };
}
