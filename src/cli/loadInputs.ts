/**
 * Reads the files named on the command line (globs expanded) into spectra.
 * @module
 */
import type { Spectrum } from '../data/spectrum.js';
import type { ParseSpectraOptions, ParseSpectraResult } from '../data/types.js';
import { ParameterError } from '../errors.js';
import { expandPaths, readSpectraFile } from '../node.js';
import { FileError } from './formatCliError.js';

/** One input file and what was read from it. */
export interface LoadedFile {
  /** Path as given (or as matched by a glob). */
  path: string;
  /** The parse result. */
  result: ParseSpectraResult;
}

/** One spectrum with the file it came from. */
export interface LoadedSpectrum {
  /** File path. */
  path: string;
  /** 0-based index of the spectrum within its file. */
  index: number;
  /** The spectrum. */
  spectrum: Spectrum;
}

/**
 * Expands `patterns` and parses every file; errors are wrapped in
 * {@link FileError} so messages name the file.
 *
 * @param patterns - file paths or globs
 * @param options - parse options (format, onInvalidRow)
 * @returns the files in order
 * @throws ParameterError `BAD_OPTION` when no file is given or a glob matches nothing
 * @example
 * ```ts
 * const files = loadInputs(['data/*.DTA'], {});
 * ```
 */
export function loadInputs(patterns: readonly string[], options: ParseSpectraOptions): LoadedFile[] {
  if (!patterns.length) throw new ParameterError('BAD_OPTION', 'no input file given (e.g. eiskit fit cell.DTA --circuit "R0-p(R1,CPE1)")', 'files');
  const { files, unmatched } = expandPaths(patterns);
  if (unmatched.length) throw new ParameterError('BAD_OPTION', `no file matches ${unmatched.map((u) => `"${u}"`).join(', ')}`, 'files');
  return files.map((path) => {
    try {
      return { path, result: readSpectraFile(path, options) };
    } catch (error) {
      throw new FileError(path, error);
    }
  });
}

/**
 * Flattens loaded files into their spectra, labelling each with its file
 * (`meta.source` keeps the file name; `meta.label` gets `file#n` when a file
 * holds several spectra).
 *
 * @param files - loaded files
 * @param pick - only this 0-based spectrum of each file (default: all)
 * @returns every spectrum with its origin
 * @example
 * ```ts
 * const spectra = flattenSpectra(loadInputs(['a.DTA', 'b.DTA'], {}));
 * ```
 */
export function flattenSpectra(files: readonly LoadedFile[], pick?: number): LoadedSpectrum[] {
  const out: LoadedSpectrum[] = [];
  for (const f of files) {
    const { spectra } = f.result;
    if (pick !== undefined && pick >= spectra.length) {
      throw new FileError(f.path, new ParameterError('OUT_OF_BOUNDS', `--spectrum ${pick} is out of range: the file holds ${spectra.length} spectra (0-based)`, 'spectrum'));
    }
    spectra.forEach((spectrum, index) => {
      if (pick === undefined || pick === index) out.push({ path: f.path, index, spectrum });
    });
  }
  return out;
}

/**
 * Short name of a loaded spectrum: the path, plus `#n` when its file holds several.
 *
 * @param item - the spectrum and origin
 * @param files - all loaded files (to know how many spectra each holds)
 * @returns e.g. `cell.mpt#2`
 * @example
 * ```ts
 * spectrumName(items[0], files); // 'cell.DTA'
 * ```
 */
export function spectrumName(item: LoadedSpectrum, files: readonly LoadedFile[]): string {
  const file = files.find((f) => f.path === item.path);
  return file && file.result.spectra.length > 1 ? `${item.path}#${item.index}` : item.path;
}
