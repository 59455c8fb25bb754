/**
 * Plain-text tables and number formatting for the `eiskit` command.
 * @module
 */

/**
 * Formats a number for a table: 4 significant digits, exponent notation
 * below 1e-3 or from 1e6 on, `0` for zero, `—` for null/undefined/non-finite.
 *
 * @param value - the number
 * @param digits - significant digits (default 4)
 * @returns the text
 * @example
 * ```ts
 * formatNumber(210.5164); // '210.5'
 * formatNumber(4.9963e-9); // '4.996e-9'
 * ```
 */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a < 1e-3 || a >= 1e6) return value.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
  const s = value.toPrecision(digits);
  if (s.includes('e')) return String(Number(s)); // 13940 rather than 1.394e+4
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * Renders rows as a left-aligned text table with a header line, two spaces
 * between columns; numbers go through {@link formatNumber}.
 *
 * @param columns - column names (header and key order)
 * @param rows - rows keyed by column name
 * @returns the table, one line per row, with a trailing newline
 * @example
 * ```ts
 * formatTable(['key', 'value'], [{ key: 'R0', value: 210.5 }]);
 * ```
 */
export function formatTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown): string => {
    if (typeof v === 'number') return formatNumber(v);
    if (v === null || v === undefined) return '—';
    return String(v);
  };
  const text = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, j) => Math.max(c.length, ...text.map((t) => t[j].length)));
  const line = (cells: readonly string[]) => cells.map((t, j) => (j === cells.length - 1 ? t : t.padEnd(widths[j]))).join('  ').trimEnd();
  return [line(columns), ...text.map(line)].join('\n') + '\n';
}

/**
 * Formats a frequency in Hz with an SI prefix (`7 MHz`, `100 mHz`).
 *
 * @param hz - frequency in Hz
 * @returns the text
 * @example
 * ```ts
 * formatHertz(7e6); // '7 MHz'
 * ```
 */
export function formatHertz(hz: number): string {
  const prefixes: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
    [1, ''],
    [1e-3, 'm'],
    [1e-6, 'µ'],
  ];
  for (const [f, p] of prefixes) if (Math.abs(hz) >= f) return `${formatNumber(hz / f)} ${p}Hz`;
  return `${formatNumber(hz)} Hz`;
}

/**
 * Turns typed arrays into plain arrays so `JSON.stringify` writes them as
 * lists (a `JSON.stringify` replacer).
 *
 * @param _key - property name (unused)
 * @param value - property value
 * @returns the value, with typed arrays as number arrays
 * @example
 * ```ts
 * JSON.stringify({ f: new Float64Array([1, 2]) }, jsonReplacer); // '{"f":[1,2]}'
 * ```
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'function') return undefined;
  return value;
}
