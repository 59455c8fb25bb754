/**
 * Delimited-text splitting for the generic CSV reader. The only module that
 * imports papaparse (quoted fields, embedded delimiters).
 *
 * @module
 */
import Papa from 'papaparse';

/**
 * Splits lines into fields with papaparse (RFC 4180 quoting). Row `i` of the
 * result belongs to `lines[i]`. When quoting would merge lines (an unbalanced
 * quote), falls back to a plain split of each line so line numbers stay exact.
 * A `' '` delimiter means runs of blanks (spaces and tabs).
 *
 * @param lines - the lines to split (no terminators)
 * @param delimiter - `','`, `';'`, `'\t'` or `' '` (whitespace)
 * @returns one field array per line
 * @example
 * ```ts
 * splitDelimited(['1,"2,5",3'], ','); // [['1', '2,5', '3']]
 * ```
 */
export function splitDelimited(lines: readonly string[], delimiter: string): string[][] {
  if (delimiter === ' ') {
    return lines.map((l) => {
      const t = l.trim();
      return t === '' ? [] : t.split(/[ \t]+/);
    });
  }
  let quoted = false;
  for (const l of lines) {
    if (l.indexOf('"') >= 0) {
      quoted = true;
      break;
    }
  }
  if (!quoted) return lines.map((l) => (l === '' ? [] : l.split(delimiter)));
  const res = Papa.parse<string[]>(lines.join('\n'), { delimiter, newline: '\n', skipEmptyLines: false, header: false, dynamicTyping: false });
  if (res.errors.length === 0 && res.data.length === lines.length) {
    return res.data.map((r, i) => (lines[i] === '' ? [] : r));
  }
  return lines.map((l) => (l === '' ? [] : l.split(delimiter)));
}
