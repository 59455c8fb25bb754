/**
 * A one-line progress bar on a terminal's stderr.
 * @module
 */
import type { CliIo } from './context.js';

/** A progress bar: call `update` per finished item and `done` at the end. */
export interface Progress {
  /**
   * Shows `done` of the total finished.
   * @param done - items finished
   * @param label - what was just finished
   */
  update(done: number, label: string): void;
  /** Clears the line. */
  done(): void;
}

/**
 * Creates a progress bar that draws on stderr only when it is a terminal
 * (`io.stderrIsTTY`); otherwise every call is a no-op, so piped and logged
 * output stays clean.
 *
 * @param io - output streams
 * @param total - number of items
 * @returns the progress bar
 * @example
 * ```ts
 * const bar = createProgress(io, files.length);
 * bar.update(1, 'a.DTA');
 * bar.done();
 * ```
 */
export function createProgress(io: CliIo, total: number): Progress {
  if (!io.stderrIsTTY || total < 2) return { update() {}, done() {} };
  const width = Math.max(10, Math.min(40, (io.columns ?? 80) - 50));
  return {
    update(done, label) {
      const filled = Math.round((done / total) * width);
      const name = label.length > 30 ? '…' + label.slice(-29) : label;
      io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${name}\u001b[K`);
    },
    done() {
      io.stderr('\r\u001b[K');
    },
  };
}
