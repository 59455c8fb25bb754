/**
 * Internal drawing kit shared by the plots: frames, axes, markers, lines,
 * legends and the SVG root. Not re-exported from the package.
 *
 * @module
 */
import { DataFormatError } from '../errors.js';
import { formatLinearTicks } from './formatSi.js';
import { OKABE_ITO } from './palette.js';
import { type LogLabelStyle, type Tick, linearTicks, logTicks, ticksWithStep } from './scales.js';
import { escapeXml, px, svgElement } from './svg.js';
import type { SpectrumLike, SpectrumSeries } from './types.js';

/** Plot area in px. */
export interface Frame {
  /** Left edge. */
  left: number;
  /** Top edge. */
  top: number;
  /** Width. */
  width: number;
  /** Height. */
  height: number;
}

/** What an axis shows. */
export interface AxisSpec {
  /** Scale type. */
  type: 'linear' | 'log';
  /** Visible data range [start, end] (log: both > 0). */
  domain: [number, number];
  /** Axis title with unit, e.g. `f / Hz`. */
  label: string;
  /** Decade label style of log axes. */
  logStyle?: LogLabelStyle;
  /** Fixed linear tick step (else chosen from `count`). */
  step?: number;
  /** Desired linear tick intervals (default 5). */
  count?: number;
  /** Explicit labelled ticks (override the automatic ones). */
  ticks?: Tick[];
}

/** An axis mapped onto pixels. */
export interface Axis {
  /** The spec. */
  spec: AxisSpec;
  /** Maps a data value to px. */
  map: (v: number) => number;
  /** Labelled ticks inside the domain. */
  major: Tick[];
  /** Minor tick values. */
  minor: number[];
}

/** Default font stack. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
/** Ink colour of axes and text. */
export const INK = '#222222';
/** Grid colour. */
export const GRID = '#e3e3e3';

/**
 * Builds an axis mapping `spec.domain` onto [p0, p1] px.
 *
 * @param spec - the axis spec
 * @param p0 - px of `domain[0]`
 * @param p1 - px of `domain[1]`
 * @returns the axis
 */
export function makeAxis(spec: AxisSpec, p0: number, p1: number): Axis {
  const [d0, d1] = spec.domain;
  let map: (v: number) => number;
  let major: Tick[];
  let minor: number[] = [];
  if (spec.type === 'log') {
    const l0 = Math.log10(d0);
    const l1 = Math.log10(d1);
    const k = (p1 - p0) / (l1 - l0);
    map = (v) => p0 + (Math.log10(v) - l0) * k;
    const t = logTicks(Math.min(d0, d1), Math.max(d0, d1), spec.logStyle ?? 'power');
    major = t.major;
    minor = t.minor;
  } else {
    const k = (p1 - p0) / (d1 - d0);
    map = (v) => p0 + (v - d0) * k;
    const lo = Math.min(d0, d1);
    const hi = Math.max(d0, d1);
    const values = spec.step ? ticksWithStep(lo, hi, spec.step) : linearTicks(lo, hi, spec.count ?? 5).values;
    const step = spec.step ?? linearTicks(lo, hi, spec.count ?? 5).step;
    const labels = formatLinearTicks(values, step);
    major = values.map((value, i) => ({ value, label: labels[i] }));
  }
  // Points mapped absurdly far away (or to ±∞) become NaN, which every drawer skips.
  const raw = map;
  map = (v) => {
    const p = raw(v);
    return Number.isFinite(p) && Math.abs(p) < 1e6 ? p : NaN;
  };
  if (spec.ticks) major = spec.ticks.filter((t) => Number.isFinite(map(t.value)));
  return { spec, map, major, minor };
}

/** Options of the axis drawers. */
export interface DrawAxisOptions {
  /** Draw grid lines across the frame (default true). */
  grid?: boolean;
  /** Draw tick labels (default true). */
  labels?: boolean;
  /** Draw the axis title (default true). */
  title?: boolean;
  /** Axis id written as `data-axis`. */
  name: string;
}

/**
 * Draws a horizontal axis along the bottom or top edge of the frame.
 *
 * @param axis - the axis
 * @param frame - the plot area
 * @param side - `bottom` or `top`
 * @param o - options
 * @returns SVG markup
 */
