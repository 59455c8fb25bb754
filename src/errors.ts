/**
 * Typed errors of eiskit. Every error is data: a `code` from a closed union plus
 * structured position fields, and a message that stands on its own.
 *
 * @module
 */

/**
 * Base class of every error eiskit throws on purpose.
 *
 * @example
 * ```ts
 * try { parseCircuit('R0-p(R1'); } catch (e) { if (e instanceof EisError) console.log(e.code); }
 * ```
 */
export class EisError extends Error {
  /** Machine-readable reason. */
  readonly code: string;
  /**
   * @param code - machine-readable reason
   * @param message - human-readable message that stands on its own
   */
  constructor(code: string, message: string) {
    super(message);
    this.name = 'EisError';
    this.code = code;
  }
}

/** Reasons a circuit string is rejected. */
export type CircuitErrorCode =
  | 'UNEXPECTED_CHARACTER'
  | 'UNEXPECTED_END'
  | 'UNCLOSED_PARALLEL'
  | 'PARALLEL_NEEDS_TWO_BRANCHES'
  | 'UNKNOWN_ELEMENT'
  | 'DUPLICATE_NAME'
  | 'BAD_ANNOTATION'
  | 'EMPTY_CIRCUIT'
  | 'TOO_DEEP';

/**
 * Draws the one-line caret frame used by positioned errors.
 *
 * @param input - the text the error points into
 * @param start - 0-based start offset
 * @param end - 0-based end offset (exclusive); at least one caret is drawn
 * @returns the line and a caret line underneath, e.g. `R0-p(R1\n       ^`
 * @example
 * ```ts
 * caretFrame('R0-X1', 3, 5); // 'R0-X1\n   ^^'
 * ```
 */
