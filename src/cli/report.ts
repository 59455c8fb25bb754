/**
 * `eiskit report`: one self-contained HTML file per spectrum.
 * @module
 */
import { deriveProperties, type SolidStateProperties } from '../analysis/deriveProperties.js';
import { compileCircuit } from '../circuit/compileCircuit.js';
import type { Spectrum } from '../data/spectrum.js';
import { fitCircuit } from '../fit/fitCircuit.js';
import type { FitResult } from '../fit/types.js';
import { nyquistPlot } from '../plot/nyquistPlot.js';
import { escapeXml } from '../plot/svg.js';
import { linKK, type LinKKResult } from '../validate/linKK.js';
import { emit, type CommandContext } from './context.js';
import { fitOptionsFrom, formatFitText } from './fit.js';
import { EXIT_NOT_CONVERGED, EXIT_OK } from './formatCliError.js';
import { summarizeSpectrum } from './info.js';
import { flattenSpectra, loadInputs, spectrumName } from './loadInputs.js';
import { cellOption, circuitOption, numberOption, parseOptions, stringOption } from './options.js';
import { formatHertz, formatNumber } from './table.js';

/** Everything a report shows. */
export interface ReportInput {
  /** Title (usually the file name). */
  title: string;
  /** The measured spectrum. */
  spectrum: Spectrum;
  /** Format id of the file. */
  format: string;
  /** lin-KK result. */
  linKK: LinKKResult;
  /** The fit. */
  fit: FitResult;
  /** Smooth model curve for the plot. */
  curve: Spectrum;
  /** Derived properties, when a cell was given. */
  properties?: SolidStateProperties;
}

/**
 * Renders a self-contained HTML report (inline CSS and SVG, no scripts, no
 * external resources): data summary, lin-KK verdict, fit table with
 * intervals, correlations and warnings, derived physics, and the Nyquist plot.
 *
 * @param r - report content
 * @returns the HTML document
 * @example
 * ```ts
 * writeTextFile('report.html', reportHtml({ title, spectrum, format, linKK, fit, curve }));
 * ```
 */
