import { ParameterError } from '../errors.js';
import type { Spectrum } from './spectrum.js';

/** Options of {@link averageRepeats}. */
export interface AverageRepeatsOptions {
  /** Frequencies within this relative distance are the same point (default 1e-6). */
  relTol?: number;
}

/** Result of {@link averageRepeats}: the mean spectrum plus per-point statistics. */
export interface AveragedSpectrum extends Spectrum {
  /** Number of measurements averaged at each frequency. */
  count: Uint32Array;
  /** Sample standard deviation of Re Z at each frequency (0 when count is 1), Ω. */
  reStd: Float64Array;
  /** Sample standard deviation of Im Z at each frequency (0 when count is 1), Ω. */
  imStd: Float64Array;
}

/**
 * Averages repeated measurements: points of one or several spectra whose
 * frequencies agree within `relTol` are merged into their mean
 * (f̄, mean Re, mean Im) with the sample standard deviations
 * s = √(Σ(x − x̄)² / (n − 1)). The result is sorted by descending frequency.
 *
 * @param spectra - one spectrum (with repeated frequencies) or several sweeps
 * @param options - see {@link AverageRepeatsOptions}
 * @returns the averaged spectrum with `count`, `reStd`, `imStd`
 * @throws ParameterError `BAD_OPTION` when relTol is negative or NaN
 * @example
 * ```ts
 * const { spectra } = parseSpectra(text); // e.g. three loops of the same sweep
 * const mean = averageRepeats(spectra);
 * ```
 */
export function averageRepeats(spectra: Spectrum | readonly Spectrum[], options: AverageRepeatsOptions = {}): AveragedSpectrum {
  const list = Array.isArray(spectra) ? (spectra as readonly Spectrum[]) : [spectra as Spectrum];
  const relTol = options.relTol ?? 1e-6;
  if (!(relTol >= 0)) throw new ParameterError('BAD_OPTION', `relTol must be ≥ 0, got ${relTol}`, 'relTol');
  let total = 0;
  for (const s of list) total += s.frequency.length;
  const f = new Float64Array(total);
  const re = new Float64Array(total);
  const im = new Float64Array(total);
  let k = 0;
  for (const s of list) {
    f.set(s.frequency, k);
    re.set(s.re, k);
    im.set(s.im, k);
    k += s.frequency.length;
  }
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => f[b] - f[a] || a - b);
  // Group consecutive (sorted) points whose frequency is within relTol of the group's first.
  const groups: number[] = [];
  for (let j = 0; j < total; j++) {
    if (j === 0) groups.push(0);
    else {
      const g0 = f[order[groups[groups.length - 1]]];
      if (Math.abs(f[order[j]] - g0) > relTol * Math.max(Math.abs(g0), Math.abs(f[order[j]]))) groups.push(j);
    }
  }
  const m = groups.length;
  const out: AveragedSpectrum = {
    frequency: new Float64Array(m),
    re: new Float64Array(m),
    im: new Float64Array(m),
    count: new Uint32Array(m),
    reStd: new Float64Array(m),
    imStd: new Float64Array(m),
  };
  for (let g = 0; g < m; g++) {
    const a = groups[g];
    const b = g + 1 < m ? groups[g + 1] : total;
    const n = b - a;
    let sf = 0;
    let sr = 0;
    let si = 0;
    for (let j = a; j < b; j++) {
      sf += f[order[j]];
      sr += re[order[j]];
      si += im[order[j]];
    }
    const mr = sr / n;
    const mi = si / n;
    let vr = 0;
    let vi = 0;
    for (let j = a; j < b; j++) {
      vr += (re[order[j]] - mr) ** 2;
      vi += (im[order[j]] - mi) ** 2;
    }
    out.frequency[g] = sf / n;
    out.re[g] = mr;
    out.im[g] = mi;
    out.count[g] = n;
    out.reStd[g] = n > 1 ? Math.sqrt(vr / (n - 1)) : 0;
    out.imStd[g] = n > 1 ? Math.sqrt(vi / (n - 1)) : 0;
  }
  const meta = list[0]?.meta;
  if (meta) {
    out.meta = { ...meta, label: `average of ${list.length} sweep${list.length === 1 ? '' : 's'}` };
    delete out.meta.lines;
    delete out.meta.cycle;
  }
  return out;
}
