/**
 * `eiskit validate`: lin-KK test of each spectrum.
 * @module
 */
import { linKK, type LinKKResult } from '../validate/linKK.js';
import { emit, outputKind, type CommandContext } from './context.js';
import { EXIT_NOT_CONVERGED, EXIT_OK } from './formatCliError.js';
import { csvField } from './info.js';
import { flattenSpectra, loadInputs, spectrumName } from './loadInputs.js';
import { numberOption, parseOptions } from './options.js';
import { formatTable, jsonReplacer } from './table.js';

/**
 * Runs `eiskit validate <files…>`: lin-KK (Schönleber et al. 2014) per
 * spectrum with M, µ, the noise estimate and the verdict.
 *
 * @param ctx - command context (`--mu` sets the µ cut-off c, `--strict` makes an invalid spectrum exit 1)
 * @returns 0, or 1 with `--strict` when a spectrum is invalid
 * @example
 * ```ts
 * runValidate({ values: {}, positionals: ['cell.DTA'], io });
 * ```
 */
export function runValidate(ctx: CommandContext): number {
  const files = loadInputs(ctx.positionals, parseOptions(ctx.values));
  const items = flattenSpectra(files, numberOption(ctx.values, 'spectrum', 'integer'));
  const c = numberOption(ctx.values, 'mu', 'positive');
  const results: { name: string; result: LinKKResult }[] = items.map((it) => ({
    name: spectrumName(it, files),
    result: linKK(it.spectrum, c !== undefined ? { c } : {}),
  }));
  const kind = outputKind(ctx.values);
  if (kind === 'json') {
    const out = results.map(({ name, result: r }, i) => ({
      spectrum: name,
      valid: r.verdict.valid,
      M: r.M,
      mu: r.mu,
      noise: r.noise,
      verdict: r.verdict,
      statistics: r.statistics,
      frequency: items[i].spectrum.frequency,
      residuals: r.residuals,
    }));
    emit(ctx, JSON.stringify(out, jsonReplacer, 2) + '\n');
  } else if (kind === 'csv') {
    const lines = ['spectrum,valid,M,mu,noise,reasons'];
    for (const { name, result: r } of results) lines.push([name, r.verdict.valid, r.M, r.mu, r.noise, r.verdict.reasons.join('; ')].map(csvField).join(','));
    emit(ctx, lines.join('\n') + '\n');
  } else {
    const rows = results.map(({ name, result: r }) => ({
      spectrum: name,
      points: r.fitted.re.length,
      M: r.M,
      'µ': r.mu,
      'noise/%': 100 * r.noise,
      verdict: r.verdict.valid ? 'valid' : 'INVALID',
      suspicious: r.verdict.suspicious.length,
    }));
    let text = formatTable(['spectrum', 'points', 'M', 'µ', 'noise/%', 'verdict', 'suspicious'], rows);
    for (const { name, result: r } of results) {
      for (const reason of r.verdict.reasons) text += `${name}: ${reason}\n`;
      for (const note of r.verdict.notes) text += `${name}: note: ${note}\n`;
    }
    emit(ctx, text);
  }
  const invalid = results.filter((r) => !r.result.verdict.valid).length;
  if (invalid && ctx.values.strict) return EXIT_NOT_CONVERGED;
  return EXIT_OK;
}
