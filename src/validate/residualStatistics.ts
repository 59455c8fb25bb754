import { ParameterError } from '../errors.js';

/** Wald–Wolfowitz runs test on the signs of a residual sequence. */
export interface RunsTest {
  /** Number of runs of equal sign (zeros are skipped). */
  runs: number;
  /** Expected number of runs for random signs, 2·n₊·n₋/n + 1. */
  expected: number;
  /** Standardised statistic z = (runs − expected)/σ; 0 when undefined. */
  z: number;
  /** One-sided p-value P(Z ≤ z) for too few runs (structure); 1 when undefined. */
  p: number;
}

/** Summary statistics of relative residuals (Re and Im parts). */
export interface ResidualStatistics {
  /** Number of points. */
  n: number;
  /** Mean of the real residuals. */
  meanRe: number;
  /** Mean of the imaginary residuals. */
  meanIm: number;
  /** Root mean square of the real residuals. */
  rmsRe: number;
  /** Root mean square of the imaginary residuals. */
  rmsIm: number;
  /** Largest |real residual|. */
  maxAbsRe: number;
  /** Largest |imaginary residual|. */
  maxAbsIm: number;
  /**
   * Pseudo χ² of Schönleber et al. (2014): Σ (Δre² + Δim²) of the relative
   * residuals (dimensionless).
   */
  pseudoChiSquare: number;
  /**
   * Noise estimate: standard deviation of the relative error per component,
   * σ̂ = √(χ²_ps / ν) with ν = 2n − `parameters` degrees of freedom (≥ 1).
   * Multiply by 100 for percent.
   */
  noise: number;
  /**
   * Robust noise estimate 1.4826·median(|r|) over both components (insensitive
   * to a few outliers; equals σ for Gaussian residuals).
   */
  robustNoise: number;
  /** Lag-1 autocorrelation of the real residuals (in the given point order). */
  autocorrelationRe: number;
  /** Lag-1 autocorrelation of the imaginary residuals. */
  autocorrelationIm: number;
  /** Runs test on the signs of the real residuals. */
  runsRe: RunsTest;
  /** Runs test on the signs of the imaginary residuals. */
  runsIm: RunsTest;
}

/** Options of {@link residualStatistics}. */
export interface ResidualStatisticsOptions {
  /** Number of fitted parameters, subtracted from 2n for the noise estimate (default 0). */
  parameters?: number;
}

/**
 * Standard normal cumulative distribution Φ(z), by the complementary error
 * function with the rational Chebyshev approximation of W. J. Cody, Math.
 * Comp. 23 (1969) 631 (relative accuracy ~1e-7 in the form used here,
 * Numerical Recipes' `erfcc`).
 *
 * @param z - standard score
 * @returns Φ(z) in [0, 1]
 * @example
 * ```ts
 * normalCdf(0); // 0.5
 * ```
 */
export function normalCdf(z: number): number {
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  const erfc = x >= 0 ? y : 2 - y;
  return Math.min(1, Math.max(0, 0.5 * erfc));
}

/**
 * Wald–Wolfowitz runs test on the signs of `r` (zeros skipped). Few runs mean
 * residuals that stay on one side for long stretches: a systematic misfit.
 *
 * μ = 2n₊n₋/n + 1, σ² = 2n₊n₋(2n₊n₋ − n)/(n²(n − 1)), z = (R − μ)/σ.
 * Reference: Wald & Wolfowitz, Ann. Math. Statist. 11 (1940) 147.
 *
 * @param r - residuals in measurement order
 * @returns the runs, expectation, z and one-sided p (too few runs)
 * @example
 * ```ts
 * runsTest(new Float64Array([1, 1, 1, 1, -1, -1, -1, -1])).p < 0.05; // true
 * ```
 */
