/**
 * `eiskit drt`: distribution of relaxation times of each spectrum.
 * @module
 */
import { computeDrt, type DrtOptions, type DrtResult } from '../analysis/drt/computeDrt.js';
import { ParameterError } from '../errors.js';
import { emit, outputKind, type CommandContext } from './context.js';
import { EXIT_OK } from './formatCliError.js';
import { csvField } from './info.js';
import { flattenSpectra, loadInputs, spectrumName } from './loadInputs.js';
import { parseOptions, stringOption } from './options.js';
import { formatNumber, formatTable, jsonReplacer } from './table.js';

/**
 * Reads `--lambda`: a positive number, or a selection method name.
 *
 * @param raw - option text
 * @returns the DRT `lambda` option
 * @throws ParameterError `BAD_OPTION` for a non-positive number
 * @example
 * ```ts
 * lambdaOption('1e-3'); // 0.001
 * ```
 */
export function lambdaOption(raw: string): DrtOptions['lambda'] {
  const v = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(v)) {
    if (!(v > 0)) throw new ParameterError('BAD_OPTION', `--lambda must be > 0, got "${raw}"`, 'lambda');
    return v;
  }
  return raw as DrtOptions['lambda'];
}

/**
 * Runs `eiskit drt <files…>`: Tikhonov-regularised DRT with automatic λ,
 * printing R∞, the polarisation resistance and the peaks; `--csv` writes
 * γ(τ), `--json` everything.
 *
 * @param ctx - command context
 * @returns 0
 * @example
 * ```ts
 * runDrt({ values: { csv: true }, positionals: ['cell.DTA'], io });
 * ```
 */
export function runDrt(ctx: CommandContext): number {
  const files = loadInputs(ctx.positionals, parseOptions(ctx.values));
  const items = flattenSpectra(files, undefined);
  const lambda = stringOption(ctx.values, 'lambda');
  const options: DrtOptions = lambda !== undefined ? { lambda: lambdaOption(lambda) } : {};
  const results: { name: string; drt: DrtResult }[] = items.map((it) => ({ name: spectrumName(it, files), drt: computeDrt(it.spectrum, options) }));
  const kind = outputKind(ctx.values);
  if (kind === 'json') {
    const out = results.map(({ name, drt }) => ({
      spectrum: name,
      tau: drt.tau,
      gamma: drt.gamma,
      rInf: drt.rInf,
      inductance: drt.inductance,
      polarization: drt.polarization,
      lambda: drt.lambda,
      lambdaMethod: drt.lambdaMethod,
      peaks: drt.peaks,
    }));
    emit(ctx, JSON.stringify(results.length === 1 ? out[0] : out, jsonReplacer, 2) + '\n');
    return EXIT_OK;
  }
  if (kind === 'csv') {
    const many = results.length > 1;
    const lines = [(many ? 'spectrum,' : '') + 'tau_s,gamma_ohm'];
    for (const { name, drt } of results) {
      for (let i = 0; i < drt.tau.length; i++) lines.push((many ? csvField(name) + ',' : '') + `${drt.tau[i]},${drt.gamma[i]}`);
    }
    emit(ctx, lines.join('\n') + '\n');
    return EXIT_OK;
  }
  let text = '';
  for (const { name, drt } of results) {
    text += `${name}: R∞ ${formatNumber(drt.rInf)} Ω, R_pol ${formatNumber(drt.polarization)} Ω, λ ${formatNumber(drt.lambda)} (${drt.lambdaMethod}), ${drt.peaks.length} peak${drt.peaks.length === 1 ? '' : 's'}\n`;
    if (drt.peaks.length) {
      text += formatTable(
        ['peak', 'τ/s', 'f/Hz', 'R/Ω', 'fraction', 'width/dec'],
        drt.peaks.map((p, i) => ({ peak: i + 1, 'τ/s': p.tau, 'f/Hz': p.frequency, 'R/Ω': p.area, fraction: p.fraction, 'width/dec': p.width })),
      )
        .trimEnd()
        .replace(/^/gm, '  ') + '\n';
    }
  }
  emit(ctx, text);
  return EXIT_OK;
}
