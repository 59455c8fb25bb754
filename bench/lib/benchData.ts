/**
 * Readers of the benchmark inputs in ../shared/data/bench (see its README),
 * shared by the bench scripts. Not a benchmark itself: `bench/run.ts` runs only
 * the files directly in bench/.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Spectrum } from '../../src/data/spectrum.js';

/** ../shared/data/bench, next to the repository. */
export const BENCH_DATA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'bench');

/** Data rows of a CSV file in {@link BENCH_DATA} (header dropped), split on commas. */
export function readBenchCsv(name: string): string[][] {
  return readFileSync(join(BENCH_DATA, name), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
}

/**
 * The spectra of a batch file (columns seed, frequency, re, im), one per seed in
 * increasing seed order.
 *
 * @param name - file name in {@link BENCH_DATA}
 * @param limit - keep only the first `limit` seeds
 * @returns spectra `{ frequency, re, im }`
 */
export function readBenchBatch(name: string, limit = Infinity): Spectrum[] {
  const bySeed = new Map<number, number[][]>();
  for (const r of readBenchCsv(name)) {
    const s = Number(r[0]);
    const list = bySeed.get(s) ?? [];
    list.push([Number(r[1]), Number(r[2]), Number(r[3])]);
    bySeed.set(s, list);
  }
  return [...bySeed.keys()]
    .sort((a, b) => a - b)
    .slice(0, limit)
    .map((s) => {
      const pts = bySeed.get(s)!;
      return { frequency: Float64Array.from(pts, (p) => p[0]), re: Float64Array.from(pts, (p) => p[1]), im: Float64Array.from(pts, (p) => p[2]) };
    });
}