export function runsTest(r: ArrayLike<number>): RunsTest {
  let pos = 0;
  let neg = 0;
  let runs = 0;
  let last = 0;
  for (let i = 0; i < r.length; i++) {
    const s = r[i] > 0 ? 1 : r[i] < 0 ? -1 : 0;
    if (s === 0) continue;
    if (s > 0) pos++;
    else neg++;
    if (s !== last) runs++;
    last = s;
  }
  const n = pos + neg;
  const expected = n > 0 ? (2 * pos * neg) / n + 1 : 0;
  if (pos === 0 || neg === 0 || n < 3) return { runs, expected, z: 0, p: 1 };
  const var_ = (2 * pos * neg * (2 * pos * neg - n)) / (n * n * (n - 1));
  if (!(var_ > 0)) return { runs, expected, z: 0, p: 1 };
  const z = (runs - expected) / Math.sqrt(var_);
  return { runs, expected, z, p: normalCdf(z) };
}

function lag1(r: ArrayLike<number>, mean: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < r.length; i++) {
    const d = r[i] - mean;
    den += d * d;
    if (i > 0) num += d * (r[i - 1] - mean);
  }
  return den > 0 ? num / den : 0;
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  if (n === 0) return 0;
  return n % 2 ? s[(n - 1) >> 1] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/**
 * Statistics of relative residuals Δre = (Z′ − Ẑ′)/|Z|, Δim = (Z″ − Ẑ″)/|Z|:
 * means, RMS, maxima, Schönleber's pseudo χ², a noise estimate, a robust
 * (median-based) noise estimate, lag-1 autocorrelations and runs tests.
 *
 * Pseudo χ² after Schönleber, Klotz & Ivers-Tiffée, Electrochim. Acta 131
 * (2014) 20; noise σ̂ = √(χ²_ps/ν), the RMS relative error per component with
 * ν = 2n − p degrees of freedom (the estimate of Yrjänä & Bobacka,
 * Electrochim. Acta 504 (2024) 144951, with a degrees-of-freedom correction).
 *
 * @param re - real relative residuals
 * @param im - imaginary relative residuals (same length)
 * @param options - see {@link ResidualStatisticsOptions}
 * @returns the statistics
 * @throws ParameterError `WRONG_LENGTH` if the arrays differ in length or are empty
 * @example
 * ```ts
 * const s = residualStatistics(new Float64Array([0.01, -0.01]), new Float64Array([0, 0.02]));
 * s.noise; // √(6e-4/4) ≈ 0.0122
 * ```
 */
export function residualStatistics(
  re: ArrayLike<number>,
  im: ArrayLike<number>,
  options: ResidualStatisticsOptions = {},
): ResidualStatistics {
  const n = re.length;
  if (n === 0 || im.length !== n) {
    throw new ParameterError('WRONG_LENGTH', `residual arrays must be non-empty and of equal length (re ${n}, im ${im.length})`, 'residuals');
  }
  let sr = 0;
  let si = 0;
  let qr = 0;
  let qi = 0;
  let mr = 0;
  let mi = 0;
  const abs = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = re[i];
    const b = im[i];
    sr += a;
    si += b;
    qr += a * a;
    qi += b * b;
    mr = Math.max(mr, Math.abs(a));
    mi = Math.max(mi, Math.abs(b));
    abs[2 * i] = Math.abs(a);
    abs[2 * i + 1] = Math.abs(b);
  }
  const chi = qr + qi;
  const dof = Math.max(1, 2 * n - (options.parameters ?? 0));
  const meanRe = sr / n;
  const meanIm = si / n;
  return {
    n,
    meanRe,
    meanIm,
    rmsRe: Math.sqrt(qr / n),
    rmsIm: Math.sqrt(qi / n),
    maxAbsRe: mr,
    maxAbsIm: mi,
    pseudoChiSquare: chi,
    noise: Math.sqrt(chi / dof),
    robustNoise: 1.4826 * median(abs),
    autocorrelationRe: lag1(re, meanRe),
    autocorrelationIm: lag1(im, meanIm),
    runsRe: runsTest(re),
    runsIm: runsTest(im),
  };
}
