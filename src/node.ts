/**
 * eiskit/node: file-system helpers. The only module that imports `node:fs`.
 *
 * @module eiskit/node
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
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
