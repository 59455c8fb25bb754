/**
 * Self-contained HTML report: data summary, lin-KK verdict, fit table,
 * correlations, warnings, derived physics and plots in one string.
 *
 * @module
 */
import { bodePlot } from './bodePlot.js';
import { formatPower10, formatSi } from './formatSi.js';
import { nyquistPlot } from './nyquistPlot.js';
import { residualsPlot } from './residualsPlot.js';
import { escapeXml } from './svg.js';
import type { SpectrumLike } from './types.js';

/**
 * A spectrum in the report: impedance data plus optional metadata (the shape
 * of `Spectrum`, whose `meta` fits here).
 *
 * @example
 * ```ts
 * const s: ReportSpectrum = { frequency, re, im, meta: { source: 'cell1.mpt', temperature: 298.15 } };
 * ```
 */
export interface ReportSpectrum extends SpectrumLike {
  /** Metadata shown in the data summary (all optional). */
  meta?: {
    /** Source file name. */
    source?: string;
    /** File format id. */
    format?: string;
    /** Human label. */
    label?: string;
    /** Temperature in K. */
    temperature?: number;
  };
}

/**
 * One fitted parameter row (structurally compatible with `FittedParameter`).
 *
 * @example
 * ```ts
 * const p: ReportParameter = { key: 'R1', value: 1520, unit: 'Ω', stderr: 12, ci95: [1496, 1544], role: 'bulk' };
 * ```
 */
export interface ReportParameter {
  /** Parameter key, e.g. `CPE1_0`. */
  key: string;
  /** Readable alias, e.g. `CPE1.Q`. */
  alias?: string;
  /** Fitted value. */
  value: number;
  /** Unit text, e.g. `Ω`, `F`, `F s^(α−1)` (values with plain SI units get SI prefixes). */
  unit: string;
  /** Standard error (1σ); null/absent when unavailable. */
  stderr?: number | null;
  /** 95 % confidence interval; null/absent when unavailable. */
  ci95?: readonly [number, number] | null;
  /** Physical role, e.g. `bulk`. */
  role?: string;
  /** True when held fixed. */
  fixed?: boolean;
  /** True when the value ended on a bound. */
  atBound?: boolean;
}

/**
 * Goodness-of-fit numbers shown under the fit table (structurally compatible
 * with `FitStatistics`; every field optional).
 *
 * @example
 * ```ts
 * const st: ReportFitStatistics = { points: 60, dof: 114, chiSquare: 1.2e-3, reducedChiSquare: 1.05e-5 };
 * ```
 */
export interface ReportFitStatistics {
  /** Number of frequencies used. */
  points?: number;
  /** Degrees of freedom. */
  dof?: number;
  /** χ². */
  chiSquare?: number;
  /** χ²/dof. */
  reducedChiSquare?: number;
  /** Akaike information criterion. */
  aic?: number;
  /** Bayesian information criterion. */
  bic?: number;
  /** Weighting scheme. */
  weighting?: string;
}

/**
 * A warning of the fit or the analysis.
 *
 * @example
 * ```ts
 * const w: ReportWarning = { code: 'HIGH_CORRELATION', parameters: ['R1', 'CPE1_0'], message: 'R1 and CPE1_0 correlate (r = 0.97)' };
 * ```
 */
export interface ReportWarning {
  /** Machine-readable code. */
  code?: string;
  /** Parameters concerned. */
  parameters?: readonly string[];
  /** Human-readable message. */
  message: string;
}

/**
 * The fit section (structurally compatible with `FitResult`, so a fit result
 * can be passed directly).
 *
 * @example
 * ```ts
 * const fit: ReportFit = { circuit: 'R0-p(R1,C1)', parameters, converged: true };
 * ```
 */
