/**
 * Turns any error thrown while running a command into a message and an exit code.
 * @module
 */
import { CircuitSyntaxError, DataFormatError, EisError, ParameterError } from '../errors.js';

/** Exit code of a successful run. */
export const EXIT_OK = 0;
/** Exit code when at least one fit did not converge (or `validate --strict` found an invalid spectrum). */
export const EXIT_NOT_CONVERGED = 1;
/** Exit code for bad input: unreadable files, bad data rows, bad circuits, bad options. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for an unexpected internal error (a bug: please report it with `--debug` output). */
export const EXIT_INTERNAL = 3;

/** A data error tagged with the path of the file it came from. */
export class FileError extends EisError {
  /** Path as the user gave it. */
  readonly path: string;
  /** The underlying error. */
  override readonly cause: unknown;
  /**
   * @param path - file path as given on the command line
   * @param cause - the error raised while reading or parsing it
   */
  constructor(path: string, cause: unknown) {
    super(cause instanceof EisError ? cause.code : 'FILE', `${path}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'FileError';
    this.path = path;
    this.cause = cause;
  }
}

/**
 * Formats an error for the terminal: file, line and column for data errors
 * (`path:line: message (column "im")`), the caret frame for circuit errors,
 * the parameter for option errors; the stack only when `debug` is set.
 *
 * @param error - what was thrown
 * @param debug - append the stack trace
 * @returns the message (no trailing newline) and the exit code
 * @example
 * ```ts
 * const { message, code } = formatCliError(err, false); // code 2 for bad input
 * ```
 */
export function formatCliError(error: unknown, debug: boolean): { message: string; code: number } {
  const stack = (e: unknown) => (debug && e instanceof Error && e.stack ? `\n${e.stack}` : '');
  const path = error instanceof FileError ? error.path : undefined;
  const inner = error instanceof FileError ? error.cause : error;
  if (inner instanceof DataFormatError) {
    const where = path ?? inner.source ?? '<input>';
    const lines = inner.issues.slice(0, 20).map((d) => {
      const col = d.column !== undefined ? ` (column "${d.column}")` : '';
      const text = d.text !== undefined ? `: ${JSON.stringify(d.text.length > 60 ? d.text.slice(0, 60) + '…' : d.text)}` : '';
      return `${where}${d.line !== undefined ? `:${d.line}` : ''}: ${d.message}${col}${text} [${d.code}]`;
    });
    if (!lines.length) lines.push(`${where}: ${inner.message}`);
    if (inner.issues.length > 20) lines.push(`… and ${inner.issues.length - 20} more problems`);
    return { message: `error: ${lines.join('\nerror: ')}${stack(inner)}`, code: EXIT_BAD_INPUT };
  }
  if (inner instanceof CircuitSyntaxError) {
    return { message: `error: circuit: ${inner.message}${stack(inner)}`, code: EXIT_BAD_INPUT };
  }
  if (inner instanceof ParameterError) {
    const where = path ? `${path}: ` : '';
    return { message: `error: ${where}${inner.message}${stack(inner)}`, code: EXIT_BAD_INPUT };
  }
  const nodeCode = (inner as { code?: unknown } | null)?.code;
  if (typeof nodeCode === 'string' && nodeCode.startsWith('ERR_PARSE_ARGS')) {
    return { message: `error: ${(inner as Error).message}\nRun "eiskit --help" for usage.${stack(inner)}`, code: EXIT_BAD_INPUT };
  }
  if (typeof nodeCode === 'string' && /^E[A-Z]+$/.test(nodeCode)) {
    const reasons: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EISDIR: 'is a directory (give files or a glob such as dir/*.DTA)',
      EACCES: 'permission denied',
      ENOTDIR: 'a path component is not a directory',
    };
    const p = path ?? (inner as { path?: string }).path ?? '<input>';
    return { message: `error: ${p}: ${reasons[nodeCode] ?? (inner as Error).message}${stack(inner)}`, code: EXIT_BAD_INPUT };
  }
  if (inner instanceof EisError) return { message: `error: ${path ? `${path}: ` : ''}${inner.message}${stack(inner)}`, code: EXIT_BAD_INPUT };
  const msg = inner instanceof Error ? inner.message : String(inner);
  return {
    message: `internal error: ${path ? `${path}: ` : ''}${msg}${debug ? stack(inner) : '\n(run with --debug for the stack trace)'}`,
    code: EXIT_INTERNAL,
  };
}
