/**
 * `eiskit fit`: one spectrum → fit report; many spectra → a series table.
 * @module
 */
import { deriveProperties, type SolidStateProperties } from '../analysis/deriveProperties.js';
import { fitSeries, seriesRows, seriesToCsv, type SeriesPoint, type SeriesResult, type SeriesValue } from '../analysis/fitSeries.js';
import type { Cell } from '../analysis/cell.js';
import { compileCircuit } from '../circuit/compileCircuit.js';
import type { CircuitModel } from '../circuit/types.js';
import { formatFitReport } from '../fit/report.js';
import { fitToJSON } from '../fit/serialize.js';
import type { FitOptions, FitResult } from '../fit/types.js';
import { emit, outputKind, type CliIo, type CommandContext } from './context.js';
import { EXIT_NOT_CONVERGED, EXIT_OK } from './formatCliError.js';
import { flattenSpectra, loadInputs, spectrumName, type LoadedSpectrum } from './loadInputs.js';
import { cellOption, circuitOption, keyValues, numberOption, parseOptions, stringOption, weightingOption, type CircuitChoice, type OptionValues } from './options.js';
import { createProgress } from './progress.js';
import { formatHertz, formatNumber, formatTable, jsonReplacer } from './table.js';
import { ParameterError } from '../errors.js';
import { bodePlot } from '../plot/bodePlot.js';
import { nyquistPlot } from '../plot/nyquistPlot.js';
import { residualsPlot } from '../plot/residualsPlot.js';
import { writeTextFile } from '../node.js';
import { modelCurve } from './report.js';
import { fitBatch } from '../fit/batch/fitBatch.js';
import { FileError } from './formatCliError.js';

/**
 * Builds `fitCircuit` options from `--weighting`, `--multistart`, `--seed`,
 * `--initial`, `--fixed`, `--fmin`/`--fmax`, `--max-iterations` and `--bound-probe`.
 *
 * @param values - parsed options
 * @returns fit options
 * @throws ParameterError `BAD_OPTION` for malformed values
 * @example
 * ```ts
 * fitOptionsFrom({ weighting: 'modulus', multistart: '8' });
 * ```
 */
export function fitOptionsFrom(values: OptionValues): FitOptions {
  const options: FitOptions = {};
  const w = weightingOption(values);
  if (w !== undefined) options.weighting = w;
  const ms = numberOption(values, 'multistart', 'integer');
  if (ms !== undefined) options.multistart = ms;
  const seed = numberOption(values, 'seed', 'integer');
  if (seed !== undefined) options.seed = seed;
  const it = numberOption(values, 'max-iterations', 'integer');
  if (it !== undefined) options.maxIterations = it;
  if (values['bound-probe'] === true) options.boundProbe = true;
  const initial = stringOption(values, 'initial');
  if (initial !== undefined) options.initial = keyValues(initial, 'initial');
  const fixed = stringOption(values, 'fixed');
  if (fixed !== undefined) options.fixed = keyValues(fixed, 'fixed');
  const fmin = numberOption(values, 'fmin', 'positive');
  const fmax = numberOption(values, 'fmax', 'positive');
  if (fmin !== undefined || fmax !== undefined) {
    const range: [number, number] = [fmin ?? 0, fmax ?? Infinity];
    if (range[0] >= range[1]) throw new ParameterError('BAD_OPTION', `--fmin (${fmin}) must be below --fmax (${fmax})`, 'fmin');
    options.frequencyRange = range;
  }
  return options;
}

/**
 * Fits spectra as a series with {@link fitSeries} (warm starts from the
 * previous converged fit, with its fall-back to a fresh guess) while its
 * `onProgress` advances a progress bar on a TTY stderr.
 *
 * @param items - spectra with their origin
 * @param model - compiled circuit
 * @param options - fit options
 * @param cell - cell for derived columns
 * @param io - streams (progress bar on a TTY stderr)
 * @param names - display name per item
 * @param warmStart - start from the previous fit (default true)
 * @returns the series (points, tidy rows, columns)
 * @example
 * ```ts
 * const series = fitSeriesWithProgress(items, model, {}, cell, io, names);
 * ```
 */
