/**
 * `eiskit report`: one self-contained HTML file per spectrum, rendered by
 * the plot concern's `renderReport`.
 * @module
 */
import { computeDrt } from '../analysis/drt/computeDrt.js';
import { deriveProperties, type SolidStateProperties } from '../analysis/deriveProperties.js';
import { compileCircuit } from '../circuit/compileCircuit.js';
import type { CircuitModel } from '../circuit/types.js';
import type { Spectrum } from '../data/spectrum.js';
import { fitCircuit } from '../fit/fitCircuit.js';
import type { FitResult } from '../fit/types.js';
import { drtPlot } from '../plot/drtPlot.js';
import { renderReport, type ReportDerived, type ReportInput, type ReportPlot, type ReportQuantity } from '../plot/renderReport.js';
import { linKK, type LinKKResult } from '../validate/linKK.js';
import { emit, type CommandContext } from './context.js';
import { fitOptionsFrom, formatFitText } from './fit.js';
import { EXIT_NOT_CONVERGED, EXIT_OK } from './formatCliError.js';
import { flattenSpectra, loadInputs, spectrumName } from './loadInputs.js';
import { cellOption, circuitOption, numberOption, parseOptions, stringOption } from './options.js';

/**
 * Maps derived solid-state properties to the report's "derived physics"
 * section: geometry (cm², cm), σ and ASR per interface with their
 * conventions, effective capacitances with arc labels, notes and warnings.
 *
 * @param p - properties from `deriveProperties`
 * @returns the report section input
 * @example
 * ```ts
 * renderReport({ spectra: [s], fit, derived: reportDerived(deriveProperties(fit, cell)) });
 * ```
 */
export function reportDerived(p: SolidStateProperties): ReportDerived {
  const quantities: ReportQuantity[] = [];
  const add = (name: string, d: { value: number; stderr: number | null; ci95: [number, number] | null; unit: string; formula: string } | null, note?: string) => {
    if (d) quantities.push({ name, value: d.value, unit: d.unit, stderr: d.stderr, ci95: d.ci95, note: note ?? d.formula });
  };
  add('σ bulk', p.conductivity.bulk);
  add('σ grain boundary (apparent)', p.conductivity.grainBoundary);
  add('σ total', p.conductivity.total);
  add('σ grain boundary (specific)', p.conductivity.grainBoundarySpecific);
  add('ε_r bulk', p.permittivity);
  for (const i of p.interfaces) {
    const convention = i.interfaces === 2 ? 'R·A/2 per interface (symmetric cell)' : 'R·A (one interface)';
    add(`ASR ${i.key} (${i.role})`, i.asr, i.resolved ? convention : `${convention}; NOT RESOLVED: ${i.reason}`);
  }
  add('ASR interfacial total per interface', p.interfacialAsr);
  return {
    geometry: { area: p.cell.area * 1e4, thickness: p.cell.thickness * 1e2, symmetric: p.cell.symmetric },
    quantities,
    capacitances: p.arcs
      .filter((a) => a.capacitance !== undefined)
      .map((a) => ({
        element: a.elements.join('∥'),
        capacitance: a.capacitance!,
        label: a.role ?? 'unlabelled',
        specific: a.capacitance! / (p.cell.area * 1e4),
        note: a.reasoning,
      })),
    notes: p.notes,
    warnings: p.warnings.map((message) => ({ message })),
  };
}

/**
 * Dense model curve of a fit for plots (200 log-spaced frequencies over the data range).
 *
 * @param model - compiled circuit
 * @param fit - the fit
 * @param spectrum - the data (for the range)
 * @returns the curve as a spectrum
 * @example
 * ```ts
 * const curve = modelCurve(model, fit, spectrum);
 * ```
 */
export function modelCurve(model: CircuitModel, fit: FitResult, spectrum: Spectrum): Spectrum {
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of spectrum.frequency) {
    lo = Math.min(lo, f);
    hi = Math.max(hi, f);
  }
  const grid = Float64Array.from({ length: 200 }, (_, i) => hi * (lo / hi) ** (i / 199));
  const z = model.evaluate(fit.valueArray, grid);
  return { frequency: grid, re: Float64Array.from(z.re), im: Float64Array.from(z.im) };
}

