import type { FrequencyGrid } from '../circuit/types.js';

const TWO_PI = 2 * Math.PI;

/**
 * Builds ω = 2πf and ln ω for kernels. Allocates two arrays; callers cache it.
 * @internal
 */
export function makeGrid(frequency: ArrayLike<number>): FrequencyGrid {
  const n = frequency.length;
  const omega = new Float64Array(n);
  const logOmega = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = TWO_PI * frequency[i];
    omega[i] = w;
    logOmega[i] = Math.log(w);
  }
  return { n, omega, logOmega };
}

/**
 * A one-entry grid cache: returns the cached grid when `frequency` holds the
 * same values as last time (compared element-wise, so mutation is safe).
 * @internal
 */
export function gridCache(): (frequency: ArrayLike<number>) => FrequencyGrid {
  let last: Float64Array | undefined;
  let grid: FrequencyGrid | undefined;
  return (frequency) => {
    const n = frequency.length;
    if (last && grid && last.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (last[i] !== frequency[i]) {
          same = false;
          break;
        }
      }
      if (same) return grid;
    }
    last = Float64Array.from(frequency);
    grid = makeGrid(frequency);
    return grid;
  };
}