export interface ReportFit {
  /** Circuit string. */
  circuit?: string;
  /** Parameter rows in model order. */
  parameters: readonly ReportParameter[];
  /** Goodness of fit. */
  statistics?: ReportFitStatistics;
  /** Warnings. */
  warnings?: readonly ReportWarning[];
  /** Keys ordering the rows/columns of `correlation` (default: the parameter keys of non-fixed rows). */
  freeKeys?: readonly string[];
  /** Correlation matrix of the free parameters; null where undefined. */
  correlation?: readonly (readonly (number | null)[])[];
  /** Whether the solver converged. */
  converged?: boolean;
  /** Solver stop reason. */
  reason?: string;
  /** Model impedance at the data frequencies (frequency optional; taken from `residuals` or the first spectrum). */
  fitted?: {
    /** Frequencies in Hz (optional). */
    frequency?: ArrayLike<number>;
    /** Model Re Z in Ω. */
    re: ArrayLike<number>;
    /** Model Im Z in Ω (true sign). */
    im: ArrayLike<number>;
  };
  /** A dense model curve for the plots (preferred over `fitted`). */
  curve?: SpectrumLike;
  /** Relative residuals (fractions) at the fitted frequencies. */
  residuals?: {
    /** Frequencies in Hz. */
    frequency: ArrayLike<number>;
    /** Relative real residuals (fractions). */
    re: ArrayLike<number>;
    /** Relative imaginary residuals (fractions). */
    im: ArrayLike<number>;
  };
}

/**
 * The lin-KK section (structurally compatible with `LinKKResult`).
 *
 * @example
 * ```ts
 * const v: ReportValidation = { M: 24, mu: 0.81, verdict: { valid: true, reasons: [] } };
 * ```
 */
export interface ReportValidation {
  /** Number of RC elements used. */
  M?: number;
  /** µ at the chosen M. */
  mu?: number;
  /** Relative noise estimate (fraction). */
  noise?: number;
  /** The verdict. */
  verdict: {
    /** True when the spectrum is KK-consistent. */
    valid: boolean;
    /** Reasons when not valid. */
    reasons: readonly string[];
    /** Suspicious points (index and frequency in Hz). */
    suspicious?: readonly {
      /** 0-based point index. */
      index: number;
      /** Frequency in Hz. */
      frequency: number;
    }[];
  };
  /** Relative residuals (fractions) in spectrum order of the first spectrum. */
  residuals?: {
    /** Relative real residuals (fractions). */
    re: ArrayLike<number>;
    /** Relative imaginary residuals (fractions). */
    im: ArrayLike<number>;
  };
}

/**
 * A derived physical quantity (σ, ASR, …).
 *
 * @example
 * ```ts
 * const q: ReportQuantity = { name: 'σ bulk', value: 4.1e-4, unit: 'S cm⁻¹', stderr: 0.1e-4 };
 * const asr: ReportQuantity = { name: 'ASR per interface', value: 12.5, unit: 'Ω cm²', note: 'R_int·A/2, symmetric cell' };
 * ```
 */
export interface ReportQuantity {
  /** Name, e.g. `σ total`. */
  name: string;
  /** Value. */
  value: number;
  /** Unit text (not prefixed automatically, except plain SI units such as Ω, F, S). */
  unit: string;
  /** Standard error. */
  stderr?: number | null;
  /** 95 % interval. */
  ci95?: readonly [number, number] | null;
  /** Convention or remark, e.g. `ASR = R·A/2 (symmetric cell)`. */
  note?: string;
}

/**
 * An effective capacitance with its process label (Irvine, Sinclair & West
 * 1990 ranges).
 *
 * @example
 * ```ts
 * const c: ReportCapacitance = { element: 'CPE1', capacitance: 3.2e-12, label: 'bulk' };
 * ```
 */
export interface ReportCapacitance {
  /** Element name, e.g. `CPE1`. */
  element: string;
  /** Effective capacitance in F. */
  capacitance: number;
  /** Assigned process, e.g. `grain boundary`. */
  label?: string;
  /** Specific capacitance in F cm⁻² when the geometry is known. */
  specific?: number;
  /** Remark, e.g. `Brug formula`. */
  note?: string;
}

/**
 * The derived-physics section.
 *
 * @example
 * ```ts
 * const d: ReportDerived = { geometry: { area: 0.785, thickness: 0.1 }, quantities: [q], capacitances: [c], notes: ['ASR per interface = R·A/2'] };
 * ```
 */