export function fitSeriesWithProgress(
  items: readonly LoadedSpectrum[],
  model: CircuitModel,
  options: FitOptions,
  cell: Cell | undefined,
  io: CliIo,
  names: readonly string[],
  warmStart = true,
): SeriesResult {
  const bar = createProgress(io, items.length);
  const series = fitSeries(
    items.map((item) => item.spectrum),
    model,
    {
      ...options,
      warmStart,
      metadata: items.map((item) => ({ file: item.path, spectrum: item.index })),
      cell,
      onProgress: (done) => bar.update(done, names[done - 1]),
    },
  );
  bar.done();
  return series;
}

/**
 * Fits every spectrum independently (no warm start) with {@link fitBatch}
 * over `workers` worker threads, then derives the properties and the tidy
 * rows; the progress bar follows the batch.
 *
 * @param items - spectra with their origin
 * @param model - compiled circuit (its canonical string goes to the workers)
 * @param options - fit options
 * @param cell - cell for derived columns
 * @param io - streams
 * @param workers - worker threads (0 = this thread)
 * @returns the series
 * @throws FileError naming the file of the first spectrum whose fit threw
 * @example
 * ```ts
 * const series = await fitParallel(items, model, {}, undefined, io, 4);
 * ```
 */
export async function fitParallel(
  items: readonly LoadedSpectrum[],
  model: CircuitModel,
  options: FitOptions,
  cell: Cell | undefined,
  io: CliIo,
  workers: number,
): Promise<SeriesResult> {
  const bar = createProgress(io, items.length);
  const batch = await fitBatch(
    items.map((it) => it.spectrum),
    model.circuit,
    { ...options, workers, onProgress: (p) => bar.update(p.completed, `${p.completed} fitted on ${workers} workers`) },
  );
  bar.done();
  const points: SeriesPoint[] = batch.items.map((item) => {
    if (!item.ok) throw new FileError(items[item.index].path, item.error);
    const s = items[item.index].spectrum;
    const meta: Record<string, SeriesValue> = {};
    for (const k of ['time', 'temperature', 'potential', 'cycle', 'label', 'source'] as const) {
      const v = s.meta?.[k];
      if (v !== undefined) meta[k] = v as SeriesValue;
    }
    meta.file = items[item.index].path;
    meta.spectrum = items[item.index].index;
    const point: SeriesPoint = { index: item.index, meta, fit: item.result, start: 'guess', fellBack: false };
    if (cell) point.properties = deriveProperties(item.result, cell, { circuit: model.ast });
    return point;
  });
  return seriesRows(points);
}

function interval(ci: [number, number] | null | undefined): string {
  return ci ? `[${formatNumber(ci[0])}, ${formatNumber(ci[1])}]` : '—';
}

/**
 * Formats one fit as text: a header (spectrum, points, frequency range,
 * circuit), the library's `formatFitReport` table (values, standard errors,
 * 95% intervals, flags, statistics, warnings), and the derived solid-state
 * properties when a cell was given.
 *
 * @param name - spectrum name (file)
 * @param fit - the fit
 * @param properties - derived properties, when a cell was given
 * @param choice - circuit choice (template description)
 * @returns the report text
 * @example
 * ```ts
 * io.stdout(formatFitText('cell.DTA', fit));
 * ```
 */
export function formatFitText(name: string, fit: FitResult, properties?: SolidStateProperties, choice?: CircuitChoice): string {
  const s = fit.statistics;
  const f = fit.residuals.frequency;
  let fmin = Infinity;
  let fmax = -Infinity;
  for (let i = 0; i < f.length; i++) {
    if (f[i] < fmin) fmin = f[i];
    if (f[i] > fmax) fmax = f[i];
  }
  const lines: string[] = [];
  lines.push(`${name}: ${s.points} points, ${formatHertz(fmin)} – ${formatHertz(fmax)}`);
  if (choice?.template) lines.push(`template ${choice.template}: ${choice.description ?? ''}`);
  lines.push('');
  lines.push(formatFitReport(fit));
  if (properties) lines.push('', formatPropertiesText(properties).trimEnd());
  return lines.join('\n') + '\n';
}

/**
 * Formats derived solid-state properties: cell, arc labels with effective
 * capacitances, conductivities, ASR per interface (with the convention), notes
 * and warnings.
 *
 * @param p - the properties from `deriveProperties`
 * @returns the text
 * @example
 * ```ts
 * io.stdout(formatPropertiesText(deriveProperties(fit, cell)));
 * ```
 */
