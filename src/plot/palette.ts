/**
 * Colour-blind-safe series colours (Okabe & Ito 2008).
 *
 * @module
 */

/**
 * The eight Okabe–Ito colours, ordered for plotting on white: blue,
 * vermillion, bluish green, reddish purple, orange, sky blue, black, yellow
 * (yellow last because it has the least contrast on white). The set stays
 * distinguishable under protanopia, deuteranopia and tritanopia.
 *
 * Source: M. Okabe & K. Ito, "Color Universal Design (CUD): how to make
 * figures and presentations that are friendly to colorblind people" (2008),
 * https://jfly.uni-koeln.de/color/.
 *
 * @example
 * ```ts
 * OKABE_ITO[0]; // '#0072B2'
 * ```
 */
export const OKABE_ITO: readonly string[] = Object.freeze([
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
]);

/**
 * Colour of series `index` from a palette, cycling when there are more
 * series than colours.
 *
 * @param index - 0-based series index (negative or fractional values are clamped/floored)
 * @param palette - colours to cycle through (default {@link OKABE_ITO}); an empty palette falls back to it
 * @returns a CSS colour string
 * @example
 * ```ts
 * seriesColor(1); // '#D55E00'
 * seriesColor(9); // '#D55E00' (wraps after 8)
 * ```
 */
export function seriesColor(index: number, palette: readonly string[] = OKABE_ITO): string {
  const p = palette.length ? palette : OKABE_ITO;
  const i = Math.max(0, Math.floor(Number.isFinite(index) ? index : 0));
  return p[i % p.length];
}
