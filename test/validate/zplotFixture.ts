import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Spectrum } from '../../src/data/spectrum.js';

/**
 * Tiny local ZPlot reader for the lin-KK fixture (the real loader lives in
 * src/data): data rows follow `End Comments`, tab separated; columns Freq,
 * Ampl, Bias, Time, Z'(a), Z''(b), … with Z'' the imaginary part, true sign.
 */
export function readZPlotFixture(name: string): Spectrum {
  const path = fileURLToPath(new URL(`../fixtures/zplot-z/${name}`, import.meta.url));
  const lines = readFileSync(path, 'latin1').split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === 'End Comments');
  if (start < 0) throw new Error(`${name}: no "End Comments" line`);
  const f: number[] = [];
  const re: number[] = [];
  const im: number[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) continue;
    const cols = line.split('\t').map(Number);
    if (cols.length < 6 || cols.some((x) => !Number.isFinite(x))) throw new Error(`${name}: bad row ${line}`);
    f.push(cols[0]);
    re.push(cols[4]);
    im.push(cols[5]);
  }
  return { frequency: Float64Array.from(f), re: Float64Array.from(re), im: Float64Array.from(im) };
}

/** Reads a JSON file from test/fixtures/expected. */
export function readExpected<T>(name: string): T {
  const path = fileURLToPath(new URL(`../fixtures/expected/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
