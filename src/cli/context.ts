/**
 * What every `eiskit` command receives.
 * @module
 */
import { writeTextFile } from '../node.js';
import type { OptionValues } from './options.js';

/** Where the command writes; `runCli` takes one so it can run in-process (tests) or on a terminal. */
export interface CliIo {
  /** Writes text to standard output (the results). */
  stdout(text: string): void;
  /** Writes text to standard error (messages, progress). */
  stderr(text: string): void;
  /** True when standard error is a terminal: series fits then draw a progress bar (default false). */
  stderrIsTTY?: boolean;
  /** Terminal width in characters (default 80). */
  columns?: number;
}

/** One command invocation. */
export interface CommandContext {
  /** Parsed options. */
  values: OptionValues;
  /** Positional arguments after the command name (files, patterns). */
  positionals: string[];
  /** Output streams. */
  io: CliIo;
}

/**
 * Writes a command's main output: to `--out` when given (and says so on
 * stderr), else to stdout.
 *
 * @param ctx - the command context
 * @param text - the output
 * @param path - override of the target file (default `--out`)
 * @example
 * ```ts
 * emit(ctx, csvText);
 * ```
 */
export function emit(ctx: CommandContext, text: string, path?: string): void {
  const target = path ?? (typeof ctx.values.out === 'string' ? ctx.values.out : undefined);
  if (target === undefined || target === '-') {
    ctx.io.stdout(text);
    return;
  }
  writeTextFile(target, text);
  ctx.io.stderr(`wrote ${target}\n`);
}

/**
 * Output kind chosen by `--json`, `--csv`, or the extension of `--out`
 * (`.json`, `.csv`); `text` otherwise.
 *
 * @param values - parsed options
 * @returns the kind
 * @example
 * ```ts
 * outputKind({ out: 'fits.csv' }); // 'csv'
 * ```
 */
export function outputKind(values: OptionValues): 'json' | 'csv' | 'text' {
  if (values.json) return 'json';
  if (values.csv) return 'csv';
  const out = typeof values.out === 'string' ? values.out.toLowerCase() : '';
  if (out.endsWith('.json')) return 'json';
  if (out.endsWith('.csv')) return 'csv';
  return 'text';
}
