/**
 * Web Worker (module worker) entry of `fitBatch` / `fitStream` in browsers:
 * serves the fit handler on the worker's global scope. Bundlers emit it from
 * the literal `new Worker(new URL('./webWorker.js', import.meta.url), { type: 'module' })`
 * in `fitRunner.ts` (`defaultFactory`). Also exported as `eiskit/web-worker`.
 *
 * @module
 */
import { fitTaskHandler } from './fitTask.js';
import type { FromWorkerMessage, ToWorkerMessage } from './protocol.js';
import { serveWorker } from './serveWorker.js';

/** The parts of `DedicatedWorkerGlobalScope` used here. */
interface WorkerScope {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
serveWorker(
  {
    post: (message: FromWorkerMessage, transfer?: ArrayBuffer[]) => scope.postMessage(message, transfer ?? []),
    listen: (receive: (message: ToWorkerMessage) => void) =>
      scope.addEventListener('message', (event) => receive(event.data as ToWorkerMessage)),
  },
  fitTaskHandler,
);