export function drawXAxis(axis: Axis, frame: Frame, side: 'bottom' | 'top', o: DrawAxisOptions): string {
  const y = side === 'bottom' ? frame.top + frame.height : frame.top;
  const dir = side === 'bottom' ? 1 : -1;
  const inside = (x: number) => x >= frame.left - 0.5 && x <= frame.left + frame.width + 0.5;
  let out = '';
  for (const v of axis.minor) {
    const x = axis.map(v);
    if (!inside(x)) continue;
    out += svgElement('line', { class: 'minor-tick', x1: x, x2: x, y1: y, y2: y + 3 * dir, stroke: INK });
  }
  for (const t of axis.major) {
    const x = axis.map(t.value);
    if (!inside(x)) continue;
    if (o.grid !== false) {
      out += svgElement('line', { class: 'grid', x1: x, x2: x, y1: frame.top, y2: frame.top + frame.height, stroke: GRID });
    }
    out += svgElement('line', { class: 'tick', 'data-value': String(t.value), x1: x, x2: x, y1: y, y2: y + 5 * dir, stroke: INK });
    if (o.labels !== false) {
      out += svgElement(
        'text',
        { class: 'tick-label', x, y: side === 'bottom' ? y + 17 : y - 8, 'text-anchor': 'middle', 'font-size': 11 },
        escapeXml(t.label),
      );
    }
  }
  if (o.title !== false && axis.spec.label) {
    const ty = side === 'bottom' ? y + 36 : y - 26;
    out += svgElement(
      'text',
      { class: 'axis-label', x: frame.left + frame.width / 2, y: ty, 'text-anchor': 'middle', 'font-size': 12 },
      escapeXml(axis.spec.label),
    );
  }
  return svgElement('g', { class: `axis x-axis axis-${side}`, 'data-axis': o.name, 'data-scale': axis.spec.type, fill: INK }, out);
}

/**
 * Draws a vertical axis along the left or right edge of the frame.
 *
 * @param axis - the axis
 * @param frame - the plot area
 * @param side - `left` or `right`
 * @param o - options
 * @returns SVG markup
 */
export function drawYAxis(axis: Axis, frame: Frame, side: 'left' | 'right', o: DrawAxisOptions): string {
  const x = side === 'left' ? frame.left : frame.left + frame.width;
  const dir = side === 'left' ? -1 : 1;
  const inside = (y: number) => y >= frame.top - 0.5 && y <= frame.top + frame.height + 0.5;
  let out = '';
  let longest = 0;
  for (const v of axis.minor) {
    const y = axis.map(v);
    if (!inside(y)) continue;
    out += svgElement('line', { class: 'minor-tick', x1: x, x2: x + 3 * dir, y1: y, y2: y, stroke: INK });
  }
  for (const t of axis.major) {
    const y = axis.map(t.value);
    if (!inside(y)) continue;
    if (o.grid !== false) {
      out += svgElement('line', { class: 'grid', x1: frame.left, x2: frame.left + frame.width, y1: y, y2: y, stroke: GRID });
    }
    out += svgElement('line', { class: 'tick', 'data-value': String(t.value), x1: x, x2: x + 5 * dir, y1: y, y2: y, stroke: INK });
    if (o.labels !== false) {
      longest = Math.max(longest, t.label.length);
      out += svgElement(
        'text',
        { class: 'tick-label', x: x + 8 * dir, y, dy: '0.32em', 'text-anchor': side === 'left' ? 'end' : 'start', 'font-size': 11 },
        escapeXml(t.label),
      );
    }
  }
  if (o.title !== false && axis.spec.label) {
    const offset = Math.max(30, 14 + longest * 6.4);
    const tx = x + dir * offset;
    const ty = frame.top + frame.height / 2;
    out += svgElement(
      'text',
      {
        class: 'axis-label',
        x: tx,
        y: ty,
        'text-anchor': 'middle',
        'font-size': 12,
        transform: `rotate(${side === 'left' ? -90 : 90} ${px(tx)} ${px(ty)})`,
      },
      escapeXml(axis.spec.label),
    );
  }
  return svgElement('g', { class: `axis y-axis axis-${side}`, 'data-axis': o.name, 'data-scale': axis.spec.type, fill: INK }, out);
}