export function reportHtml(r: ReportInput): string {
  const e = escapeXml;
  const sum = summarizeSpectrum(r.title, r.format, 0, r.spectrum);
  const kk = r.linKK;
  const fit = r.fit;
  const row = (cells: unknown[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${e(typeof c === 'number' ? formatNumber(c) : c === null || c === undefined ? '—' : String(c))}</${tag}>`).join('')}</tr>`;
  const params = fit.parameters
    .map((p) => row([p.key, p.alias, p.role ?? '', p.value, p.stderr, p.relativeStderr === null ? '—' : `${(100 * p.relativeStderr).toPrecision(2)}%`, p.ci95 ? `[${formatNumber(p.ci95[0])}, ${formatNumber(p.ci95[1])}]` : '—', p.unit]))
    .join('');
  const corr = fit.freeKeys.length
    ? `<table class="corr"><thead>${row(['', ...fit.freeKeys], 'th')}</thead><tbody>${fit.correlation.map((rw, i) => row([fit.freeKeys[i], ...rw.map((v) => (v === null ? '—' : v.toFixed(2)))])).join('')}</tbody></table>`
    : '';
  const warnings = fit.warnings.length ? `<ul class="warnings">${fit.warnings.map((w) => `<li>${e(w.message)} <code>${e(w.code)}</code></li>`).join('')}</ul>` : '<p>No fit warnings.</p>';
  const p = r.properties;
  const derived = p
    ? `<section id="derived"><h2>Derived properties</h2><pre>${e(formatDerived(p))}</pre></section>`
    : '<section id="derived"><h2>Derived properties</h2><p>Give --area and --thickness for σ and ASR.</p></section>';
  const plot = nyquistPlot([{ data: r.spectrum, fit: r.curve, label: 'data and fit' }], { title: `Nyquist: ${r.title}`, id: 'nyquist', frequencyLabels: true });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eiskit report: ${e(r.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}td:first-child,th:first-child{text-align:left}.bad{color:#b00}.good{color:#060}pre{background:#f6f6f6;padding:.6em;overflow-x:auto}</style>
</head><body>
<h1>eiskit report: ${e(r.title)}</h1>
<section id="summary"><h2>Data</h2><p>${e(r.format)}, ${sum.points} points, ${e(formatHertz(sum.frequency[0]))} – ${e(formatHertz(sum.frequency[1]))}; Re Z ${formatNumber(sum.re[0])} … ${formatNumber(sum.re[1])} Ω.</p></section>
<section id="linkk"><h2>Lin-KK</h2><p class="${kk.verdict.valid ? 'good' : 'bad'}">${kk.verdict.valid ? 'Valid' : 'Invalid'}: M = ${kk.M}, µ = ${formatNumber(kk.mu)}, noise ≈ ${formatNumber(100 * kk.noise)} %.</p>${kk.verdict.reasons.map((x) => `<p class="bad">${e(x)}</p>`).join('')}</section>
<section id="fit"><h2>Fit</h2><p><code>${e(fit.circuit)}</code>: ${fit.converged ? 'converged' : '<strong class="bad">not converged</strong>'} (${e(fit.reason)}), reduced χ² ${formatNumber(fit.statistics.reducedChiSquare)}, weighting ${e(fit.statistics.weighting)}.</p>
<table class="parameters"><thead>${row(['key', 'alias', 'role', 'value', 'stderr', 'rel.', '95% CI', 'unit'], 'th')}</thead><tbody>${params}</tbody></table>
<h3>Correlations</h3>${corr}<h3>Warnings</h3>${warnings}</section>
${derived}
<section id="plots"><h2>Plots</h2>${plot}</section>
<footer><p>Generated by eiskit.</p></footer>
</body></html>
`;
}

function formatDerived(p: SolidStateProperties): string {
  const lines: string[] = [];
  const q = (label: string, d: { value: number; stderr: number | null; unit: string } | null) => {
    if (d) lines.push(`${label}: ${formatNumber(d.value)} ± ${formatNumber(d.stderr)} ${d.unit}`);
  };
  q('σ bulk', p.conductivity.bulk);
  q('σ grain boundary (apparent)', p.conductivity.grainBoundary);
  q('σ total', p.conductivity.total);
  for (const i of p.interfaces) q(`ASR ${i.key} (${i.role}) per interface`, i.asr);
  for (const a of p.arcs) lines.push(`${a.elements.join('∥')}: ${a.role ?? 'unlabelled'}${a.capacitance !== undefined ? `, C_eff ${formatNumber(a.capacitance)} F` : ''}`);
  for (const n of p.notes) lines.push(`note: ${n}`);
  for (const w of p.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

/**
 * Runs `eiskit report <file> --circuit C|--template T [--area --thickness
 * --symmetric] [--out report.html]`: lin-KK, fit and derived properties of
 * the first (or `--spectrum n`) spectrum, written as one HTML file (default
 * `<file>.report.html`).
 *
 * @param ctx - command context
 * @returns 0, or 1 when the fit did not converge
 * @example
 * ```ts
 * runReport({ values: { template: 'symmetric', out: 'r.html' }, positionals: ['cell.DTA'], io });
 * ```
 */
export function runReport(ctx: CommandContext): number {
  const { values } = ctx;
  const cell = cellOption(values, stringOption(values, 'template') === 'blocking' ? 'blocking' : 'non-blocking');
  const choice = circuitOption(values, cell);
  const model = compileCircuit(choice.circuit);
  const files = loadInputs(ctx.positionals, parseOptions(values));
  const items = flattenSpectra(files, numberOption(values, 'spectrum', 'integer') ?? 0);
  let code = EXIT_OK;
  for (const item of items) {
    const name = spectrumName(item, files);
    const spectrum = item.spectrum;
    const kk = linKK(spectrum);
    const fit = fitCircuit(model, spectrum, fitOptionsFrom(values));
    const properties = cell ? deriveProperties(fit, cell, { circuit: model.ast }) : undefined;
    const f = spectrum.frequency;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < f.length; i++) {
      lo = Math.min(lo, f[i]);
      hi = Math.max(hi, f[i]);
    }
    const n = 200;
    const grid = Float64Array.from({ length: n }, (_, i) => hi * (lo / hi) ** (i / (n - 1)));
    const z = model.evaluate(fit.valueArray, grid);
    const curve: Spectrum = { frequency: grid, re: z.re, im: z.im };
    const format = files.find((x) => x.path === item.path)?.result.format ?? 'unknown';
    const html = reportHtml({ title: name, spectrum, format, linKK: kk, fit, curve, properties });
    const out = typeof values.out === 'string' && items.length === 1 ? values.out : `${item.path}${items.length > 1 ? `.${item.index}` : ''}.report.html`;
    emit(ctx, html, out);
    ctx.io.stdout(formatFitText(name, fit, properties, choice));
    if (!fit.converged) code = EXIT_NOT_CONVERGED;
  }
  return code;
}
