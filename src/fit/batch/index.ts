// Public exports of batch and streaming fits (explicit, named). Re-exported by src/fit/index.ts.
export { fitBatch } from './fitBatch.js';
export type { BatchFitResult, BatchProgress, BatchRunSummary, FitBatchOptions } from './fitBatch.js';
export { fitStream } from './fitStream.js';
export type { FitStreamOptions, FitStreamRowOptions, SpectrumSource, StreamItem, StreamRowItem } from './fitStream.js';
export { DEFAULT_WORKER_LIMITS } from './fitRunner.js';
export { FitPool, createFitPool } from './fitPool.js';
export type { FitPoolOptions } from './fitPool.js';
export type { BatchItem, BatchRunStats, ParallelFitOptions } from './fitRunner.js';
export { WorkerPool } from './pool.js';
export type { WorkerPoolOptions, WorkerPoolStats } from './pool.js';
export { defaultWorkerCount, isNodeRuntime, nodeWorkerFactory, wrapWebWorker } from './spawnWorker.js';
export type { NodeWorkerFactoryOptions, WorkerResourceLimits, WebWorkerLike, WorkerFactory, WorkerHandle } from './spawnWorker.js';
export { serveWorker } from './serveWorker.js';
export type { TaskHandler, WorkerPort } from './serveWorker.js';
export { serializeError, deserializeError } from './protocol.js';
export type {
  SerializedError,
  SerializedCircuitFields,
  ToWorkerMessage,
  FromWorkerMessage,
  InitMessage,
  TaskMessage,
  ResultMessage,
  ErrorMessage,
  InitErrorMessage,
} from './protocol.js';
export { fitTable, tableColumn, tableRows, FIT_STATUS, FIT_TABLE_WARNINGS, PARAMETER_FLAGS } from './fitTable.js';
export type { FitRow, FitTable, FitTableOptions, TableRows, TableValue } from './fitTable.js';
