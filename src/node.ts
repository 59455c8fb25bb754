/**
 * eiskit/node: file-system helpers. The only module that imports `node:fs`.
 *
 * @module eiskit/node
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseSpectra } from './data/parseSpectra.js';
import type { ParseSpectraOptions, ParseSpectraResult } from './data/types.js';

/**
 * Reads a potentiostat export from disk and parses it with
 * {@link parseSpectra}. The file name (base name) becomes `options.fileName`
 * unless given, so errors and `meta.source` name the file and its extension
 * helps detection.
 *
 * @param path - file path
 * @param options - see {@link ParseSpectraOptions}
 * @returns the parse result (spectra, format, warnings, row counts)
 * @throws DataFormatError when the content cannot be read; Node's `ENOENT` etc. when the file cannot be opened
 * @example
 * ```ts
 * import { readSpectraFile } from 'eiskit/node';
 * const { spectra } = readSpectraFile('cell.mpt');
 * ```
 */
export function readSpectraFile(path: string, options: ParseSpectraOptions = {}): ParseSpectraResult {
  const bytes = readFileSync(path);
  return parseSpectra(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: basename(path), ...options });
}

/**
 * Asynchronous {@link readSpectraFile}.
 *
 * @param path - file path
 * @param options - see {@link ParseSpectraOptions}
 * @returns a promise of the parse result
 * @example
 * ```ts
 * import { readSpectraFileAsync } from 'eiskit/node';
 * const { spectra } = await readSpectraFileAsync('cell.DTA');
 * ```
 */
export async function readSpectraFileAsync(path: string, options: ParseSpectraOptions = {}): Promise<ParseSpectraResult> {
  const bytes = await readFile(path);
  return parseSpectra(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: basename(path), ...options });
}

/**
 * Writes a UTF-8 text file, creating missing parent directories first
 * (used by the CLI and the examples for CSV, JSON, SVG and HTML outputs).
 *
 * @param path - file path
 * @param text - content, written as UTF-8
 * @example
 * ```ts
 * import { writeTextFile } from 'eiskit/node';
 * writeTextFile('out/nyquist.svg', nyquistPlot(spectrum));
 * ```
 */
export function writeTextFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, 'utf8');
}

/** True when `segment` holds a glob character (`*`, `?` or `[`). */
function isGlob(segment: string): boolean {
  return /[*?[]/.test(segment);
}

/** Regular expression of one glob path segment: `*` any run, `?` one character, `[…]` a class; never crosses `/`. */
function segmentPattern(segment: string): RegExp {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += '[' + segment.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Entries of a directory (names), empty when it cannot be read. */
function listDirectory(dir: string): string[] {
  try {
    return readdirSync(dir === '' ? '.' : dir).sort();
  } catch {
    return [];
  }
}

/** True when `path` is a directory. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path === '' ? '.' : path).isDirectory();
  } catch {
    return false;
  }
}

/** Expands the glob segments `parts[index…]` below `base` into `out`. */
function walkGlob(base: string, parts: readonly string[], index: number, out: string[]): void {
  if (index === parts.length) {
    if (base !== '' && !isDirectory(base)) out.push(base);
    return;
  }
  const part = parts[index];
  const at = (name: string) => (base === '' ? name : join(base, name));
  if (part === '**') {
    walkGlob(base, parts, index + 1, out);
    for (const name of listDirectory(base)) {
      if (name.startsWith('.')) continue;
      const next = at(name);
      if (isDirectory(next)) walkGlob(next, parts, index, out);
    }
    return;
  }
  if (!isGlob(part)) {
    walkGlob(at(part), parts, index + 1, out);
    return;
  }
  const re = segmentPattern(part);
  for (const name of listDirectory(base)) {
    if (name.startsWith('.') && !part.startsWith('.')) continue;
    if (re.test(name)) walkGlob(at(name), parts, index + 1, out);
  }
}

/**
 * Result of {@link expandPaths}.
 *
 * @example
 * ```ts
 * const { files, unmatched }: ExpandedPaths = expandPaths(['*.DTA']);
 * ```
 */
export interface ExpandedPaths {
  /** Matching files (and plain paths as given), in pattern order, without duplicates. */
  files: string[];
  /** Glob patterns that matched no file. */
  unmatched: string[];
}

/**
 * Expands file arguments the way a shell would, for platforms and callers
 * that do not (Windows shells, quoted patterns, in-process use): in each
 * pattern, `*` matches any run of characters within one path segment, `?`
 * one character, `[abc]`/`[!abc]` a class, and a `**` segment any number of
 * directories. Hidden entries match only when the pattern segment starts
 * with a dot. Plain paths (no glob character) are returned unchanged even
 * when they do not exist, so the reader reports them; patterns that match
 * nothing are returned in `unmatched`. Matches of each pattern are sorted;
 * duplicates across patterns are removed; the order of patterns is kept.
 *
 * @param patterns - paths or glob patterns, `/`-separated (backslashes are accepted as separators)
 * @returns the matching files, in pattern order, and the patterns that matched nothing
 * @example
 * ```ts
 * import { expandPaths } from 'eiskit/node';
 * const { files } = expandPaths(['data/*.DTA', 'runs/**\/cell-?.mpt']);
 * ```
 */
export function expandPaths(patterns: readonly string[]): ExpandedPaths {
  const files: string[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  for (const raw of patterns) {
    const pattern = raw.replace(/\\/g, '/');
    if (!isGlob(pattern)) {
      if (!seen.has(raw)) files.push(raw);
      seen.add(raw);
      continue;
    }
    const absolute = pattern.startsWith('/');
    const parts = pattern.split('/').filter((p, i) => p !== '' && !(p === '.' && i > 0));
    const found: string[] = [];
    walkGlob(absolute ? '/' : '', parts, 0, found);
    found.sort();
    if (!found.length) unmatched.push(raw);
    for (const f of found) {
      if (!seen.has(f)) files.push(f);
      seen.add(f);
    }
  }
  return { files, unmatched };
}