export interface ReportDerived {
  /** Sample geometry. */
  geometry?: {
    /** Electrode area in cm². */
    area?: number;
    /** Thickness in cm. */
    thickness?: number;
    /** True for a symmetric cell. */
    symmetric?: boolean;
  };
  /** Derived quantities (σ, ASR per interface, …). */
  quantities?: readonly ReportQuantity[];
  /** Effective capacitances and labels. */
  capacitances?: readonly ReportCapacitance[];
  /** Conventions and remarks. */
  notes?: readonly string[];
  /** Warnings of the analysis. */
  warnings?: readonly ReportWarning[];
}

/**
 * A ready-made plot to include.
 *
 * @example
 * ```ts
 * const p: ReportPlot = { title: 'Arrhenius', svg: arrheniusPlot(series, { id: 'arr' }) };
 * ```
 */
export interface ReportPlot {
  /** Caption heading. */
  title: string;
  /** SVG markup (trusted: produced by the plot functions). */
  svg: string;
  /** Optional caption text. */
  caption?: string;
}

/**
 * Everything the report can show; only `spectra` is required.
 *
 * @example
 * ```ts
 * const input: ReportInput = { title: 'Li|LLZO|Li', spectra: [spectrum], fit, validation, derived };
 * ```
 */
export interface ReportInput {
  /** Report title (default `eiskit report`). */
  title?: string;
  /** Free text under the title (e.g. sample description). */
  subtitle?: string;
  /** Timestamp text shown in the header (the function never reads the clock). */
  generatedAt?: string;
  /** Software/version text shown in the footer (default `eiskit`). */
  generator?: string;
  /** Spectra; the first one is the one fitted and validated. */
  spectra: readonly ReportSpectrum[];
  /** Fit of the first spectrum. */
  fit?: ReportFit;
  /** lin-KK result of the first spectrum. */
  validation?: ReportValidation;
  /** Derived physics. */
  derived?: ReportDerived;
  /** Extra plots appended after the automatic ones. */
  plots?: readonly ReportPlot[];
  /** Generate Nyquist, Bode and residual plots from the data (default true). */
  autoPlots?: boolean;
}

const CSS = `
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#222;margin:0;background:#f6f6f4}
main{max-width:1000px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 8px}
table{border-collapse:collapse;margin:6px 0 10px;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2;font-weight:600}
td.num{text-align:right;white-space:nowrap}
.badge{display:inline-block;padding:2px 10px;border-radius:10px;font-weight:600}
.ok{background:#d8f0e3;color:#0b5b35}.bad{background:#fbe3d6;color:#8a3200}.unknown{background:#eee;color:#444}
ul.warnings li{margin:2px 0}
.corr td{text-align:right;min-width:3.5em}
.corr td.high{font-weight:700;outline:2px solid #D55E00;outline-offset:-2px}
figure{margin:14px 0}figcaption{color:#555;font-size:13px}
figure svg{max-width:100%;height:auto}
footer{color:#777;font-size:12px;margin-top:28px}
`;

/** Units that take SI prefixes in the tables. */
const PREFIXABLE = new Set(['Ω', 'F', 'S', 'H', 's', 'Hz', 'A', 'V', 'W', 'Ohm', 'ohm']);

/**
 * Formats value + unit: SI prefixes for plain SI units, 4 significant digits
 * otherwise (×10ⁿ notation outside 0.01…1e5). Never prints NaN.
 */
function q(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (PREFIXABLE.has(unit)) return formatSi(value, 4, unit);
  const a = Math.abs(value);
  let t = String(Number(value.toPrecision(4)));
  if (a !== 0 && (a < 1e-2 || a >= 1e5)) {
    let p = Math.floor(Math.log10(a));
    let m = Number((value / 10 ** p).toPrecision(4));
    if (Math.abs(m) >= 10) {
      p += 1;
      m = Number((value / 10 ** p).toPrecision(4));
    }
    t = `${m}×${formatPower10(p)}`;
  }
  return (unit ? `${t} ${unit}` : t).replace(/^-/, '−');
}

