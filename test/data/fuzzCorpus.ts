// Seeded corruption of fixture bytes for the fuzz tests.
import { expect } from 'vitest';
import { DataFormatError } from '../../src/errors.js';
import { parseSpectra } from '../../src/data/parseSpectra.js';
import { seeded } from '../helpers/close.js';

const GARBAGE = ['', 'x', '1,2,3', '\t\t', 'nan\tinf\t-1', '1e999 5 6', '0 0 0', '-5,-6,-7', '"', '<Segment1>', 'ZCURVE\tTABLE', 'Loop 0 from point number 0 to 3', '999999999', '\u00b5\u00b0', ';;;', '1 2', '1.5e-3\t2,5\t-3'];

/** One seeded corruption: byte flips, a truncation or an inserted line. */
export function corrupt(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const kind = Math.floor(rnd() * 3);
  if (kind === 0) {
    const out = bytes.slice();
    const flips = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < flips; k++) out[Math.floor(rnd() * out.length)] = Math.floor(rnd() * 256);
    return out;
  }
  if (kind === 1) return bytes.slice(0, Math.floor(rnd() * bytes.length));
  // Insert a line at a random line boundary.
  const starts: number[] = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) starts.push(i + 1);
  const at = starts[Math.floor(rnd() * starts.length)];
  const text = GARBAGE[Math.floor(rnd() * GARBAGE.length)] + '\n';
  const ins = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + ins.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(ins, at);
  out.set(bytes.subarray(at), at + ins.length);
  return out;
}

/**
 * Runs `runs` corruptions of `bytes`; every parse must return finite spectra
 * with consistent row accounting or throw a DataFormatError. Returns the
 * slowest parse in ms and the outcome counts.
 */
export function fuzzFixture(bytes: Uint8Array, fileName: string, seed: number, runs: number): { slowest: number; ok: number; failed: number } {
  const rnd = seeded(seed);
  let slowest = 0;
  let ok = 0;
  let failed = 0;
  for (let r = 0; r < runs; r++) {
    const input = corrupt(bytes, rnd);
    const skip = rnd() < 0.3;
    const t0 = performance.now();
    try {
      const res = parseSpectra(input, { fileName, onInvalidRow: skip ? 'skip' : 'error' });
      for (const s of res.spectra) {
        expect(s.frequency.length).toBe(s.re.length);
        expect(s.frequency.length).toBe(s.im.length);
        expect(s.frequency.length).toBeGreaterThan(0);
        for (let i = 0; i < s.frequency.length; i++) {
          if (!(s.frequency[i] > 0) || !Number.isFinite(s.frequency[i]) || !Number.isFinite(s.re[i]) || !Number.isFinite(s.im[i])) {
            expect.fail(`${fileName} run ${r}: non-finite or non-positive value at point ${i}`);
          }
        }
      }
      if (res.rows.read !== res.rows.used + res.rows.skipped) expect.fail(`${fileName} run ${r}: row accounting ${JSON.stringify(res.rows)}`);
      ok++;
    } catch (e) {
      if (!(e instanceof DataFormatError)) {
        throw new Error(`${fileName} run ${r}: ${e instanceof Error ? e.stack : String(e)}`);
      }
      failed++;
    }
    const dt = performance.now() - t0;
    if (dt > slowest) slowest = dt;
  }
  return { slowest, ok, failed };
}
