import { compileCircuit } from '../circuit/compileCircuit.js';
import type { CircuitModel } from '../circuit/types.js';
import type { Spectrum } from '../data/spectrum.js';
import { ParameterError } from '../errors.js';
import { fitCircuit, warmStartValues } from '../fit/fitCircuit.js';
import type { FitOptions, FitResult } from '../fit/types.js';
import type { Cell } from './cell.js';
import { deriveProperties, type DerivePropertiesOptions, type SolidStateProperties } from './deriveProperties.js';

/** A metadata value carried into the series rows. */
export type SeriesValue = number | string | boolean | null;

/** Options of {@link fitSeries}: every `fitCircuit` option plus series controls. */
export interface FitSeriesOptions extends FitOptions {
  /**
   * Metadata per spectrum (time, temperature, potential…), same length as the
   * series. Default: the spectrum's `meta` fields `time`, `temperature`,
   * `potential`, `cycle`, `label`, `source` where present.
   */
  metadata?: ReadonlyArray<Readonly<Record<string, SeriesValue>>>;
  /** Start each fit from the previous fit's values (default true). */
  warmStart?: boolean;
  /**
   * A warm-started fit is rejected, and the spectrum refitted from a fresh
   * guess, when it did not converge or its reduced χ² exceeds this factor times
   * the previous spectrum's (default 3). The lower-χ² of the two is kept.
   */
  fallbackFactor?: number;
  /** Cell geometry: when given, each row also carries conductivities and ASRs from {@link deriveProperties}. */
  cell?: Cell;
  /** Options passed to {@link deriveProperties}. */
  deriveOptions?: DerivePropertiesOptions;
  /**
   * Called after each spectrum is fitted, with the number done so far, the total
   * and the new point (for progress bars; the series stays sequential).
   */
  onProgress?: (done: number, total: number, point: SeriesPoint) => void;
}

/** One fitted spectrum of a series. */
export interface SeriesPoint {
  /** 0-based position in the series. */
  index: number;
  /** Metadata carried along. */
  meta: Record<string, SeriesValue>;
  /** The fit kept. */
  fit: FitResult;
  /** How the kept fit was started: `'guess'` (fresh) or `'warm'` (previous values). */
  start: 'guess' | 'warm';
  /** True when a warm start was tried, rejected, and replaced by a fresh guess. */
  fellBack: boolean;
  /** Derived properties when a cell was given. */
  properties?: SolidStateProperties;
}

/** Result of {@link fitSeries}. */
export interface SeriesResult {
  /** Every fitted spectrum in order. */
  points: SeriesPoint[];
  /** Tidy rows: one per spectrum, one column per variable (see {@link seriesRows}). */
  rows: Record<string, SeriesValue>[];
  /** Column names in a stable order. */
  columns: string[];
}

function metaOf(s: Spectrum): Record<string, SeriesValue> {
  const m = s.meta ?? {};
  const out: Record<string, SeriesValue> = {};
  for (const k of ['time', 'temperature', 'potential', 'cycle', 'label', 'source'] as const) {
    const v = m[k];
    if (v !== undefined) out[k] = v as SeriesValue;
  }
  return out;
}

/**
 * Fits one circuit to a series of spectra (time, cycle, temperature or
 * potential series). Each fit starts from the previous fit's values (warm
 * start, `warmStartValues`: a log-scale parameter that ended on its bound 0
 * restarts from the guess); when that fit does not converge or its reduced χ² is more than
 * `fallbackFactor` times the previous one, the spectrum is refitted from a
 * fresh automatic guess and the better fit is kept. Metadata travel with each
 * point, and the results are flattened into tidy rows (see {@link seriesToCsv}).
 *
 * @param spectra - the spectra, in series order
 * @param circuit - circuit string or compiled model (shared by every fit)
 * @param options - `fitCircuit` options plus {@link FitSeriesOptions}
 * @returns per-spectrum fits, tidy rows and their columns
 * @throws ParameterError `WRONG_LENGTH` when `metadata` does not match the series, `BAD_OPTION` for an empty series
 * @example
 * ```ts
 * const series = fitSeries(spectra, 'R_b-p(R_int{role=interphase},CPE_int)', { weighting: 'modulus', cell });
 * series.rows.map((r) => [r.time, r.asr_R_int]);
 * seriesToCsv(series);
 * ```
 */
