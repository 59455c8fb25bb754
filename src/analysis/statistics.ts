/**
 * Small statistics kernels of the analysis concern: Student t quantiles and
 * weighted straight-line least squares. Internal (not re-exported).
 *
 * @module
 */

/** ln Γ(x) for x > 0, Lanczos approximation (g = 7, n = 9; Lanczos, SIAM J. Numer. Anal. B 1 (1964) 86). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularised incomplete beta (modified Lentz; Abramowitz & Stegun 26.5.8). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Cumulative distribution of Student's t with ν degrees of freedom,
 * P(T ≤ t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0.
 *
 * @param t - the argument
 * @param nu - degrees of freedom (> 0; Infinity gives the normal distribution)
 * @returns the probability
 * @example
 * ```ts
 * studentTCdf(2.0, 10); // ≈ 0.963
 * ```
 */
export function studentTCdf(t: number, nu: number): number {
  if (!Number.isFinite(nu) || nu > 1e7) return 0.5 * (1 + erf(t / Math.SQRT2));
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Error function, Abramowitz & Stegun 7.1.26 refined by one Newton-free series for small x. */
function erf(x: number): number {
  // Use the incomplete gamma relation erf(x) = P(1/2, x²) through the beta-free series for accuracy.
  const s = Math.sign(x);
  const ax = Math.abs(x);
  if (ax < 3) {
    // Maclaurin series: erf x = 2/√π Σ (−1)^n x^(2n+1)/(n!(2n+1)).
    let sum = 0;
    let term = ax;
    for (let n = 0; n < 200; n++) {
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
      term *= (-ax * ax) / (n + 1);
    }
    return (s * 2 * sum) / Math.sqrt(Math.PI);
  }
  // Continued fraction of erfc for large x (Lentz).
  let f = ax;
  let c = ax;
  let d = 0;
  for (let k = 1; k < 200; k++) {
    const a = k / 2;
    d = ax + a * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = ax + a / c;
    const del = c * d;
    f *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return s * (1 - erfc);
}

/**
 * Quantile of Student's t distribution: the t with P(T ≤ t) = p, by bisection
 * on {@link studentTCdf} (relative accuracy ~1e-12).
 *
 * @param p - probability in (0, 1)
 * @param nu - degrees of freedom (> 0)
 * @returns the quantile
 * @example
 * ```ts
 * studentTQuantile(0.975, 5);        // 2.5706
 * studentTQuantile(0.975, Infinity); // 1.95996
 * ```
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) return p <= 0 ? -Infinity : Infinity;
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, nu) < p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, nu) < p) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-13 * hi) break;
  }
  return 0.5 * (lo + hi);
}

/** Result of {@link weightedLine}. */
export interface LineFit {
  /** Intercept a of y = a + b·x. */
  intercept: number;
  /** Slope b. */
  slope: number;
  /** Covariance [[var a, cov ab], [cov ab, var b]] (scaled or absolute, see options). */
  covariance: [[number, number], [number, number]];
  /** Weighted residual sum of squares Σ wᵢ(yᵢ − a − b xᵢ)². */
  chiSquare: number;
  /** Degrees of freedom n − 2. */
  dof: number;
}

/**
 * Weighted least-squares straight line y = a + b·x with weights wᵢ = 1/σᵢ²
 * (unit weights when σ is omitted). The covariance is (XᵀWX)⁻¹, multiplied by
 * χ²/(n−2) unless `absolute` is true.
 *
 * @param x - abscissae
 * @param y - ordinates
 * @param sigma - optional standard deviations of y
 * @param absolute - treat σ as absolute (no rescaling by the reduced χ²)
 * @returns the line, its covariance and χ²
 * @example
 * ```ts
 * weightedLine([0, 1, 2], [1, 3, 5]).slope; // 2
 * ```
 */
export function weightedLine(x: ArrayLike<number>, y: ArrayLike<number>, sigma?: ArrayLike<number> | null, absolute = false): LineFit {
  const n = x.length;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const w = sigma ? 1 / (sigma[i] * sigma[i]) : 1;
    sw += w;
    sx += w * x[i];
    sy += w * y[i];
  }
  const xm = sx / sw;
  const ym = sy / sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const w = sigma ? 1 / (sigma[i] * sigma[i]) : 1;
    sxx += w * (x[i] - xm) * (x[i] - xm);
    sxy += w * (x[i] - xm) * (y[i] - ym);
  }
  const slope = sxy / sxx;
  const intercept = ym - slope * xm;
  let chi = 0;
  for (let i = 0; i < n; i++) {
    const w = sigma ? 1 / (sigma[i] * sigma[i]) : 1;
    const r = y[i] - intercept - slope * x[i];
    chi += w * r * r;
  }
  const dof = n - 2;
  const s2 = absolute ? 1 : dof > 0 ? chi / dof : 1;
  const vb = s2 / sxx;
  const va = s2 * (1 / sw + (xm * xm) / sxx);
  const cab = -xm * vb;
  return { intercept, slope, covariance: [[va, cab], [cab, vb]], chiSquare: chi, dof };
}
