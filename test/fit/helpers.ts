// Local fixture readers for the fit tests (independent of src/data loaders).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Spectrum } from '../../src/data/spectrum.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Reads a fixture file as text. */
export function fixtureText(path: string): string {
  return readFileSync(join(fixtures, path), 'utf8');
}

/** Reads a JSON fixture. */
export function fixtureJson<T = any>(path: string): T {
  // Python's json writes NaN for undefined standard errors; map it to null.
  return JSON.parse(fixtureText(path).replace(/\bNaN\b/g, 'null')) as T;
}

/** Headerless `f,Re,Im` CSV (impedance.py exampleData.csv). */
export function readPlainCsv(path: string): Spectrum {
  const rows = fixtureText(path)
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(',').map(Number));
  return {
    frequency: Float64Array.from(rows, (r) => r[0]),
    re: Float64Array.from(rows, (r) => r[1]),
    im: Float64Array.from(rows, (r) => r[2]),
  };
}

/** First spectrum of a curator `expected/parsed/<instrument>/<file>.json`. */
export function readParsed(path: string): Spectrum {
  const d = fixtureJson<{ spectra: { f: number[]; re: number[]; im: number[] }[] }>(join('expected', 'parsed', path));
  const s = d.spectra[0];
  return { frequency: Float64Array.from(s.f), re: Float64Array.from(s.re), im: Float64Array.from(s.im) };
}

/** pyimpspec control data (pandas JSON). */
export function readPyimpspecControl(): Spectrum {
  const d = fixtureJson<Record<string, Record<string, number>>>('expected/pyimpspec_control_data.json');
  const col = (name: string) => {
    const c = d[name];
    return Float64Array.from(Object.keys(c).sort((a, b) => Number(a) - Number(b)), (k) => c[k]);
  };
  return { frequency: col('f (Hz)'), re: col('Re(Z) (ohm)'), im: col('Im(Z) (ohm)') };
}

/** Keeps points with Im Z < 0 (impedance.py ignoreBelowX). */
export function ignoreBelowX(s: Spectrum): Spectrum {
  const keep: number[] = [];
  for (let i = 0; i < s.frequency.length; i++) if (s.im[i] < 0) keep.push(i);
  return {
    frequency: Float64Array.from(keep, (i) => s.frequency[i]),
    re: Float64Array.from(keep, (i) => s.re[i]),
    im: Float64Array.from(keep, (i) => s.im[i]),
  };
}

/** Σ|ΔZ|² between data and model values. */
export function sumSquares(s: Spectrum, re: ArrayLike<number>, im: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < s.frequency.length; i++) c += (s.re[i] - re[i]) ** 2 + (s.im[i] - im[i]) ** 2;
  return c;
}
