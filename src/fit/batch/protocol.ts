/**
 * Message protocol between a {@link WorkerPool} and its workers, plus the
 * error codec that carries eiskit's typed errors across the thread boundary
 * (structured clone keeps neither the class nor the extra fields of an error).
 *
 * Main → worker: one `init` message, then `task` messages.
 * Worker → main: one `result` or `error` message per task (same `id`), or one
 * `init-error` when initialisation failed.
 *
 * @module
 */
import { CircuitSyntaxError, DataFormatError, EisError, ParameterError } from '../../errors.js';
import type { CircuitErrorCode, DataIssue, ParameterErrorCode } from '../../errors.js';

/** Initialisation message, sent once to every worker before any task. */
export interface InitMessage {
  /** Message kind. */
  type: 'init';
  /** Handler-specific configuration (structured-cloneable). */
  config: unknown;
}

/** A unit of work. */
export interface TaskMessage {
  /** Message kind. */
  type: 'task';
  /** Pool-unique task id, echoed in the reply. */
  id: number;
  /** Handler-specific payload (structured-cloneable). */
  payload: unknown;
}

/** Messages from the pool to a worker. */
export type ToWorkerMessage = InitMessage | TaskMessage;

/** Successful completion of a task. */
export interface ResultMessage {
  /** Message kind. */
  type: 'result';
  /** Id of the task. */
  id: number;
  /** Handler-specific value. */
  value: unknown;
  /** Milliseconds the worker spent on this task (receipt to reply). */
  busyMs?: number;
  /**
   * Milliseconds the worker waited for this task after finishing the
   * previous one (0 for its first task): time it sat idle for lack of work.
   */
  idleMs?: number;
}

/** A task threw. */
export interface ErrorMessage {
  /** Message kind. */
  type: 'error';
  /** Id of the task. */
  id: number;
  /** The error, encoded by {@link serializeError}. */
  error: SerializedError;
}

/** The handler's `init` threw; the worker accepts no tasks. */
export interface InitErrorMessage {
  /** Message kind. */
  type: 'init-error';
  /** The error, encoded by {@link serializeError}. */
  error: SerializedError;
}

/** Messages from a worker to the pool. */
export type FromWorkerMessage = ResultMessage | ErrorMessage | InitErrorMessage;

/**
 * A structured-cloneable picture of an error: enough to rebuild eiskit's typed
 * errors ({@link CircuitSyntaxError}, {@link DataFormatError},
 * {@link ParameterError}, {@link EisError}) with their fields on the other side.
 *
 * @example
 * ```ts
 * const wire: SerializedError = serializeError(new ParameterError('BAD_OPTION', 'no', 'seed'));
 * ```
 */
export interface SerializedError {
  /** Class name (`ParameterError`, `DataFormatError`, `TypeError`, …). */
  name: string;
  /** The message. */
  message: string;
  /** The `code` of an {@link EisError}, when present. */
  code?: string;
  /** The stack trace as text, when present. */
  stack?: string;
  /** `ParameterError.parameter`. */
  parameter?: string;
  /** `DataFormatError.issues`. */
  issues?: DataIssue[];
  /** `DataFormatError.source`. */
  source?: string;
  /** `CircuitSyntaxError` fields. */
  circuit?: SerializedCircuitFields;
}

/** The fields of a `CircuitSyntaxError` inside a {@link SerializedError}. */
export interface SerializedCircuitFields {
  /** Short description without position. */
  reason: string;
  /** The circuit text that failed. */
  input: string;
  /** 0-based start offset. */
  start: number;
  /** 0-based end offset (exclusive). */
  end: number;
  /** Close matches for a misspelled element symbol. */
  suggestions: string[];
}

/**
 * Encodes any thrown value as a {@link SerializedError}.
 *
 * @param error - the thrown value (an `Error` or anything else)
 * @returns a plain, structured-cloneable object
 * @example
 * ```ts
 * serializeError(new Error('boom')); // { name: 'Error', message: 'boom', stack: '…' }
 * ```
 */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out: SerializedError = { name: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  if (error instanceof EisError) out.code = error.code;
  if (error instanceof ParameterError && error.parameter !== undefined) out.parameter = error.parameter;
  if (error instanceof DataFormatError) {
    out.issues = error.issues.map((d) => ({ ...d }));
    if (error.source !== undefined) out.source = error.source;
  }
  if (error instanceof CircuitSyntaxError) {
    out.circuit = {
      reason: error.reason,
      input: error.input,
      start: error.start,
      end: error.end,
      suggestions: [...error.suggestions],
    };
  }
  return out;
}

/**
 * Rebuilds an error encoded by {@link serializeError}: the same class for
 * eiskit's errors (with their fields), an `EisError` for other coded errors,
 * else a plain `Error` with the original `name`. The worker's stack is kept.
 *
 * @param wire - the encoded error
 * @returns an `Error` instance
 * @example
 * ```ts
 * const e = deserializeError(serializeError(new ParameterError('BAD_OPTION', 'no', 'seed')));
 * e instanceof ParameterError; // true
 * ```
 */
export function deserializeError(wire: SerializedError): Error {
  let error: Error;
  if (wire.name === 'CircuitSyntaxError' && wire.circuit) {
    error = new CircuitSyntaxError({ code: wire.code as CircuitErrorCode, ...wire.circuit });
  } else if (wire.name === 'DataFormatError' && wire.issues) {
    error = new DataFormatError(wire.issues, wire.source);
  } else if (wire.name === 'ParameterError') {
    error = new ParameterError(wire.code as ParameterErrorCode, wire.message, wire.parameter);
  } else if (wire.code !== undefined) {
    error = new EisError(wire.code, wire.message);
    error.name = wire.name;
  } else {
    error = new Error(wire.message);
    error.name = wire.name;
  }
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
