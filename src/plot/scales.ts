/**
 * Axis tick algorithms: "nice" linear ticks (1, 2, 5 × 10ᵏ) and log ticks
 * with labelled decades and unlabelled 2…9 minor ticks.
 *
 * @module
 */
import { formatLinearTicks, formatPower10, formatSi } from './formatSi.js';

/** Result of {@link linearTicks}. */
export interface LinearTicks {
  /** Tick values inside [min, max], ascending, multiples of `step`. */
  values: number[];
  /** Spacing between ticks: 1, 2 or 5 × 10ᵏ. */
  step: number;
}

/**
 * Rounds a raw step to the nearest "nice" number 1, 2, 5 or 10 × 10ᵏ
 * (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
 *
 * @param raw - a positive step
 * @returns the nice step ≥ about 0.7·raw
 * @example
 * ```ts
 * niceStep(0.37); // 0.5
 * niceStep(1300); // 1000
 * ```
 */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return nice * mag;
}

/**
 * Multiples of `step` inside [min, max] (inclusive, with a 1e-9·step
 * tolerance), rounded to 12 significant digits so that 0.1 + 0.2 shows as 0.3.
 *
 * @param min - lower end
 * @param max - upper end (≥ min)
 * @param step - spacing (> 0)
 * @returns ascending tick values (at most 1000)
 * @example
 * ```ts
 * ticksWithStep(0.05, 1, 0.25); // [0.25, 0.5, 0.75, 1]
 * ```
 */
export function ticksWithStep(min: number, max: number, step: number): number[] {
  if (!(step > 0) || !Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const k0 = Math.ceil(min / step - 1e-9);
  const k1 = Math.floor(max / step + 1e-9);
  const out: number[] = [];
  for (let k = k0; k <= k1 && out.length < 1000; k++) {
    const v = Number((k * step).toPrecision(12));
    out.push(v === 0 ? 0 : v);
  }
  return out;
}

/**
 * "Nice" ticks for a linear axis: about `count` intervals with a step of
 * 1, 2 or 5 × 10ᵏ, every tick inside [min, max]. A degenerate range
 * (min = max) is widened by 10 % of |min| (or ±1 around 0).
 *
 * @param min - lower end of the axis (data units)
 * @param max - upper end (if smaller than `min` the two are swapped)
 * @param count - desired number of intervals (default 5, at least 1)
 * @returns values and step; empty values for non-finite input
 * @example
 * ```ts
 * linearTicks(0, 1000, 5); // { values: [0, 200, 400, 600, 800, 1000], step: 200 }
 * linearTicks(-0.013, 0.021, 4); // { values: [-0.01, 0, 0.01, 0.02], step: 0.01 }
 * ```
 */
export function linearTicks(min: number, max: number, count = 5): LinearTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { values: [], step: 1 };
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (hi === lo) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= d;
    hi += d;
  }
  const step = niceStep((hi - lo) / Math.max(1, count));
  return { values: ticksWithStep(lo, hi, step), step };
}

/**
 * Widens [min, max] outward to the nearest multiples of a nice step so that
 * the axis ends on ticks.
 *
 * @param min - lower end
 * @param max - upper end
 * @param count - desired number of intervals (default 5)
 * @returns the widened domain `[lo, hi]`
 * @example
 * ```ts
 * niceLinearDomain(0.3, 9.2, 5); // [0, 10]
 * ```
 */
export function niceLinearDomain(min: number, max: number, count = 5): [number, number] {
  const { step } = linearTicks(min, max, count);
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (hi === lo) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= d;
    hi += d;
  }
  return [Number((Math.floor(lo / step + 1e-9) * step).toPrecision(12)), Number((Math.ceil(hi / step - 1e-9) * step).toPrecision(12))];
}

/** One labelled tick. */
export interface Tick {
  /** Position in data units. */
  value: number;
  /** Text shown next to the tick. */
  label: string;
}

/** Result of {@link logTicks}. */
export interface LogTicks {
  /** Labelled ticks, ascending. */
  major: Tick[];
  /** Unlabelled minor tick values, ascending (2…9 × 10ⁿ, or skipped decades). */
  minor: number[];
}

/** How log-axis decade labels are written. */
export type LogLabelStyle = 'power' | 'engineering';

/**
 * Ticks for a log₁₀ axis over [min, max] (both > 0):
 * - up to 10 decades: every decade 10ⁿ is a labelled major tick and
 *   2…9 × 10ⁿ are minor ticks;
 * - more than 10 decades: every k-th decade is labelled (k chosen for at most
 *   about 8 labels), the others are minor;
 * - fewer than two decades inside the range: 2 × 10ⁿ and 5 × 10ⁿ are promoted
 *   to labelled ticks; if that still gives fewer than two labels, nice linear
 *   ticks are used as labels.
 *
 * Decades are written `10ⁿ` (style `'power'`, default) or with SI prefixes
 * (`'engineering'`: `1m`, `10`, `1k`); other labels always use SI prefixes.
 *
 * @param min - lower end (> 0)
 * @param max - upper end (> min)
 * @param style - decade label style (default `'power'`)
 * @returns major (labelled) and minor tick values
 * @throws RangeError when the range is not positive and finite
 * @example
 * ```ts
 * logTicks(0.01, 1e5).major.map((t) => t.label); // ['10⁻²', '10⁻¹', '10⁰', '10¹', '10²', '10³', '10⁴', '10⁵']
 * logTicks(2, 30).major.map((t) => t.label); // ['2', '5', '10', '20']
 * ```
 */
export function logTicks(min: number, max: number, style: LogLabelStyle = 'power'): LogTicks {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`log axis needs a positive finite range, got [${min}, ${max}]`);
  }
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  const llo = Math.log10(lo);
  const lhi = Math.log10(hi);
  const inRange = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const decadeLabel = (n: number) => (style === 'power' ? formatPower10(n) : formatSi(10 ** n));
  const n0 = Math.ceil(llo - 1e-9);
  const n1 = Math.floor(lhi + 1e-9);
  const decades = n1 - n0 + 1;
  const major: Tick[] = [];
  const minor: number[] = [];
  if (decades > 10) {
    const k = Math.ceil(decades / 8);
    for (let n = n0; n <= n1; n++) {
      const v = Number((10 ** n).toPrecision(12));
      if (n % k === 0) major.push({ value: v, label: decadeLabel(n) });
      else minor.push(v);
    }
    return { major, minor };
  }
  const all: { value: number; m: number; n: number }[] = [];
  for (let n = Math.floor(llo) - 1; n <= Math.ceil(lhi); n++) {
    for (let m = 1; m <= 9; m++) {
      const v = Number((m * 10 ** n).toPrecision(12));
      if (inRange(v)) all.push({ value: v, m, n });
    }
  }
  const promote = decades < 2;
  for (const t of all) {
    if (t.m === 1) major.push({ value: t.value, label: promote ? formatSi(t.value) : decadeLabel(t.n) });
    else if (promote && (t.m === 2 || t.m === 5)) major.push({ value: t.value, label: formatSi(t.value) });
    else minor.push(t.value);
  }
  if (major.length < 2) {
    const lin = linearTicks(lo, hi, 4);
    const values = lin.values.filter((v) => v > 0);
    const labels = formatLinearTicks(values, lin.step);
    return { major: values.map((value, i) => ({ value, label: labels[i] })), minor: [] };
  }
  return { major, minor };
}
