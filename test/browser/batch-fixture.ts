// Shared by the Node test (batchWorkers.test.ts) and the page script
// (batch-page.ts, bundled for Chromium): the same seeded spectra on both sides,
// and a JSON-safe, bit-exact fingerprint of any value.
import { createRandom, simulateImpedance } from '../../src/index.js';
import type { Spectrum } from '../../src/index.js';

/** The 7-parameter, two-arc circuit of the batch tests. */
export const CIRCUIT = 'R0-p(R1,CPE1)-p(R2,CPE2)';

/** Spectra per batch. */
export const COUNT = 40;

/** 61 frequencies, 1 MHz → 0.1 Hz, 8.6 per decade. */
export const FREQUENCY = Float64Array.from({ length: 61 }, (_, i) => 10 ** (6 - i / 8.57));

/** Truth of spectrum i: R1 = 150 + 10·i Ω and R2 = 900 + 25·i Ω, so a mix-up of order shows. */
export function truthOf(i: number): Record<string, number> {
  return { R0: 50, R1: 150 + 10 * i, CPE1_0: 1e-8, CPE1_1: 0.9, R2: 900 + 25 * i, CPE2_0: 1e-6, CPE2_1: 0.85 };
}

/** `n` spectra with 1 % proportional Gaussian noise, generator seeded 7000 + i. */
export function makeSpectra(n: number = COUNT): Spectrum[] {
  return Array.from({ length: n }, (_, i) =>
    simulateImpedance(CIRCUIT, truthOf(i), FREQUENCY, { noise: { type: 'proportional', sigma: 0.01 }, random: createRandom(7000 + i) }),
  );
}

/** Hex of the IEEE-754 bits of a double (distinguishes −0, every NaN payload). */
function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** Spectra as hex bits of their arrays: JSON-safe and exact. */
export interface SpectrumBits {
  frequency: string[];
  re: string[];
  im: string[];
}

/** Encodes spectra exactly for the trip between the page and Node. */
export function spectraToBits(spectra: readonly Spectrum[]): SpectrumBits[] {
  return spectra.map((s) => ({ frequency: Array.from(s.frequency, bits), re: Array.from(s.re, bits), im: Array.from(s.im, bits) }));
}

/** Inverse of {@link spectraToBits}. */
export function spectraFromBits(encoded: readonly SpectrumBits[]): Spectrum[] {
  const decode = (hex: string[]) => {
    const view = new DataView(new ArrayBuffer(8 * hex.length));
    hex.forEach((h, i) => view.setBigUint64(8 * i, BigInt(`0x${h}`)));
    return Float64Array.from({ length: hex.length }, (_, i) => view.getFloat64(8 * i));
  };
  return encoded.map((s) => ({ frequency: decode(s.frequency), re: decode(s.re), im: decode(s.im) }));
}

/**
 * JSON-safe fingerprint of any value in which every number (also inside typed
 * arrays) becomes the hex of its bits; `timeMs` keys are dropped (wall time).
 * Two values have equal fingerprints iff they agree bit for bit.
 */
export function fingerprint(value: unknown): unknown {
  if (typeof value === 'number') return `f64:${bits(value)}`;
  if (value === undefined) return '<undefined>';
  if (typeof value === 'function') return '<function>';
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    return { [value.constructor.name]: Array.from(value as unknown as ArrayLike<number>, (x) => bits(x)) };
  }
  if (Array.isArray(value)) return value.map(fingerprint);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) if (k !== 'timeMs') out[k] = fingerprint((value as Record<string, unknown>)[k]);
  return out;
}