/** Content of one report. */
export interface ReportContent {
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
  /** Compiled circuit of the fit. */
  model: CircuitModel;
  /** Derived properties, when a cell was given. */
  properties?: SolidStateProperties;
  /** Extra plots (e.g. the DRT). */
  plots?: ReportPlot[];
}

/**
 * Builds the `renderReport` input of one fitted spectrum.
 *
 * @param c - report content
 * @returns the input of `renderReport`
 * @example
 * ```ts
 * const html = renderReport(reportInput({ title, spectrum, format, linKK: kk, fit, model }));
 * ```
 */
export function reportInput(c: ReportContent): ReportInput {
  const meta = { source: c.spectrum.meta?.source ?? c.title, format: c.format, label: c.spectrum.meta?.label, temperature: c.spectrum.meta?.temperature };
  return {
    title: `eiskit report: ${c.title}`,
    subtitle: `Circuit ${c.fit.circuit}${c.properties ? `; cell L/A = ${c.properties.cell.cellConstant.toPrecision(4)} cm⁻¹` : ''}`,
    spectra: [{ frequency: c.spectrum.frequency, re: c.spectrum.re, im: c.spectrum.im, meta }],
    validation: {
      M: c.linKK.M,
      mu: c.linKK.mu,
      noise: c.linKK.noise,
      verdict: { valid: c.linKK.verdict.valid, reasons: c.linKK.verdict.reasons, suspicious: c.linKK.verdict.suspicious.map((s) => ({ index: s.index, frequency: s.frequency })) },
      residuals: c.linKK.residuals,
    },
    fit: {
      circuit: c.fit.circuit,
      parameters: c.fit.parameters.map((p) => ({ key: p.key, alias: p.alias, value: p.value, unit: p.unit, stderr: p.stderr, ci95: p.ci95, role: p.role, fixed: p.fixed, atBound: p.atBound })),
      statistics: c.fit.statistics,
      warnings: c.fit.warnings,
      freeKeys: c.fit.freeKeys,
      correlation: c.fit.correlation,
      converged: c.fit.converged,
      reason: c.fit.reason,
      curve: modelCurve(c.model, c.fit, c.spectrum),
      residuals: c.fit.residuals,
    },
    derived: c.properties ? reportDerived(c.properties) : undefined,
    plots: c.plots,
  };
}

/**
 * Runs `eiskit report <file> --circuit C|--template T [--area --thickness
 * --symmetric] [--out report.html]`: lin-KK, fit, derived properties and DRT
 * of the first (or `--spectrum n`) spectrum of each file, written as one
 * self-contained HTML file per spectrum (default `<file>.report.html`); the
 * fit report is printed too.
 *
 * @param ctx - command context
 * @returns 0, or 1 when a fit did not converge
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
  const muCut = numberOption(values, 'mu', 'positive');
  let code = EXIT_OK;
  for (const item of items) {
    const name = spectrumName(item, files);
    const spectrum = item.spectrum;
    const kk = linKK(spectrum, muCut !== undefined ? { c: muCut } : {});
    const fit = fitCircuit(model, spectrum, fitOptionsFrom(values));
    const properties = cell ? deriveProperties(fit, cell, { circuit: model.ast }) : undefined;
    const drt = computeDrt(spectrum);
    const plots: ReportPlot[] = [
      {
        title: 'Distribution of relaxation times',
        svg: drtPlot({ tau: drt.tau, gamma: drt.gamma, label: `λ = ${drt.lambda.toPrecision(2)}` }, { id: 'drt', peaks: drt.peaks.map((p) => ({ tau: p.tau })) }),
        caption: `R∞ ${drt.rInf.toPrecision(4)} Ω, R_pol ${drt.polarization.toPrecision(4)} Ω, ${drt.peaks.length} peaks (λ by ${drt.lambdaMethod}).`,
      },
    ];
    const format = files.find((x) => x.path === item.path)?.result.format ?? 'unknown';
    const html = renderReport(reportInput({ title: name, spectrum, format, linKK: kk, fit, model, properties, plots }));
    const out = typeof values.out === 'string' && items.length === 1 ? values.out : `${item.path}${items.length > 1 ? `.${item.index}` : ''}.report.html`;
    emit(ctx, html, out);
    ctx.io.stdout(formatFitText(name, fit, properties, choice));
    if (!fit.converged) code = EXIT_NOT_CONVERGED;
  }
  return code;
}
