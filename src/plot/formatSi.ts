/**
 * Number formatting for axes and tables: SI (engineering) prefixes and
 * superscript powers of ten.
 *
 * @module
 */

const PREFIXES: Readonly<Record<number, string>> = {
  [-24]: 'y',
  [-21]: 'z',
  [-18]: 'a',
  [-15]: 'f',
  [-12]: 'p',
  [-9]: 'n',
  [-6]: 'µ',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
  21: 'Z',
  24: 'Y',
};

const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

/** The typographic minus sign (U+2212) used in every label. */
const MINUS = '−';

/**
 * Engineering exponent (a multiple of 3 in [−24, 24]) for a value, so that
 * the scaled mantissa lies in [1, 1000).
 *
 * @param value - any finite non-zero number
 * @returns exponent e with |value|/10^e in [1, 1000) when within the prefix range
 * @example
 * ```ts
 * engineeringExponent(4700); // 3
 * engineeringExponent(2.2e-9); // -9
 * ```
 */
export function engineeringExponent(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  const e = Math.floor(Math.log10(Math.abs(value)) / 3) * 3;
  return Math.max(-24, Math.min(24, e));
}

/**
 * Writes `10ⁿ` with Unicode superscript digits, e.g. for log-axis decades.
 *
 * @param exponent - integer power of ten
 * @returns e.g. `'10⁻³'`, `'10⁰'`, `'10⁶'`
 * @example
 * ```ts
 * formatPower10(-3); // '10⁻³'
 * ```
 */
export function formatPower10(exponent: number): string {
  const n = Math.round(exponent);
  return '10' + String(n).replace(/[0-9-]/g, (c) => SUPERSCRIPTS[c]);
}

/**
 * Formats a number with an SI prefix and a fixed number of significant
 * digits (trailing zeros trimmed), optionally followed by a unit: engineering
 * notation as on instrument displays. Values beyond the yocto…yotta range use
 * `×10ⁿ`. Negative values use the typographic minus (U+2212). Non-finite
 * values give `'—'` (never `NaN`).
 *
 * @param value - the number, in base units (Ω, F, Hz…)
 * @param digits - significant digits (default 3, clamped to 1…15)
 * @param unit - unit appended after a space and the prefix, e.g. `Hz` → `'1 kHz'`; empty for bare numbers (`'1k'`)
 * @returns e.g. `'4.7k'`, `'2.2 nF'`, `'−12.5 mΩ'`, `'0'`
 * @example
 * ```ts
 * formatSi(4700); // '4.7k'
 * formatSi(2.2e-9, 3, 'F'); // '2.2 nF'
 * formatSi(999.96, 3, 'Ω'); // '1 kΩ'
 * ```
 */
export function formatSi(value: number, digits = 3, unit = ''): string {
  if (!Number.isFinite(value)) return '—';
  const d = Math.max(1, Math.min(15, Math.round(digits)));
  if (value === 0) return unit ? `0 ${unit}` : '0';
  let e = engineeringExponent(value);
  let mantissa = Number((value / 10 ** e).toPrecision(d));
  if (Math.abs(mantissa) >= 1000 && e < 24) {
    e += 3;
    mantissa = Number((value / 10 ** e).toPrecision(d));
  }
  const abs = Math.abs(value);
  let body: string;
  let prefix: string;
  if (abs >= 1e27 || abs < 1e-24) {
    // toExponential avoids overflow/underflow of abs/10^p near the double limits.
    const [m, p] = abs.toExponential(d - 1).split('e');
    body = `${String(Number(m))}×${formatPower10(Number(p))}`;
    prefix = '';
  } else {
    body = String(Math.abs(mantissa));
    prefix = PREFIXES[e];
  }
  const sign = value < 0 ? MINUS : '';
  return unit ? `${sign}${body} ${prefix}${unit}` : `${sign}${body}${prefix}`;
}

/**
 * Labels for evenly spaced linear ticks: one shared SI prefix (chosen from the
 * largest magnitude) and enough decimals to tell neighbours apart, e.g.
 * `0, 0.5k, 1.0k, 1.5k`; values between 0.01 and 1000 are written
 * without prefix (`0.25`). Zero is always `'0'`.
 *
 * @param values - tick values
 * @param step - tick spacing (> 0); its size sets the decimals
 * @returns one label per value
 * @example
 * ```ts
 * formatLinearTicks([0, 500, 1000, 1500], 500); // ['0', '0.5k', '1.0k', '1.5k']
 * formatLinearTicks([-2, 0, 2], 2); // ['−2', '0', '2']
 * ```
 */
export function formatLinearTicks(values: readonly number[], step: number): string[] {
  let maxAbs = 0;
  for (const v of values) if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  // Plain decimals between 0.01 and 1000, SI prefixes outside.
  const e = maxAbs >= 1e-2 && maxAbs < 1e3 ? 0 : engineeringExponent(maxAbs);
  const scale = 10 ** e;
  const s = Number.isFinite(step) && step > 0 ? step / scale : 1;
  // Fewest decimals that write the step exactly (0.25 → 2, 0.5 → 1, 200 → 0).
  let decimals = 0;
  while (decimals < 12 && Math.abs(s * 10 ** decimals - Math.round(s * 10 ** decimals)) > 1e-6 * s * 10 ** decimals) decimals++;
  const prefix = PREFIXES[e] ?? '';
  return values.map((v) => {
    if (!Number.isFinite(v)) return '—';
    const text = (Math.abs(v) / scale).toFixed(decimals);
    if (Number(text) === 0) return '0';
    return `${v < 0 ? MINUS : ''}${text}${prefix}`;
  });
}