export function fitSeries(spectra: readonly Spectrum[], circuit: string | CircuitModel, options: FitSeriesOptions = {}): SeriesResult {
  if (!spectra || spectra.length === 0) throw new ParameterError('BAD_OPTION', 'fitSeries needs at least one spectrum', 'spectra');
  const { metadata, warmStart = true, fallbackFactor = 3, cell, deriveOptions, onProgress, ...fitOptions } = options;
  if (metadata && metadata.length !== spectra.length) {
    throw new ParameterError('WRONG_LENGTH', `fitSeries: ${metadata.length} metadata entries for ${spectra.length} spectra`, 'metadata');
  }
  const model = typeof circuit === 'string' ? compileCircuit(circuit, { elements: fitOptions.elements }) : circuit;
  const points: SeriesPoint[] = [];
  let previous: FitResult | null = null;
  spectra.forEach((spectrum, index) => {
    let fit: FitResult;
    let start: 'guess' | 'warm' = 'guess';
    let fellBack = false;
    if (warmStart && previous && previous.converged) {
      const warm = fitCircuit(model, spectrum, { ...fitOptions, initial: { ...fitOptions.initial, ...warmStartValues(model, previous.valueArray) } });
      const bad = !warm.converged || warm.statistics.reducedChiSquare > fallbackFactor * previous.statistics.reducedChiSquare;
      if (bad) {
        const fresh = fitCircuit(model, spectrum, fitOptions);
        fellBack = true;
        // The fresh fit replaces the warm one only when it is genuinely lower (by more than 1e-9
        // relative): two fits at the same minimum differ by rounding, and then the warm start,
        // which keeps the series on one branch, wins.
        const freshBetter =
          (fresh.converged && !warm.converged) || fresh.statistics.chiSquare < warm.statistics.chiSquare * (1 - 1e-9);
        fit = freshBetter ? fresh : warm;
        start = freshBetter ? 'guess' : 'warm';
      } else {
        fit = warm;
        start = 'warm';
      }
    } else {
      fit = fitCircuit(model, spectrum, fitOptions);
    }
    const meta = { ...metaOf(spectrum), ...(metadata?.[index] ?? {}) };
    const point: SeriesPoint = { index, meta, fit, start, fellBack };
    if (cell) point.properties = deriveProperties(fit, cell, { circuit: model.ast, ...deriveOptions });
    points.push(point);
    previous = fit;
    onProgress?.(index + 1, spectra.length, point);
  });
  return seriesRows(points);
}

/**
 * Flattens series points into tidy rows: `index`, the metadata, `converged`,
 * `start`, `chiSquare`, `reducedChiSquare`, every parameter as `<key>` and
 * `<key>_stderr`, and with a cell `sigma_bulk`, `sigma_gb`, `sigma_total`,
 * `sigma_gb_specific` (S/cm), `permittivity` (ε_r) and `asr_<R key>` (Ω·cm² per
 * interface), each with `_stderr` (null when not available).
 *
 * @param points - fitted series points
 * @returns rows and columns
 * @example
 * ```ts
 * const { rows, columns } = seriesRows(series.points);
 * ```
 */
export function seriesRows(points: readonly SeriesPoint[]): SeriesResult {
  const columns: string[] = [];
  const seen = new Set<string>();
  const add = (row: Record<string, SeriesValue>, k: string, v: SeriesValue) => {
    row[k] = v;
    if (!seen.has(k)) {
      seen.add(k);
      columns.push(k);
    }
  };
  const rows = points.map((p) => {
    const row: Record<string, SeriesValue> = {};
    add(row, 'index', p.index);
    for (const [k, v] of Object.entries(p.meta)) add(row, k, v);
    add(row, 'converged', p.fit.converged);
    add(row, 'start', p.start);
    add(row, 'chiSquare', p.fit.statistics.chiSquare);
    add(row, 'reducedChiSquare', p.fit.statistics.reducedChiSquare);
    for (const q of p.fit.parameters) {
      add(row, q.key, q.value);
      add(row, `${q.key}_stderr`, q.stderr);
    }
    if (p.properties) {
      const c = p.properties.conductivity;
      for (const [name, d] of [
        ['sigma_bulk', c.bulk],
        ['sigma_gb', c.grainBoundary],
        ['sigma_total', c.total],
        ['sigma_gb_specific', c.grainBoundarySpecific],
        ['permittivity', p.properties.permittivity],
      ] as const) {
        add(row, name, d?.value ?? null);
        add(row, `${name}_stderr`, d?.stderr ?? null);
      }
      for (const i of p.properties.interfaces) {
        add(row, `asr_${i.key}`, i.asr.value);
        add(row, `asr_${i.key}_stderr`, i.asr.stderr);
      }
    }
    return row;
  });
  for (const r of rows) for (const c of columns) if (!(c in r)) r[c] = null;
  return { points: [...points], rows, columns };
}

function csvField(v: SeriesValue): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes series rows as CSV (RFC 4180: comma separator, quoted fields when
 * needed, empty field for null, `\n` line ends), header first.
 *
 * @param series - result of {@link fitSeries} (or any rows/columns)
 * @returns the CSV text
 * @example
 * ```ts
 * writeFileSync('series.csv', seriesToCsv(fitSeries(spectra, circuit)));
 * ```
 */
export function seriesToCsv(series: Pick<SeriesResult, 'rows' | 'columns'>): string {
  const lines = [series.columns.map(csvField).join(',')];
  for (const r of series.rows) lines.push(series.columns.map((c) => csvField(r[c] ?? null)).join(','));
  return lines.join('\n') + '\n';
}

/**
 * Writes series rows as a JSON array of objects (null for missing values).
 *
 * @param series - result of {@link fitSeries}
 * @param indent - indentation (default 0: compact)
 * @returns the JSON text
 * @example
 * ```ts
 * JSON.parse(seriesToJson(series))[0].R_int;
 * ```
 */
export function seriesToJson(series: Pick<SeriesResult, 'rows'>, indent = 0): string {
  return JSON.stringify(series.rows, null, indent || undefined);
}
