import type { RandomSource } from '../random.js';

/**
 * Seeded starting points around a guess, within bounds: log-scale parameters
 * log-uniformly in [guess/spread, guess·spread] ∩ bounds, linear parameters
 * uniformly in [guess − h, guess + h] ∩ bounds with h = 40% of the bound range
 * (or 0.5·max(|guess|, 1) when unbounded). Samples are strictly inside the bounds.
 *
 * @param guess - central values (natural units)
 * @param lower - lower bounds
 * @param upper - upper bounds
 * @param logScale - per parameter: true for log-scale
 * @param count - number of samples
 * @param random - seeded uniform generator (e.g. `createRandom(seed)`)
 * @param spread - multiplicative half-range of log-scale samples (default 100)
 * @returns `count` arrays of natural values
 * @example
 * ```ts
 * const starts = sampleStarts([100, 0.9], [0, 0], [Infinity, 1], [true, false], 5, createRandom(1));
 * ```
 */
export function sampleStarts(
  guess: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  logScale: readonly boolean[],
  count: number,
  random: RandomSource,
  spread = 100,
): Float64Array[] {
  const n = guess.length;
  const out: Float64Array[] = [];
  for (let s = 0; s < count; s++) {
    const v = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const g = guess[j];
      const lo = lower[j];
      const hi = upper[j];
      const u = random();
      if (logScale[j] && g > 0) {
        let a = Math.log(g / spread);
        let b = Math.log(g * spread);
        if (lo > 0) a = Math.max(a, Math.log(lo));
        if (Number.isFinite(hi)) b = Math.min(b, Math.log(hi));
        if (!(b > a)) {
          v[j] = g;
          continue;
        }
        const margin = 1e-6 * (b - a);
        v[j] = Math.exp(a + margin + (b - a - 2 * margin) * u);
      } else {
        const h = Number.isFinite(hi - lo) ? 0.4 * (hi - lo) : 0.5 * Math.max(Math.abs(g), 1);
        let a = g - h;
        let b = g + h;
        if (Number.isFinite(lo)) a = Math.max(a, lo);
        if (Number.isFinite(hi)) b = Math.min(b, hi);
        const margin = 1e-6 * (b - a);
        v[j] = a + margin + (b - a - 2 * margin) * u;
      }
    }
    out.push(v);
  }
  return out;
}