export function caretFrame(input: string, start: number, end: number): string {
  // Show at most ~70 characters around the error so huge inputs stay readable.
  const width = 70;
  let from = 0;
  let to = input.length;
  if (input.length > width) {
    from = Math.max(0, start - 30);
    to = Math.min(input.length, from + width);
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < input.length ? '…' : '';
  const shown = prefix + input.slice(from, to).replace(/[\r\n\t]/g, ' ') + suffix;
  const pad = prefix.length + (start - from);
  const len = Math.max(1, Math.min(end, to) - start);
  return `${shown}\n${' '.repeat(Math.max(0, pad))}${'^'.repeat(len)}`;
}

/** Fields of a {@link CircuitSyntaxError}. */
export interface CircuitSyntaxErrorInit {
  /** Machine-readable reason. */
  code: CircuitErrorCode;
  /** Short description without position, e.g. `unknown element "Rx"`. */
  reason: string;
  /** The full circuit text. */
  input: string;
  /** 0-based offset of the first offending character. */
  start: number;
  /** 0-based offset one past the last offending character. */
  end: number;
  /** Close matches for a misspelled element symbol. */
  suggestions?: readonly string[];
}

/**
 * A circuit string could not be parsed. Carries the 0-based `start`/`end`
 * offsets, the 1-based `column`, and a message with a caret frame.
 *
 * @example
 * ```ts
 * try { parseCircuit('R0-p(R1)'); }
 * catch (e) { if (e instanceof CircuitSyntaxError) console.log(e.code, e.column); }
 * // PARALLEL_NEEDS_TWO_BRANCHES 4
 * ```
 */
export class CircuitSyntaxError extends EisError {
  declare readonly code: CircuitErrorCode;
  /** Short description without position. */
  readonly reason: string;
  /** The circuit text that failed. */
  readonly input: string;
  /** 0-based start offset. */
  readonly start: number;
  /** 0-based end offset (exclusive). */
  readonly end: number;
  /** 1-based column of `start`. */
  readonly column: number;
  /** Close matches for misspelled element symbols (may be empty). */
  readonly suggestions: readonly string[];

  /** @param init - the structured fields */
  constructor(init: CircuitSyntaxErrorInit) {
    const suggestions = init.suggestions ?? [];
    const hint = suggestions.length ? ` (did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?)` : '';
    super(
      init.code,
      `${init.reason}${hint} at column ${init.start + 1}\n${caretFrame(init.input, init.start, init.end)}`,
    );
    this.name = 'CircuitSyntaxError';
    this.reason = init.reason;
    this.input = init.input;
    this.start = init.start;
    this.end = init.end;
    this.column = init.start + 1;
    this.suggestions = suggestions;
  }
}

/** Reasons data cannot be read. */
export type DataErrorCode =
  | 'MISSING_COLUMN'
  | 'NOT_A_NUMBER'
  | 'FIELD_COUNT'
  | 'NON_POSITIVE_FREQUENCY'
  | 'EMPTY'
  | 'UNKNOWN_FORMAT'
  | 'TRUNCATED'
  | 'LENGTH_MISMATCH'
  | 'NON_FINITE'
  | 'DUPLICATE_FREQUENCY';

/** One unreadable row or field, with where it is. */
export interface DataIssue {
  /** Machine-readable reason. */
  code: DataErrorCode;
  /** 1-based line in the file (or 1-based point index for in-memory arrays), when known. */
  line?: number;
  /** Column name (or array name such as `frequency`). */
  column?: string;
  /** The offending text or value. */
  text?: string;
  /** Human-readable explanation. */
  message: string;
}

/**
 * Data could not be read or is not a valid spectrum. Collects every offending
 * row in `issues`, each with its 1-based file line, the column name and the text.
 *
 * @example
 * ```ts
 * try { parseSpectra('freq,re,im\n1,2,x\n'); }
 * catch (e) { if (e instanceof DataFormatError) console.log(e.issues[0].line); } // 2
 * ```
 */
export class DataFormatError extends EisError {
  declare readonly code: DataErrorCode;
  /** Every problem found, in file order. */
  readonly issues: readonly DataIssue[];
  /** Source name (file name) when known. */
  readonly source: string | undefined;

  /**
   * @param issues - at least one issue; the first gives the error's `code`
   * @param source - file or source name
   */
  constructor(issues: readonly DataIssue[], source?: string) {
    const first = issues[0] ?? { code: 'EMPTY' as const, message: 'no data' };
    const where = (d: DataIssue) =>
      [source, d.line !== undefined ? `line ${d.line}` : undefined, d.column !== undefined ? `column "${d.column}"` : undefined]
        .filter(Boolean)
        .join(', ');
    const lines = issues.slice(0, 20).map((d) => {
      const w = where(d);
      const t = d.text !== undefined ? `: ${JSON.stringify(d.text.length > 80 ? d.text.slice(0, 80) + '…' : d.text)}` : '';
      return `${w ? w + ': ' : ''}${d.message}${t}`;
    });
    const more = issues.length > 20 ? `\n… and ${issues.length - 20} more` : '';
    super(first.code, (issues.length > 1 ? `${issues.length} problems:\n` : '') + lines.join('\n') + more);
    this.name = 'DataFormatError';
    this.issues = issues;
    this.source = source;
  }
}

/** Reasons parameter values or options are rejected. */
export type ParameterErrorCode =
  | 'UNKNOWN_PARAMETER'
  | 'OUT_OF_BOUNDS'
  | 'NOT_FINITE'
  | 'BAD_BOUNDS'
  | 'WRONG_LENGTH'
  | 'BAD_OPTION'
  | 'BAD_UNIT';

/**
 * A parameter value, bound or option is invalid. `parameter` names the key.
 *
 * @example
 * ```ts
 * try { fitCircuit('R0', spectrum, { initial: { R9: 1 } }); }
 * catch (e) { if (e instanceof ParameterError) console.log(e.parameter); } // 'R9'
 * ```
 */
export class ParameterError extends EisError {
  declare readonly code: ParameterErrorCode;
  /** The parameter key or option name concerned. */
  readonly parameter: string | undefined;
  /**
   * @param code - machine-readable reason
   * @param message - human-readable message
   * @param parameter - parameter key or option name
   */
  constructor(code: ParameterErrorCode, message: string, parameter?: string) {
    super(code, message);
    this.name = 'ParameterError';
    this.parameter = parameter;
  }
}
