/**
 * Input and option types shared by the SVG plots.
 *
 * @module
 */

/**
 * Plain impedance data as plots accept it: the shape of `Spectrum` but with
 * any array-like (`Float64Array` or `number[]`). Frequency in Hz, Re and Im
 * in Ω with the true sign of Im (plots negate Im where they show −Z″).
 *
 * @example
 * ```ts
 * const s: SpectrumLike = { frequency: [1e3, 1], re: [10, 20], im: [-1, -5] };
 * ```
 */
export interface SpectrumLike {
  /** Frequency f in Hz. */
  frequency: ArrayLike<number>;
  /** Re Z in Ω. */
  re: ArrayLike<number>;
  /** Im Z in Ω, true sign (capacitive < 0). */
  im: ArrayLike<number>;
}

/**
 * One spectrum to draw: measured points (`data`, drawn as markers), a model
 * curve (`fit`, drawn as a line; usually on a denser frequency grid), or both.
 *
 * @example
 * ```ts
 * const s: SpectrumSeries = { data: measured, fit: simulated, label: '25 °C' };
 * ```
 */
export interface SpectrumSeries {
  /** Measured points, drawn as markers. */
  data?: SpectrumLike;
  /** Model curve, drawn as a line in the same colour. */
  fit?: SpectrumLike;
  /** Legend text (default `Spectrum n`, or `data`/`fit` for a single series). */
  label?: string;
  /** CSS colour (default: the palette colour of the series index). */
  color?: string;
  /** Label decades of frequency on this series in Nyquist plots (default: only the first series when `frequencyLabels` is on). */
  labelFrequencies?: boolean;
}

/**
 * Options every plot accepts. Non-finite points are always dropped before
 * drawing, and an empty input gives an "empty-state" plot (a dashed frame
 * with a "No data" message and `data-empty="true"` on the root) instead of
 * throwing.
 *
 * @example
 * ```ts
 * const o: PlotOptions = { width: 640, height: 480, title: 'Li|LLZO|Li, 25 °C', id: 'fig1' };
 * ```
 */
export interface PlotOptions {
  /** Width of the SVG in px (default 640; clamped to 120…10000). */
  width?: number;
  /** Height of the SVG in px (default 480 for most plots, 560 for Bode; clamped to 120…10000). */
  height?: number;
  /** Visible title above the plot (default none; the accessible `<title>` then names the plot type). */
  title?: string;
  /** Accessible description written into `<desc>` (default: a generated summary of the data). */
  description?: string;
  /**
   * Id of the `<svg>` element and prefix of the ids inside it (clip paths,
   * `<title>`, `<desc>`). Give distinct ids when several plots share one
   * HTML page (default `eiskit-<plot kind>`).
   */
  id?: string;
  /** Series colours (default {@link OKABE_ITO}). */
  palette?: readonly string[];
  /** Background fill (default `#ffffff`; `null` for transparent). */
  background?: string | null;
  /**
   * `false` hides the legend. By default a legend is drawn when there is
   * something to tell apart: several series, a labelled series, or data and
   * fit of one series. It sits in the frame corner covering the fewest points.
   */
  legend?: boolean;
  /** Override the x-axis title (e.g. a different unit text). */
  xLabel?: string;
  /** Override the y-axis title. */
  yLabel?: string;
}
