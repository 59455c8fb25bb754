// Synthetic spectra with known, distinct truths for the batch tests (no ../shared access).
import { compileCircuit } from '../../../src/circuit/compileCircuit.js';
import { createRandom, randomNormal } from '../../../src/random.js';
import type { Spectrum } from '../../../src/data/spectrum.js';

export const CIRCUIT = 'R0-p(R1,CPE1)-p(R2,CPE2)';

/** 71 frequencies, 1 MHz → 0.1 Hz, 10 per decade. */
export const FREQUENCY = Float64Array.from({ length: 71 }, (_, i) => 10 ** (6 - i / 10));

/** Truth of spectrum i: R1 = 150 + 10·i Ω so a mix-up of order is visible. */
export function truthOf(i: number): number[] {
  return [50, 150 + 10 * i, 1e-8, 0.9, 1000, 1e-6, 0.85];
}

/** The spectrum of CIRCUIT with `values` at FREQUENCY plus 1 % proportional noise from `seed`. */
export function noisySpectrum(values: readonly number[], seed: number): Spectrum {
  const z = compileCircuit(CIRCUIT).evaluate(values, FREQUENCY);
  const random = createRandom(seed);
  const re = new Float64Array(71);
  const im = new Float64Array(71);
  for (let k = 0; k < 71; k++) {
    const m = Math.hypot(z.re[k], z.im[k]);
    re[k] = z.re[k] + 0.01 * m * randomNormal(random);
    im[k] = z.im[k] + 0.01 * m * randomNormal(random);
  }
  return { frequency: FREQUENCY.slice(), re, im };
}

/** n spectra with 1 % proportional noise (seed = 1000 + i). */
export function makeSpectra(n: number): Spectrum[] {
  return Array.from({ length: n }, (_, i) => ({ ...noisySpectrum(truthOf(i), 1000 + i), meta: { label: `spectrum ${i}` } }));
}

/** Deep equality where numbers (also in typed arrays) must be identical bit for bit; `timeMs` is ignored. */
export function sameBits(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    return Object.is(a, b) ? undefined : `${path}: ${a} !== ${b}`;
  }
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}: length ${x.length} !== ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]: ${x[i]} !== ${y[i]}`;
    return undefined;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} !== ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = sameBits(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => k !== 'timeMs').sort();
    const kb = Object.keys(b).filter((k) => k !== 'timeMs').sort();
    if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} !== ${kb.join()}`;
    for (const k of ka) {
      const d = sameBits((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path}: ${String(a)} !== ${String(b)}`;
}
