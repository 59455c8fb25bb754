/**
 * Node `worker_threads` entry of `fitBatch` / `fitStream`: serves the fit
 * handler on the parent port. Started by the pool from its URL, never
 * imported by the "." entry.
 *
 * @module
 */
import { fitTaskHandler } from './fitTask.js';
import { nodeParentPort } from './nodePort.js';
import { serveWorker } from './serveWorker.js';

serveWorker(nodeParentPort(), fitTaskHandler);
