/** Options of {@link findDrtPeaks}. */
export interface DrtPeakOptions {
  /** Ignore maxima lower than this fraction of the highest γ (default 0.05). */
  minRelativeHeight?: number;
  /**
   * Ignore maxima whose prominence (height above the higher of the two
   * bounding minima) is below this fraction of the highest γ (default 0.05).
   */
  minRelativeProminence?: number;
  /** Ignore peaks whose area is below this fraction of the total (default 0.03; noise of 1 % typically produces artefacts of 1–3 %). */
  minAreaFraction?: number;
}

/** One peak (process) of a distribution of relaxation times. */
export interface DrtPeak {
  /** Time constant at the maximum, s (parabolic refinement in ln τ). */
  tau: number;
  /** Characteristic frequency f = 1/(2πτ), Hz. */
  frequency: number;
  /** γ at the maximum, Ω. */
  height: number;
  /** ∫γ d ln τ between the bounding minima: polarisation resistance of the process, Ω. */
  area: number;
  /** `area` as a fraction of the whole distribution. */
  fraction: number;
  /** Full width at half maximum in decades of τ (bounded by the minima). */
  width: number;
  /** τ of the left and right bounding minima, s. */
  bounds: [number, number];
}

/**
 * Finds the peaks of a sampled distribution γ(τ): local maxima that pass the
 * height, prominence and area thresholds. Each peak's area is ∫γ d ln τ
 * (trapezoidal) between the minima that separate it from its neighbours, so
 * the areas of all peaks add up to the total polarisation resistance when
 * nothing is discarded. Minima between a discarded maximum and a kept one are
 * merged into the kept peak.
 *
 * @param tau - ascending τ grid, s (log-spaced is best)
 * @param gamma - γ on `tau`, Ω
 * @param options - see {@link DrtPeakOptions}
 * @returns peaks in ascending τ
 * @example
 * ```ts
 * const peaks = findDrtPeaks(drt.tau, drt.gamma);
 * peaks.map((p) => [p.frequency, p.area]);
 * ```
 */
export function findDrtPeaks(tau: ArrayLike<number>, gamma: ArrayLike<number>, options: DrtPeakOptions = {}): DrtPeak[] {
  const n = Math.min(tau.length, gamma.length);
  if (n < 3) return [];
  const minH = options.minRelativeHeight ?? 0.05;
  const minP = options.minRelativeProminence ?? 0.05;
  const minA = options.minAreaFraction ?? 0.03;
  const y = new Float64Array(n);
  let gmax = 0;
  for (let i = 0; i < n; i++) {
    y[i] = Math.log(tau[i]);
    gmax = Math.max(gmax, gamma[i]);
  }
  if (!(gmax > 0)) return [];
  const area = (a: number, b: number) => {
    let s = 0;
    for (let i = a; i < b; i++) s += 0.5 * (gamma[i] + gamma[i + 1]) * (y[i + 1] - y[i]);
    return s;
  };
  const total = area(0, n - 1);
  // Candidate maxima (plateaus count once, at their first point).
  let maxima: number[] = [];
  for (let i = 0; i < n; i++) {
    const left = i === 0 ? -Infinity : gamma[i - 1];
    let j = i;
    while (j + 1 < n && gamma[j + 1] === gamma[i]) j++;
    const right = j === n - 1 ? -Infinity : gamma[j + 1];
    if (gamma[i] > left && gamma[i] > right && gamma[i] >= minH * gmax) maxima.push(i);
    i = j;
  }
  // Iteratively drop the least prominent maximum until all pass.
  const minBetween = (a: number, b: number) => {
    let k = a;
    for (let i = a; i <= b; i++) if (gamma[i] < gamma[k]) k = i;
    return k;
  };
  for (;;) {
    if (!maxima.length) return [];
    let worst = -1;
    let worstScore = Infinity;
    for (let q = 0; q < maxima.length; q++) {
      const i = maxima[q];
      const lo = q > 0 ? gamma[minBetween(maxima[q - 1], i)] : gamma[minBetween(0, i)];
      const hi = q < maxima.length - 1 ? gamma[minBetween(i, maxima[q + 1])] : gamma[minBetween(i, n - 1)];
      const prom = gamma[i] - Math.max(lo, hi);
      const a0 = q > 0 ? minBetween(maxima[q - 1], i) : 0;
      const a1 = q < maxima.length - 1 ? minBetween(i, maxima[q + 1]) : n - 1;
      const frac = total > 0 ? area(a0, a1) / total : 0;
      const score = Math.min(prom / (minP * gmax), frac / minA);
      if (score < worstScore) {
        worstScore = score;
        worst = q;
      }
    }
    if (worstScore >= 1) break;
    maxima = maxima.filter((_, q) => q !== worst);
  }
  const peaks: DrtPeak[] = [];
  for (let q = 0; q < maxima.length; q++) {
    const i = maxima[q];
    const a0 = q > 0 ? minBetween(maxima[q - 1], i) : 0;
    const a1 = q < maxima.length - 1 ? minBetween(i, maxima[q + 1]) : n - 1;
    // Parabolic refinement of the maximum in ln τ.
    let yp = y[i];
    let hp = gamma[i];
    if (i > 0 && i < n - 1) {
      const g0 = gamma[i - 1];
      const g1 = gamma[i];
      const g2 = gamma[i + 1];
      const den = g0 - 2 * g1 + g2;
      if (den < 0) {
        const off = (0.5 * (g0 - g2)) / den;
        const h = 0.5 * (y[i + 1] - y[i - 1]);
        yp = y[i] + off * h;
        hp = g1 - 0.25 * (g0 - g2) * off;
      }
    }
    // FWHM: half-maximum crossings, linear interpolation, within [a0, a1].
    const half = hp / 2;
    let yl = y[a0];
    for (let k = i; k > a0; k--) {
      if (gamma[k - 1] <= half) {
        yl = y[k - 1] + ((half - gamma[k - 1]) / (gamma[k] - gamma[k - 1])) * (y[k] - y[k - 1]);
        break;
      }
    }
    let yr = y[a1];
    for (let k = i; k < a1; k++) {
      if (gamma[k + 1] <= half) {
        yr = y[k] + ((gamma[k] - half) / (gamma[k] - gamma[k + 1])) * (y[k + 1] - y[k]);
        break;
      }
    }
    const t = Math.exp(yp);
    const ar = area(a0, a1);
    peaks.push({
      tau: t,
      frequency: 1 / (2 * Math.PI * t),
      height: hp,
      area: ar,
      fraction: total > 0 ? ar / total : 0,
      width: (yr - yl) / Math.LN10,
      bounds: [tau[a0], tau[a1]],
    });
  }
  return peaks;
}