/** Marker shapes, cycled per series so series differ by more than colour. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down' | 'cross';

/** Shape cycle. */
export const MARKERS: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'cross'];

/**
 * One marker as a closed sub-path (several markers share one `<path>`).
 *
 * @param shape - marker shape
 * @param x - centre x px
 * @param y - centre y px
 * @param r - radius px
 * @returns path data
 */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'square': {
      const s = r * 0.9;
      return `M${px(x - s)} ${px(y - s)}h${px(2 * s)}v${px(2 * s)}h${px(-2 * s)}Z`;
    }
    case 'triangle':
      return `M${px(x)} ${px(y - r * 1.15)}L${px(x + r)} ${px(y + r * 0.6)}L${px(x - r)} ${px(y + r * 0.6)}Z`;
    case 'triangle-down':
      return `M${px(x)} ${px(y + r * 1.15)}L${px(x + r)} ${px(y - r * 0.6)}L${px(x - r)} ${px(y - r * 0.6)}Z`;
    case 'diamond':
      return `M${px(x)} ${px(y - r * 1.2)}L${px(x + r)} ${px(y)}L${px(x)} ${px(y + r * 1.2)}L${px(x - r)} ${px(y)}Z`;
    case 'cross':
      return `M${px(x - r)} ${px(y - r)}L${px(x + r)} ${px(y + r)}M${px(x + r)} ${px(y - r)}L${px(x - r)} ${px(y + r)}`;
    default:
      return `M${px(x - r)} ${px(y)}a${px(r)} ${px(r)} 0 1 0 ${px(2 * r)} 0a${px(r)} ${px(r)} 0 1 0 ${px(-2 * r)} 0Z`;
  }
}

/**
 * Markers for every point whose mapped coordinates are finite.
 *
 * @param xs - x px
 * @param ys - y px
 * @param shape - marker shape
 * @param color - colour
 * @param cls - class attribute
 * @param r - radius (default 3.2)
 * @returns a `<path>` or '' when there are no points
 */
export function markers(xs: ArrayLike<number>, ys: ArrayLike<number>, shape: MarkerShape, color: string, cls: string, r = 3.2): string {
  let d = '';
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    d += markerPath(shape, xs[i], ys[i], r);
    n++;
  }
  if (!n) return '';
  const hollow = shape === 'cross';
  return svgElement('path', {
    class: cls,
    'data-count': n,
    d,
    fill: hollow ? 'none' : color,
    'fill-opacity': hollow ? undefined : 0.75,
    stroke: color,
    'stroke-width': hollow ? 1.5 : 0.8,
  });
}

/**
 * A polyline through the finite points; a non-finite point breaks the line.
 *
 * @param xs - x px
 * @param ys - y px
 * @param color - stroke colour
 * @param cls - class attribute
 * @param width - stroke width (default 1.8)
 * @param dash - optional dash array
 * @returns a `<path>` or '' when fewer than two consecutive points exist
 */