const e = escapeXml;

/**
 * Renders one self-contained HTML document (inline CSS and inline SVG, no
 * scripts, no external resources) with, in order and each with a stable id:
 * `#summary` (data summary per spectrum: points, frequency range, |Z| range,
 * temperature), `#validation` (lin-KK verdict with `data-valid`, M, µ,
 * noise, reasons), `#fit` (circuit, convergence, parameter table
 * `#fit-parameters` with value, ±1σ, 95 % interval, role; statistics
 * `#fit-statistics`; correlation matrix `#correlations` with |r| ≥ 0.9
 * highlighted; `#warnings`), `#derived` (quantities such as σ and ASR per
 * interface with their conventions, capacitances `#capacitances` with
 * labels) and `#plots` (Nyquist, Bode and residual plots from the data plus
 * any `plots` given). Sections without input say so instead of vanishing.
 * All text is escaped; the function is pure (it never reads the clock).
 *
 * @param input - the report content, see {@link ReportInput}
 * @returns a complete HTML5 document string
 * @example
 * ```ts
 * const html = renderReport({ title: 'Li|LLZO|Li 25 °C', spectra: [spectrum], fit, validation: kk, derived });
 * // writeFileSync('report.html', html)
 * ```
 */
export function renderReport(input: ReportInput): string {
  const title = input.title ?? 'eiskit report';
  const spectra = input.spectra ?? [];
  const parts: string[] = [];
  parts.push(`<header><h1 id="report-title">${e(title)}</h1>`);
  if (input.subtitle) parts.push(`<p class="sub">${e(input.subtitle)}</p>`);
  if (input.generatedAt) parts.push(`<p class="sub">Generated ${e(input.generatedAt)}</p>`);
  parts.push('</header>');
  parts.push(summarySection(spectra));
  parts.push(validationSection(input.validation));
  parts.push(fitSection(input.fit));
  parts.push(derivedSection(input.derived));
  parts.push(plotsSection(input));
  parts.push(`<footer>Made with ${e(input.generator ?? 'eiskit')}. Im Z keeps its sign; plots show −Z″. Intervals are 95 % unless stated.</footer>`);
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${e(title)}</title><style>${CSS}</style></head>` +
    `<body><main id="report" data-eiskit-report="1">${parts.join('\n')}</main></body></html>\n`
  );
}

function summarySection(spectra: readonly ReportSpectrum[]): string {
  if (!spectra.length) return '<section id="summary"><h2>Data</h2><p>No spectra.</p></section>';
  const rows = spectra
    .map((s, i) => {
      let fmin = Infinity;
      let fmax = -Infinity;
      let zmin = Infinity;
      let zmax = -Infinity;
      let finite = 0;
      const n = s.frequency?.length ?? 0;
      for (let k = 0; k < n; k++) {
        const f = s.frequency[k];
        const m = Math.hypot(s.re[k], s.im[k]);
        if (!Number.isFinite(f) || !Number.isFinite(m)) continue;
        finite++;
        fmin = Math.min(fmin, f);
        fmax = Math.max(fmax, f);
        zmin = Math.min(zmin, m);
        zmax = Math.max(zmax, m);
      }
      const name = s.meta?.label ?? s.meta?.source ?? `Spectrum ${i + 1}`;
      const T = s.meta?.temperature;
      return (
        `<tr data-spectrum="${i}"><td>${e(name)}</td><td>${e(s.meta?.source ?? '')}</td><td>${e(s.meta?.format ?? '')}</td>` +
        `<td class="num">${n}${finite !== n ? ` (${n - finite} non-finite)` : ''}</td>` +
        `<td class="num">${finite ? `${e(formatSi(fmin, 3, 'Hz'))} – ${e(formatSi(fmax, 3, 'Hz'))}` : '—'}</td>` +
        `<td class="num">${finite ? `${e(formatSi(zmin, 3, 'Ω'))} – ${e(formatSi(zmax, 3, 'Ω'))}` : '—'}</td>` +
        `<td class="num">${T !== undefined && Number.isFinite(T) ? `${e(q(T, 'K'))} (${e(q(T - 273.15, '°C'))})` : '—'}</td></tr>`
      );
    })
    .join('');
  return (
    '<section id="summary"><h2>Data</h2><table id="data-summary"><thead><tr><th>Spectrum</th><th>Source</th><th>Format</th>' +
    `<th>Points</th><th>Frequency range</th><th>|Z| range</th><th>Temperature</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

function validationSection(v: ReportValidation | undefined): string {
  if (!v) return '<section id="validation" data-valid="unknown"><h2>Lin-KK validation</h2><p><span class="badge unknown">not run</span></p></section>';
  const ok = v.verdict.valid;
  const items: string[] = [];
  if (v.M !== undefined) items.push(`<li>M = ${e(String(v.M))} RC elements</li>`);
  if (v.mu !== undefined) items.push(`<li>µ = ${e(q(v.mu))}</li>`);
  if (v.noise !== undefined) items.push(`<li>noise estimate ${e(q(v.noise * 100))} %</li>`);
  const sus = v.verdict.suspicious ?? [];
  if (sus.length) items.push(`<li>${sus.length} suspicious point${sus.length === 1 ? '' : 's'}: ${sus.slice(0, 12).map((s) => e(formatSi(s.frequency, 3, 'Hz'))).join(', ')}${sus.length > 12 ? ' …' : ''}</li>`);
  const reasons = v.verdict.reasons.length ? `<ul class="reasons">${v.verdict.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : '';
  return (
    `<section id="validation" data-valid="${ok ? 'true' : 'false'}"><h2>Lin-KK validation</h2>` +
    `<p><span id="kk-verdict" class="badge ${ok ? 'ok' : 'bad'}">${ok ? 'KK-consistent' : 'not KK-consistent'}</span></p>` +
    `${items.length ? `<ul>${items.join('')}</ul>` : ''}${reasons}</section>`
  );
}

function fitSection(fit: ReportFit | undefined): string {
  if (!fit) return '<section id="fit"><h2>Fit</h2><p>No fit.</p></section>';
  const out: string[] = ['<section id="fit"><h2>Fit</h2>'];
  const status = fit.converged === undefined ? '' : `<span id="fit-status" class="badge ${fit.converged ? 'ok' : 'bad'}" data-converged="${fit.converged}">${fit.converged ? 'converged' : 'not converged'}</span>`;
  out.push(`<p>${fit.circuit ? `Circuit <code id="fit-circuit">${e(fit.circuit)}</code> ` : ''}${status}${fit.reason ? ` <span class="sub">${e(fit.reason)}</span>` : ''}</p>`);
  const rows = fit.parameters
    .map((p) => {
      const ci = p.ci95 ? `${e(q(p.ci95[0], p.unit))} … ${e(q(p.ci95[1], p.unit))}` : '—';
      const rel = p.stderr !== null && p.stderr !== undefined && Number.isFinite(p.stderr) && p.value !== 0 ? ` (${e(q((Math.abs(p.stderr) / Math.abs(p.value)) * 100))} %)` : '';
      const flags = [p.fixed ? 'fixed' : '', p.atBound ? 'at bound' : ''].filter(Boolean).join(', ');
      return (
        `<tr data-key="${e(p.key)}"><td><code>${e(p.key)}</code>${p.alias && p.alias !== p.key ? ` <span class="sub">${e(p.alias)}</span>` : ''}</td>` +
        `<td class="num">${e(q(p.value, p.unit))}</td><td class="num">${p.stderr === null || p.stderr === undefined ? '—' : e(q(p.stderr, p.unit)) + rel}</td>` +
        `<td class="num">${ci}</td><td>${e(p.role ?? '')}</td><td>${e(flags)}</td></tr>`
      );
    })
    .join('');
  out.push(
    '<table id="fit-parameters"><thead><tr><th>Parameter</th><th>Value</th><th>±1σ</th><th>95 % interval</th><th>Role</th><th>Flags</th></tr></thead>' +
      `<tbody>${rows}</tbody></table>`,
  );
  const st = fit.statistics;
  if (st) {
    const cells: [string, string][] = [];
    if (st.points !== undefined) cells.push(['points', String(st.points)]);
    if (st.dof !== undefined) cells.push(['degrees of freedom', String(st.dof)]);
    if (st.chiSquare !== undefined) cells.push(['χ²', q(st.chiSquare)]);
    if (st.reducedChiSquare !== undefined) cells.push(['χ²/ν', q(st.reducedChiSquare)]);
    if (st.aic !== undefined) cells.push(['AIC', q(st.aic)]);
    if (st.bic !== undefined) cells.push(['BIC', q(st.bic)]);
    if (st.weighting !== undefined) cells.push(['weighting', st.weighting]);
    out.push(`<table id="fit-statistics"><tbody>${cells.map(([k, v]) => `<tr><th>${e(k)}</th><td class="num">${e(v)}</td></tr>`).join('')}</tbody></table>`);
  }
  if (fit.correlation && fit.correlation.length) {
    const keys = fit.freeKeys ?? fit.parameters.filter((p) => !p.fixed).map((p) => p.key);
    const head = keys.map((k) => `<th>${e(k)}</th>`).join('');
    const body = fit.correlation
      .map((row, i) => {
        const cells = row
          .map((r, j) => {
            if (r === null || !Number.isFinite(r)) return '<td>—</td>';
            const high = i !== j && Math.abs(r) >= 0.9;
            const bg = i === j ? '#f4f4f4' : `rgba(${r > 0 ? '0,114,178' : '213,94,0'},${(Math.abs(r) * 0.45).toFixed(3)})`;
            return `<td class="${high ? 'high' : ''}" style="background:${bg}">${e(q(Number(r.toFixed(3))))}</td>`;
          })
          .join('');
        return `<tr><th>${e(keys[i] ?? String(i + 1))}</th>${cells}</tr>`;
      })
      .join('');
    out.push(`<h3>Correlations</h3><table id="correlations" class="corr"><thead><tr><th></th>${head}</tr></thead><tbody>${body}</tbody></table>`);
  } else {
    out.push('<p id="correlations">No correlation matrix.</p>');
  }
  out.push(warningList('warnings', fit.warnings ?? []));
  out.push('</section>');
  return out.join('\n');
}

function warningList(id: string, w: readonly ReportWarning[]): string {
  if (!w.length) return `<p id="${id}" data-count="0">No warnings.</p>`;
  return (
    `<ul id="${id}" class="warnings" data-count="${w.length}">` +
    w.map((x) => `<li data-code="${e(x.code ?? '')}">${x.code ? `<strong>${e(x.code)}</strong>: ` : ''}${e(x.message)}</li>`).join('') +
    '</ul>'
  );
}

function derivedSection(d: ReportDerived | undefined): string {
  if (!d) return '<section id="derived"><h2>Derived physics</h2><p>No derived quantities.</p></section>';
  const out: string[] = ['<section id="derived"><h2>Derived physics</h2>'];
  const g = d.geometry;
  if (g) {
    const bits: string[] = [];
    if (g.area !== undefined) bits.push(`area A = ${q(g.area, 'cm²')}`);
    if (g.thickness !== undefined) bits.push(`thickness L = ${q(g.thickness, 'cm')}`);
    if (g.symmetric !== undefined) bits.push(g.symmetric ? 'symmetric cell' : 'asymmetric cell');
    out.push(`<p id="geometry">${e(bits.join(', '))}</p>`);
  }
  const qs = d.quantities ?? [];
  if (qs.length) {
    out.push(
      '<table id="quantities"><thead><tr><th>Quantity</th><th>Value</th><th>±1σ</th><th>95 % interval</th><th>Convention</th></tr></thead><tbody>' +
        qs
          .map(
            (x) =>
              `<tr data-name="${e(x.name)}"><td>${e(x.name)}</td><td class="num">${e(q(x.value, x.unit))}</td><td class="num">${x.stderr === null || x.stderr === undefined ? '—' : e(q(x.stderr, x.unit))}</td>` +
              `<td class="num">${x.ci95 ? `${e(q(x.ci95[0], x.unit))} … ${e(q(x.ci95[1], x.unit))}` : '—'}</td><td>${e(x.note ?? '')}</td></tr>`,
          )
          .join('') +
        '</tbody></table>',
    );
  }
  const cs = d.capacitances ?? [];
  if (cs.length) {
    out.push(
      '<table id="capacitances"><thead><tr><th>Element</th><th>C<sub>eff</sub></th><th>C per area</th><th>Assignment</th><th>Note</th></tr></thead><tbody>' +
        cs
          .map(
            (c) =>
              `<tr data-element="${e(c.element)}"><td>${e(c.element)}</td><td class="num">${e(q(c.capacitance, 'F'))}</td>` +
              `<td class="num">${c.specific !== undefined ? e(q(c.specific, 'F cm⁻²')) : '—'}</td><td>${e(c.label ?? '')}</td><td>${e(c.note ?? '')}</td></tr>`,
          )
          .join('') +
        '</tbody></table>',
    );
  }
  if (d.notes?.length) out.push(`<ul id="conventions">${d.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>`);
  if (d.warnings?.length) out.push(warningList('derived-warnings', d.warnings));
  out.push('</section>');
  return out.join('\n');
}

function plotsSection(input: ReportInput): string {
  const figs: string[] = [];
  const fig = (id: string, title: string, svg: string, caption?: string) =>
    `<figure id="${id}" data-plot-title="${e(title)}">${svg}<figcaption><strong>${e(title)}.</strong>${caption ? ' ' + e(caption) : ''}</figcaption></figure>`;
  const spectra = input.spectra ?? [];
  if (input.autoPlots !== false && spectra.length) {
    const fit = input.fit;
    let curve: SpectrumLike | undefined = fit?.curve;
    if (!curve && fit?.fitted) {
      const fq = fit.fitted.frequency ?? fit.residuals?.frequency ?? (fit.fitted.re.length === spectra[0].frequency.length ? spectra[0].frequency : undefined);
      if (fq && fq.length === fit.fitted.re.length) curve = { frequency: fq, re: fit.fitted.re, im: fit.fitted.im };
    }
    const series = spectra.map((s, i) => ({ data: s, fit: i === 0 ? curve : undefined, label: spectra.length > 1 ? (s.meta?.label ?? s.meta?.source ?? `Spectrum ${i + 1}`) : undefined }));
    figs.push(fig('plot-nyquist', 'Nyquist', nyquistPlot(series, { id: 'report-nyquist', frequencyLabels: true }), 'Equal axis scaling; markers are data, lines the fit.'));
    figs.push(fig('plot-bode', 'Bode', bodePlot(series, { id: 'report-bode' })));
    if (fit?.residuals && fit.residuals.frequency.length) {
      figs.push(fig('plot-fit-residuals', 'Fit residuals', residualsPlot(fit.residuals, { id: 'report-fit-residuals', height: 300 }), 'Relative to |Z_model|.'));
    }
    const v = input.validation;
    if (v?.residuals && v.residuals.re.length === spectra[0].frequency.length) {
      figs.push(
        fig(
          'plot-kk-residuals',
          'Lin-KK residuals',
          residualsPlot({ frequency: spectra[0].frequency, re: v.residuals.re, im: v.residuals.im }, { id: 'report-kk-residuals', height: 300, band: v.noise }),
          v.noise !== undefined ? 'Shaded: ± noise estimate.' : undefined,
        ),
      );
    }
  }
  (input.plots ?? []).forEach((p, i) => figs.push(fig(`plot-extra-${i + 1}`, p.title, p.svg, p.caption)));
  return `<section id="plots" data-count="${figs.length}"><h2>Plots</h2>${figs.length ? figs.join('\n') : '<p>No plots.</p>'}</section>`;
}
