/**
 * `eiskit convert` and `eiskit simulate`: spectra to CSV or JSON.
 * @module
 */
import { simulateImpedance } from '../circuit/simulateImpedance.js';
import type { Spectrum } from '../data/spectrum.js';
import { ParameterError } from '../errors.js';
import { createRandom } from '../random.js';
import { emit, outputKind, type CommandContext } from './context.js';
import { EXIT_OK } from './formatCliError.js';
import { csvField } from './info.js';
import { flattenSpectra, loadInputs, spectrumName } from './loadInputs.js';
import { keyValues, numberOption, parseOptions, stringOption } from './options.js';
import { jsonReplacer } from './table.js';

/** Header of the CSV written by `convert` and `simulate`; the generic CSV loader reads it back. */
export const CSV_HEADER = 'frequency/Hz,Re(Z)/Ohm,Im(Z)/Ohm';

/**
 * Writes spectra as CSV (`frequency/Hz, Re(Z)/Ohm, Im(Z)/Ohm`, Im with its
 * true sign, shortest round-trip decimal numbers); a leading `spectrum`
 * column when there are several.
 *
 * @param spectra - spectra with names
 * @returns the CSV text
 * @example
 * ```ts
 * spectraToCsv([{ name: 'a', spectrum }]);
 * ```
 */
export function spectraToCsv(spectra: readonly { name: string; spectrum: Spectrum }[]): string {
  const many = spectra.length > 1;
  const lines = [(many ? 'spectrum,' : '') + CSV_HEADER];
  for (const { name, spectrum: s } of spectra) {
    const prefix = many ? csvField(name) + ',' : '';
    for (let i = 0; i < s.frequency.length; i++) lines.push(`${prefix}${s.frequency[i]},${s.re[i]},${s.im[i]}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes spectra as JSON: `{ name, meta, frequency, re, im }` per spectrum
 * (arrays of numbers, Im with its true sign).
 *
 * @param spectra - spectra with names
 * @returns the JSON text
 * @example
 * ```ts
 * JSON.parse(spectraToJson([{ name: 'a', spectrum }]))[0].frequency;
 * ```
 */
export function spectraToJson(spectra: readonly { name: string; spectrum: Spectrum }[]): string {
  const out = spectra.map(({ name, spectrum: s }) => ({ name, meta: s.meta ?? {}, frequency: s.frequency, re: s.re, im: s.im }));
  return JSON.stringify(out, jsonReplacer, 2) + '\n';
}

function target(ctx: CommandContext): 'json' | 'csv' {
  const to = stringOption(ctx.values, 'to');
  if (to !== undefined) {
    if (to !== 'csv' && to !== 'json') throw new ParameterError('BAD_OPTION', `--to must be csv or json, got "${to}"`, 'to');
    return to;
  }
  return outputKind(ctx.values) === 'json' ? 'json' : 'csv';
}

/**
 * Runs `eiskit convert <files…> [--to csv|json] [--out file]`: any supported
 * format to CSV (default) or JSON.
 *
 * @param ctx - command context
 * @returns 0
 * @example
 * ```ts
 * runConvert({ values: { to: 'json' }, positionals: ['cell.mpt'], io });
 * ```
 */
export function runConvert(ctx: CommandContext): number {
  const files = loadInputs(ctx.positionals, parseOptions(ctx.values));
  const items = flattenSpectra(files, numberOption(ctx.values, 'spectrum', 'integer'));
  const named = items.map((it) => ({ name: spectrumName(it, files), spectrum: it.spectrum }));
  emit(ctx, target(ctx) === 'json' ? spectraToJson(named) : spectraToCsv(named));
  for (const f of files) {
    if (f.result.rows.skipped) ctx.io.stderr(`${f.path}: ${f.result.rows.skipped} invalid rows skipped (see eiskit info --json)\n`);
  }
  return EXIT_OK;
}

/**
 * Runs `eiskit simulate --circuit C --values k=v,… [--fmin 0.1] [--fmax 1e6]
 * [--ppd 10] [--noise 0.01 --seed 1]`: the circuit's impedance on a
 * log-spaced grid (from fmax down), optionally with seeded proportional
 * Gaussian noise, as CSV or JSON.
 *
 * @param ctx - command context
 * @returns 0
 * @example
 * ```ts
 * runSimulate({ values: { circuit: 'R0-p(R1,C1)', values: 'R0=10,R1=100,C1=1e-6' }, positionals: [], io });
 * ```
 */
export function runSimulate(ctx: CommandContext): number {
  const circuit = stringOption(ctx.values, 'circuit');
  if (circuit === undefined) throw new ParameterError('BAD_OPTION', 'simulate needs --circuit "R0-p(R1,C1)" and --values "R0=10,R1=100,C1=1e-6"', 'circuit');
  const raw = stringOption(ctx.values, 'values');
  if (raw === undefined) throw new ParameterError('BAD_OPTION', 'simulate needs --values "key=value,…" for every parameter', 'values');
  const values = keyValues(raw, 'values');
  const fmin = numberOption(ctx.values, 'fmin', 'positive') ?? 0.1;
  const fmax = numberOption(ctx.values, 'fmax', 'positive') ?? 1e6;
  const ppd = numberOption(ctx.values, 'ppd', 'positive') ?? 10;
  if (fmin >= fmax) throw new ParameterError('BAD_OPTION', `--fmin (${fmin}) must be below --fmax (${fmax})`, 'fmin');
  const n = Math.round(Math.log10(fmax / fmin) * ppd) + 1;
  const frequency = Float64Array.from({ length: n }, (_, i) => fmax * (fmin / fmax) ** (n === 1 ? 0 : i / (n - 1)));
  const noise = numberOption(ctx.values, 'noise', 'any');
  if (noise !== undefined && noise < 0) throw new ParameterError('BAD_OPTION', `--noise must be ≥ 0, got ${noise}`, 'noise');
  const seed = numberOption(ctx.values, 'seed', 'integer') ?? 1;
  const spectrum = simulateImpedance(
    circuit,
    values,
    frequency,
    noise ? { noise: { type: 'proportional', sigma: noise }, random: createRandom(seed) } : {},
  );
  const named = [{ name: circuit, spectrum }];
  emit(ctx, outputKind(ctx.values) === 'json' ? spectraToJson(named) : spectraToCsv(named));
  return EXIT_OK;
}