export function polyline(xs: ArrayLike<number>, ys: ArrayLike<number>, color: string, cls: string, width = 1.8, dash?: string): string {
  let d = '';
  let pen = false;
  let segs = 0;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(xs[i])} ${px(ys[i])}`;
    if (pen) segs++;
    pen = true;
  }
  if (!segs) return '';
  return svgElement('path', {
    class: cls,
    d,
    fill: 'none',
    stroke: color,
    'stroke-width': width,
    'stroke-linejoin': 'round',
    'stroke-linecap': 'round',
    'stroke-dasharray': dash,
  });
}

/** One legend row. */
export interface LegendEntry {
  /** Text. */
  label: string;
  /** Colour. */
  color: string;
  /** Marker drawn in the swatch. */
  marker?: MarkerShape;
  /** Draw a line through the swatch. */
  line?: boolean;
  /** Dash array of the line. */
  dash?: string;
}

/**
 * A legend box in the corner of the frame that covers the fewest of the given
 * points (preference: top-right, top-left, bottom-right, bottom-left).
 *
 * @param entries - rows
 * @param frame - the plot area
 * @param avoid - point sets `[xs, ys]` in px that the box should not cover
 * @returns SVG markup ('' for no entries)
 */
export function legend(entries: readonly LegendEntry[], frame: Frame, avoid: readonly (readonly [ArrayLike<number>, ArrayLike<number>])[] = []): string {
  if (!entries.length) return '';
  const row = 17;
  const longest = Math.max(...entries.map((e) => e.label.length));
  const w = Math.min(frame.width - 8, 40 + longest * 6.4);
  const h = entries.length * row + 8;
  // Corners in order of preference; take the first one covering the fewest points (px).
  const corners: [number, number][] = [
    [frame.left + frame.width - w - 6, frame.top + 6],
    [frame.left + 6, frame.top + 6],
    [frame.left + frame.width - w - 6, frame.top + frame.height - h - 6],
    [frame.left + 6, frame.top + frame.height - h - 6],
  ];
  let best = 0;
  let fewest = Infinity;
  corners.forEach(([cx, cy], k) => {
    let n = 0;
    for (const [xs, ys] of avoid) {
      for (let i = 0; i < xs.length; i++) if (xs[i] >= cx - 4 && xs[i] <= cx + w + 4 && ys[i] >= cy - 4 && ys[i] <= cy + h + 4) n++;
    }
    if (n < fewest) {
      fewest = n;
      best = k;
    }
  });
  const [x0, y0] = corners[best];
  let out = svgElement('rect', { x: x0, y: y0, width: w, height: h, fill: '#ffffff', 'fill-opacity': 0.88, stroke: '#bbbbbb', rx: 3 });
  entries.forEach((e, i) => {
    const cy = y0 + 4 + row * i + row / 2;
    const sx = x0 + 16;
    let swatch = '';
    if (e.line) swatch += polyline([sx - 10, sx + 10], [cy, cy], e.color, 'legend-line', 1.8, e.dash);
    if (e.marker) swatch += markers([sx], [cy], e.marker, e.color, 'legend-marker');
    out += svgElement('g', { class: 'legend-entry', 'data-label': e.label }, swatch + svgElement('text', { x: sx + 16, y: cy, dy: '0.32em', 'font-size': 11 }, escapeXml(e.label)));
  });
  return svgElement('g', { class: 'legend' }, out);
}

/** Root options shared by every plot. */
export interface RootOptions {
  /** Plot kind, written as `data-plot` and class `eiskit-<kind>`. */
  kind: string;
  /** Width px. */
  width: number;
  /** Height px. */
  height: number;
  /** Id prefix. */
  id: string;
  /** Title (may be empty). */
  title: string;
  /** Accessible description. */
  description: string;
  /** Background fill or null for transparent. */
  background: string | null;
  /** True when the plot has no data. */
  empty?: boolean;
}

/**
 * Wraps plot markup in the `<svg>` root with `<title>`, `<desc>`, background and
 * the visible title.
 *
 * @param o - root options
 * @param body - inner markup
 * @returns the complete SVG document
 */
export function svgRoot(o: RootOptions, body: string): string {
  const titleId = `${o.id}-title`;
  const descId = `${o.id}-desc`;
  const accessibleTitle = o.title || o.kind;
  let inner = svgElement('title', { id: titleId }, escapeXml(accessibleTitle)) + svgElement('desc', { id: descId }, escapeXml(o.description));
  if (o.background) inner += svgElement('rect', { class: 'background', x: 0, y: 0, width: o.width, height: o.height, fill: o.background });
  if (o.title) {
    inner += svgElement('text', { class: 'plot-title', x: o.width / 2, y: 20, 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 'bold', fill: INK }, escapeXml(o.title));
  }
  inner += body;
  return svgElement(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: o.width,
      height: o.height,
      viewBox: `0 0 ${px(o.width)} ${px(o.height)}`,
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      id: o.id,
      class: `eiskit-plot eiskit-${o.kind}`,
      'data-plot': o.kind,
      'data-empty': o.empty ? 'true' : undefined,
      'font-family': FONT,
    },
    inner,
  );
}

/**
 * Draws the frame rectangle and a clip path for it.
 *
 * @param frame - plot area
 * @param id - clip path id
 * @returns `{ defs, border }` markup
 */
export function frameParts(frame: Frame, id: string): { defs: string; border: string } {
  const defs = svgElement('defs', {}, svgElement('clipPath', { id }, svgElement('rect', { x: frame.left, y: frame.top, width: frame.width, height: frame.height })));
  const border = svgElement('rect', { class: 'frame', x: frame.left, y: frame.top, width: frame.width, height: frame.height, fill: 'none', stroke: INK });
  return { defs, border };
}

/**
 * The empty-state body: a frame with a centred "No data" message.
 *
 * @param frame - plot area
 * @param message - text to show
 * @returns SVG markup
 */
export function emptyBody(frame: Frame, message: string): string {
  return (
    svgElement('rect', { class: 'frame', x: frame.left, y: frame.top, width: frame.width, height: frame.height, fill: 'none', stroke: '#bbbbbb', 'stroke-dasharray': '4 3' }) +
    svgElement(
      'text',
      { class: 'empty-message', x: frame.left + frame.width / 2, y: frame.top + frame.height / 2, 'text-anchor': 'middle', 'font-size': 13, fill: '#666666' },
      escapeXml(message),
    )
  );
}

/**
 * Resolves the colour of series i.
 *
 * @param i - series index
 * @param explicit - a colour given by the user
 * @param palette - palette option
 * @returns the colour
 */
export function colorOf(i: number, explicit: string | undefined, palette: readonly string[] | undefined): string {
  if (explicit) return explicit;
  const p = palette && palette.length ? palette : OKABE_ITO;
  return p[i % p.length];
}

/**
 * Finite extent of values, optionally only positive ones (log axes). Values
 * with |v| > 1e150 (or v < 1e-150 when `positive`) are ignored.
 *
 * @param arrays - value arrays
 * @param positive - ignore values ≤ 0
 * @returns `[min, max]` or null when no value qualifies
 */
export function extent(arrays: readonly ArrayLike<number>[], positive = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      // Values beyond ±1e150 (or below 1e-150 on log axes) are not plottable: skipped like NaN.
      if (!Number.isFinite(v) || Math.abs(v) > 1e150 || (positive && !(v >= 1e-150))) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * Pads a log range by a fraction of its decades (and widens a single value by
 * ±0.5 decade).
 *
 * @param r - positive range
 * @param fraction - padding as a fraction of the log span (default 0.04)
 * @returns the padded range
 */
export function padLog(r: [number, number], fraction = 0.04): [number, number] {
  let l0 = Math.log10(r[0]);
  let l1 = Math.log10(r[1]);
  if (l1 - l0 < 1e-9) {
    l0 -= 0.5;
    l1 += 0.5;
  }
  const p = (l1 - l0) * fraction;
  return [10 ** (l0 - p), 10 ** (l1 + p)];
}

/**
 * Pads a linear range by a fraction of its span (a single value is widened by
 * 10 % of its magnitude, or ±1 at 0).
 *
 * @param r - range
 * @param fraction - padding fraction (default 0.05)
 * @returns the padded range
 */
export function padLinear(r: [number, number], fraction = 0.05): [number, number] {
  let [a, b] = r;
  if (b - a <= Math.abs(b) * 1e-12) {
    const d = a === 0 ? 1 : Math.abs(a) * 0.1;
    return [a - d, b + d];
  }
  const p = (b - a) * fraction;
  a -= p;
  b += p;
  return [a, b];
}

/**
 * Throws a {@link DataFormatError} when parallel arrays differ in length.
 *
 * @param arrays - named arrays that must have equal length
 * @param what - where they come from, e.g. `series 2 data`
 */
export function checkLengths(arrays: Readonly<Record<string, ArrayLike<number> | undefined>>, what: string): void {
  const entries = Object.entries(arrays).filter((e): e is [string, ArrayLike<number>] => e[1] !== undefined);
  const n = entries[0]?.[1].length ?? 0;
  for (const [name, a] of entries) {
    if (a === null || typeof a !== 'object' || typeof a.length !== 'number') {
      throw new DataFormatError([{ code: 'EMPTY', column: name, message: `${what}: "${name}" is not an array` }]);
    }
  }
  if (entries.some(([, a]) => a.length !== n)) {
    throw new DataFormatError([
      {
        code: 'LENGTH_MISMATCH',
        column: entries.map(([k]) => k).join(', '),
        message: `${what}: arrays differ in length (${entries.map(([k, a]) => `${k} ${a.length}`).join(', ')})`,
      },
    ]);
  }
}

/** Resolved common plot settings. */
export interface CommonSettings {
  /** Width px. */
  width: number;
  /** Height px. */
  height: number;
  /** Id prefix. */
  id: string;
  /** Title or ''. */
  title: string;
  /** Background. */
  background: string | null;
}

/**
 * Resolves width, height, id, title and background with defaults and clamps.
 *
 * @param o - user options
 * @param kind - plot kind for the default id
 * @param defaultHeight - default height px
 * @returns resolved settings
 */
export function resolveCommon(
  o: { width?: number; height?: number; id?: string; title?: string; background?: string | null },
  kind: string,
  defaultHeight = 480,
): CommonSettings {
  const clamp = (v: number | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(120, Math.min(10000, v)) : d);
  const id = (o.id ?? `eiskit-${kind}`).replace(/[^A-Za-z0-9_.-]/g, '-');
  return {
    width: clamp(o.width, 640),
    height: clamp(o.height, defaultHeight),
    id: /^[A-Za-z_]/.test(id) ? id : `p-${id}`,
    title: o.title ?? '',
    background: o.background === undefined ? '#ffffff' : o.background,
  };
}

/**
 * The frame left after margins.
 *
 * @param c - resolved settings
 * @param m - margins `[top, right, bottom, left]` (the title adds 24 px on top)
 * @returns the plot area (at least 20 × 20 px)
 */
export function frameOf(c: CommonSettings, m: [number, number, number, number]): Frame {
  const top = m[0] + (c.title ? 24 : 0);
  return { left: m[3], top, width: Math.max(20, c.width - m[1] - m[3]), height: Math.max(20, c.height - top - m[2]) };
}

/**
 * Normalises the first argument of the spectrum plots to a series list and
 * checks array lengths.
 *
 * @param input - one spectrum or a list of series
 * @param fit - model curve for the single-spectrum form
 * @returns the series list
 */
export function toSeries(input: SpectrumLike | readonly SpectrumSeries[], fit: SpectrumLike | undefined): SpectrumSeries[] {
  const list: SpectrumSeries[] = Array.isArray(input) ? [...(input as readonly SpectrumSeries[])] : [{ data: input as SpectrumLike, fit }];
  list.forEach((s, i) => {
    if (!s || typeof s !== 'object') throw new DataFormatError([{ code: 'EMPTY', message: `series ${i + 1} is not an object` }]);
    if (s.data) checkLengths({ frequency: s.data.frequency, re: s.data.re, im: s.data.im }, `series ${i + 1} data`);
    if (s.fit) checkLengths({ frequency: s.fit.frequency, re: s.fit.re, im: s.fit.im }, `series ${i + 1} fit`);
  });
  return list;
}

/**
 * Legend entries for spectrum series: `data`/`fit` rows for one unlabelled
 * series, one row per series otherwise.
 *
 * @param series - the series
 * @param colors - resolved colours
 * @returns legend rows
 */
export function spectrumLegend(series: readonly SpectrumSeries[], colors: readonly string[]): LegendEntry[] {
  if (series.length === 1 && !series[0].label) {
    const s = series[0];
    const out: LegendEntry[] = [];
    if (s.data && s.fit) {
      out.push({ label: 'data', color: colors[0], marker: MARKERS[0] });
      out.push({ label: 'fit', color: colors[0], line: true });
    }
    return out;
  }
  return series.map((s, i) => ({
    label: s.label ?? `Spectrum ${i + 1}`,
    color: colors[i],
    marker: s.data ? MARKERS[i % MARKERS.length] : undefined,
    line: !!s.fit,
  }));
}

/**
 * Padded value domain for a linear or log axis.
 *
 * @param r - data range (positive when `log`)
 * @param log - log axis
 * @returns the padded domain
 */
export function niceLinearOrLog(r: [number, number], log: boolean): [number, number] {
  return log ? padLog(r, 0.06) : padLinear(r, 0.08);
}