export function formatPropertiesText(p: SolidStateProperties): string {
  const c = p.cell;
  const lines: string[] = [];
  lines.push(
    `cell: A = ${formatNumber(c.area * 1e4)} cm², L = ${formatNumber(c.thickness * 1e3)} mm (L/A = ${formatNumber(c.cellConstant)} cm⁻¹), ${c.electrode} electrodes, ${c.symmetric ? 'symmetric' : 'not symmetric'}`,
  );
  lines.push('arcs (high → low frequency):');
  lines.push(
    formatTable(
      ['block', 'R/Ω', 'C_eff/F', 'f0/Hz', 'label', 'from'],
      p.arcs.map((a) => ({
        block: a.elements.join('∥'),
        'R/Ω': a.resistance,
        'C_eff/F': a.capacitance,
        'f0/Hz': a.frequency,
        label: (a.role ?? 'unlabelled') + (a.conflict ? ' (conflicts with C)' : ''),
        from: a.source,
      })),
    )
      .trimEnd()
      .replace(/^/gm, '  '),
  );
  const quantity = (label: string, q: { value: number; stderr: number | null; ci95: [number, number] | null; unit: string } | null) =>
    q ? { quantity: label, value: q.value, stderr: q.stderr, '95% CI': interval(q.ci95), unit: q.unit } : null;
  const rows = [
    quantity('σ bulk', p.conductivity.bulk),
    quantity('σ grain boundary (apparent)', p.conductivity.grainBoundary),
    quantity('σ total', p.conductivity.total),
    quantity('σ grain boundary (specific)', p.conductivity.grainBoundarySpecific),
    quantity('ε_r bulk', p.permittivity),
    ...p.interfaces.map((i) => quantity(`ASR ${i.key} (${i.role}) per interface${i.resolved ? '' : ' — UNRESOLVED'}`, i.asr)),
    quantity('ASR interfacial total per interface', p.interfacialAsr),
  ].filter((r): r is NonNullable<typeof r> => r !== null);
  if (rows.length) {
    lines.push('derived:');
    lines.push(formatTable(['quantity', 'value', 'stderr', '95% CI', 'unit'], rows).trimEnd().replace(/^/gm, '  '));
  }
  if (p.notes.length) {
    lines.push('notes:');
    for (const n of p.notes) lines.push(`  - ${n}`);
  }
  if (p.warnings.length) {
    lines.push('analysis warnings:');
    for (const w of p.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes `<name>-nyquist.svg`, `<name>-bode.svg` and `<name>-residuals.svg`
 * (data with the fitted model) for every fitted spectrum into `dir`.
 *
 * @param dir - output folder (created when missing)
 * @param items - the spectra
 * @param names - display names (file, `#n` for multi-spectrum files)
 * @param series - the fits
 * @param model - compiled circuit
 * @param io - streams (says which files were written)
 * @example
 * ```ts
 * writeFitPlots('plots', items, names, series, model, io);
 * ```
 */
export function writeFitPlots(dir: string, items: readonly LoadedSpectrum[], names: readonly string[], series: SeriesResult, model: CircuitModel, io: CliIo): void {
  const stems = fileStems(names);
  series.points.forEach((p, i) => {
    const spectrum = items[i].spectrum;
    const stem = stems[i];
    const curve = modelCurve(model, p.fit, spectrum);
    const series1 = [{ data: spectrum, fit: curve, label: names[i] }];
    const files: [string, string][] = [
      [`${stem}-nyquist.svg`, nyquistPlot(series1, { title: `${names[i]}: ${p.fit.circuit}`, frequencyLabels: true })],
      [`${stem}-bode.svg`, bodePlot(series1, { title: names[i] })],
      [`${stem}-residuals.svg`, residualsPlot(p.fit.residuals, { title: `${names[i]}: relative residuals` })],
    ];
    for (const [name, svg] of files) writeTextFile(`${dir.replace(/[\\/]+$/, '')}/${name}`, svg);
  });
  io.stderr(`wrote ${3 * series.points.length} SVG plots to ${dir}\n`);
}

/**
 * Safe, unique file-name stems from spectrum names (base name, `#n` → `_n`).
 *
 * @param names - display names
 * @returns one stem per name
 * @example
 * ```ts
 * fileStems(['a/cell.mpt#0', 'b/cell.mpt#0']); // ['cell.mpt_0', 'cell.mpt_0_']
 * ```
 */
export function fileStems(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let stem = name.replace(/^.*[\\/]/, '').replace(/[^A-Za-z0-9._-]+/g, '_');
    while (used.has(stem)) stem += '_';
    used.add(stem);
    return stem;
  });
}

/** Columns of the series table printed as text (parameter values, no stderr columns). */
function textColumns(columns: readonly string[]): string[] {
  return columns.filter((c) => !c.endsWith('_stderr') && c !== 'source' && c !== 'label' && c !== 'start');
}

/**
 * Runs `eiskit fit <files…>`: a single spectrum prints a fit report (or JSON
 * / CSV); several spectra (files, globs, multi-spectrum files) are fitted as
 * a series and print a tidy table.
 *
 * @param ctx - command context
 * @returns 0 when every fit converged, 1 otherwise
 * @example
 * ```ts
 * await runFit({ values: { circuit: 'R0-p(R1,CPE1)' }, positionals: ['cell.DTA'], io });
 * ```
 */
export async function runFit(ctx: CommandContext): Promise<number> {
  const { values } = ctx;
  const templateName = stringOption(values, 'template');
  const cell = cellOption(values, templateName === 'blocking' ? 'blocking' : 'non-blocking');
  const choice = circuitOption(values, cell);
  const model = compileCircuit(choice.circuit);
  const options = fitOptionsFrom(values);
  const files = loadInputs(ctx.positionals, parseOptions(values));
  const pick = numberOption(values, 'spectrum', 'integer');
  const items = flattenSpectra(files, pick);
  const names = items.map((it) => spectrumName(it, files));
  const kind = outputKind(values);
  const workers = numberOption(values, 'workers', 'integer');
  const series =
    workers !== undefined && items.length > 1
      ? await fitParallel(items, model, options, cell, ctx.io, workers)
      : fitSeriesWithProgress(items, model, options, cell, ctx.io, names, values['no-warm-start'] !== true);
  const allConverged = series.points.every((p) => p.fit.converged);
  const plotDir = stringOption(values, 'plots');
  if (plotDir !== undefined) writeFitPlots(plotDir, items, names, series, model, ctx.io);
  const saveDir = stringOption(values, 'save');
  if (saveDir !== undefined) {
    const stems = fileStems(names);
    series.points.forEach((p, i) => writeTextFile(`${saveDir.replace(/[\\/]+$/, '')}/${stems[i]}.fit.json`, fitToJSON(p.fit, items[i].spectrum)));
    ctx.io.stderr(`saved ${series.points.length} replayable fit${series.points.length === 1 ? '' : 's'} (fitFromJSON / replayFit) to ${saveDir}\n`);
  }
  if (kind === 'json') {
    const out = series.points.map((p, i) => ({ file: items[i].path, spectrum: items[i].index, start: p.start, fit: p.fit, properties: p.properties }));
    emit(ctx, JSON.stringify(items.length === 1 ? out[0] : out, jsonReplacer, 2) + '\n');
  } else if (kind === 'csv') {
    emit(ctx, seriesToCsv(series));
  } else if (items.length === 1) {
    const p = series.points[0];
    emit(ctx, formatFitText(names[0], p.fit, p.properties ?? (cell ? deriveProperties(p.fit, cell, { circuit: model.ast }) : undefined), choice));
  } else {
    const cols = textColumns(series.columns);
    let text = `circuit: ${model.circuit}${choice.template ? `  (template ${choice.template})` : ''}\n`;
    text += formatTable(cols, series.rows);
    const failed = series.points.filter((p) => !p.fit.converged).length;
    text += `${series.points.length} spectra fitted, ${failed ? `${failed} NOT converged` : 'all converged'}${cell ? '; σ in S/cm, ASR in Ω·cm² per interface' + (cell.symmetric ? ' (R·A/2, symmetric cell)' : ' (R·A)') : ''}. Standard errors: --csv or --json.\n`;
    emit(ctx, text);
  }
  if (!allConverged) {
    for (const [i, p] of series.points.entries()) {
      if (!p.fit.converged) ctx.io.stderr(`warning: ${names[i]}: fit did not converge (${p.fit.reason})\n`);
    }
    return EXIT_NOT_CONVERGED;
  }
  return EXIT_OK;
}
