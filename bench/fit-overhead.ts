/**
 * Per-fit overhead A/B: the current `fitCircuit` against a reference checkout of an earlier
 * commit at /tmp/orig_fit (`git worktree add /tmp/orig_fit <commit>` and
 * `ln -s $PWD/node_modules /tmp/orig_fit/node_modules`), in one process, on
 * R0-p(R1,CPE1)-p(R2,CPE2) with the 1000 spectra (71 points) of
 * ../shared/data/bench/synth_identifiable_batch1000.csv, under 'unit' and 'modulus' weighting.
 *
 * 1. Bit-identity: every result of both versions is compared field by field (values with
 *    Object.is, χ², every stderr, covariance and correlation entry, fitted and relative
 *    residuals, iterations, evaluations, converged, reason, warning codes and messages).
 * 2. Speed: old and new alternate round by round (order flipped every round) over all
 *    spectra; medians of the per-fit µs of each round and the median of the per-round ratios.
 * 3. Allocation: JS heap + ArrayBuffer growth over 200 fits, median of the repeats in which no
 *    scavenge ran (no forced GC: a full GC throws away optimised code). Reliable with a large
 *    young generation: `node --min-semi-space-size=64 --max-semi-space-size=64 --import tsx
 *    --conditions=source bench/fit-overhead.ts`.
 *
 * Each version fits a model compiled by its own `compileCircuit` (the fused chain loop looks its
 * layout up per model, so a model from the other tree would silently take the generic path).
 *
 * Without /tmp/orig_fit only the new version is timed (a note says so).
 *
 * Run: taskset -c 0 npx tsx --conditions=source bench/fit-overhead.ts [--quick]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileCircuit } from '../src/circuit/compileCircuit.js';
import type { CircuitModel } from '../src/circuit/types.js';
import type { Spectrum } from '../src/data/spectrum.js';
import { fitCircuit } from '../src/fit/fitCircuit.js';
import type { FitOptions, FitResult } from '../src/fit/types.js';
import { readBenchBatch } from './lib/benchData.js';

type FitFn = (circuit: string | CircuitModel, spectrum: Spectrum, options?: FitOptions) => FitResult;

const quick = process.argv.includes('--quick');
/** Reference checkout (override with FIT_OVERHEAD_ORIG, e.g. for an A/A run against a second copy of the same commit). */
const ORIG = process.env.FIT_OVERHEAD_ORIG ?? '/tmp/orig_fit';


const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** First difference between two results, or null when bitwise identical in every compared field. */
function difference(a: FitResult, b: FitResult): string | null {
  const same = (x: unknown, y: unknown) => Object.is(x, y);
  const arrays = (name: string, x: ArrayLike<number | null> | null, y: ArrayLike<number | null> | null): string | null => {
    if (x === null || y === null) return x === y ? null : `${name}: null vs array`;
    if (x.length !== y.length) return `${name}: length ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!same(x[i], y[i])) return `${name}[${i}]: ${x[i]} vs ${y[i]}`;
    return null;
  };
  const scalars: [string, unknown, unknown][] = [
    ['chiSquare', a.statistics.chiSquare, b.statistics.chiSquare],
    ['reducedChiSquare', a.statistics.reducedChiSquare, b.statistics.reducedChiSquare],
    ['aic', a.statistics.aic, b.statistics.aic],
    ['bic', a.statistics.bic, b.statistics.bic],
    ['iterations', a.iterations, b.iterations],
    ['evaluations', a.evaluations, b.evaluations],
    ['converged', a.converged, b.converged],
    ['reason', a.reason, b.reason],
    ['reordered', a.reordered, b.reordered],
    ['reachedBest', a.multistart.reachedBest, b.multistart.reachedBest],
  ];
  for (const [name, x, y] of scalars) if (!same(x, y)) return `${name}: ${String(x)} vs ${String(y)}`;
  const checks = [
    arrays('valueArray', a.valueArray, b.valueArray),
    arrays('stderr', a.parameters.map((p) => p.stderr), b.parameters.map((p) => p.stderr)),
    arrays('ci95', a.parameters.flatMap((p) => p.ci95 ?? [NaN, NaN]), b.parameters.flatMap((p) => p.ci95 ?? [NaN, NaN])),
    arrays('initial', a.parameters.map((p) => p.initial), b.parameters.map((p) => p.initial)),
    arrays('covariance', a.covariance.flat(), b.covariance.flat()),
    arrays('correlation', a.correlation.flat(), b.correlation.flat()),
    arrays('fitted.re', a.fitted.re, b.fitted.re),
    arrays('fitted.im', a.fitted.im, b.fitted.im),
    arrays('residuals.re', a.residuals.re, b.residuals.re),
    arrays('residuals.im', a.residuals.im, b.residuals.im),
    arrays('residuals.frequency', a.residuals.frequency, b.residuals.frequency),
  ];
  for (const c of checks) if (c) return c;
  const flags = (r: FitResult) => r.parameters.map((p) => `${p.atBound}/${p.identifiable}/${p.fixed}`).join(',');
  if (flags(a) !== flags(b)) return `flags: ${flags(a)} vs ${flags(b)}`;
  const warn = (r: FitResult) => r.warnings.map((w) => `${w.code}[${w.parameters.join(',')}] ${w.message}`).join(' | ');
  if (warn(a) !== warn(b)) return `warnings: ${warn(a)} vs ${warn(b)}`;
  return null;
}

/**
 * Bytes allocated per fit (JS heap + ArrayBuffers): median over the repeats of `count` fits in
 * which neither figure went down (no scavenge in between); NaN when every repeat saw one.
 */
function allocationPerFit(fit: FitFn, model: CircuitModel, spectra: Spectrum[], options: FitOptions, count: number): number {
  const all: number[] = [];
  for (let rep = 0; rep < 15; rep++) {
    const m0 = process.memoryUsage();
    for (let k = 0; k < count; k++) fit(model, spectra[(rep * count + k) % spectra.length], options);
    const m1 = process.memoryUsage();
    const heap = m1.heapUsed - m0.heapUsed;
    const buffers = m1.arrayBuffers - m0.arrayBuffers;
    if (heap >= 0 && buffers >= 0) all.push((heap + buffers) / count);
  }
  return all.length ? median(all) : NaN;
}

async function main(): Promise<void> {
  const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
  const model = compileCircuit(circuit);
  let oldModel = model;
  const spectra = readBenchBatch('synth_identifiable_batch1000.csv');
  const origPath = join(ORIG, 'src', 'fit', 'fitCircuit.ts');
  let oldFit: FitFn | null = null;
  if (existsSync(origPath)) {
    oldFit = ((await import(pathToFileURL(origPath).href)) as { fitCircuit: FitFn }).fitCircuit;
    const oldCompile = ((await import(pathToFileURL(join(ORIG, 'src', 'circuit', 'compileCircuit.ts')).href)) as { compileCircuit: typeof compileCircuit }).compileCircuit;
    oldModel = oldCompile(circuit);
  } else {
    console.log(`note: ${ORIG} does not exist, so there is no A/B (create it with \`git worktree add ${ORIG} <commit>\`); timing the current code only.`);
  }
  const newFit: FitFn = fitCircuit;
  if (oldFit) {
    // Wider bit-identity coverage (no timing): the hard batch (bulk arc above the top frequency:
    // parameters at bounds, non-identifiable, the eigen path of the covariance) and other options.
    const hard = readBenchBatch('synth_as_specified_batch1000.csv');
    const variants: [string, Spectrum[], FitOptions][] = [
      ['hard batch, unit', hard, { weighting: 'unit' }],
      ['hard batch, modulus', hard, { weighting: 'modulus' }],
      ['hard batch[0:300], modulus + boundProbe', hard.slice(0, 300), { weighting: 'modulus', boundProbe: true }],
      ['identifiable[0:200], proportional + multistart 3', spectra.slice(0, 200), { weighting: 'proportional', multistart: 3 }],
      ['identifiable[0:200], boukamp', spectra.slice(0, 200), { weighting: 'boukamp' }],
      ['hard batch[0:200], fixed R0 + bounds', hard.slice(0, 200), { fixed: { R0: 10 }, bounds: { CPE1_1: [0.5, 1] } }],
    ];
    for (const [label, list, options] of variants) {
      let diffs = 0;
      let first = '';
      for (let s = 0; s < list.length; s++) {
        const d = difference(oldFit(oldModel, list[s], options), newFit(model, list[s], options));
        if (d) {
          if (!diffs) first = `spectrum ${s}: ${d}`;
          diffs++;
        }
      }
      console.log(`${label}: bit-identity ${diffs === 0 ? 'OK' : 'FAILED'} — ${list.length - diffs}/${list.length} results identical${diffs ? ` (first: ${first})` : ''}`);
    }
  }
  const rounds = quick ? 6 : 20;
  console.log(`R0-p(R1,CPE1)-p(R2,CPE2), ${spectra.length} spectra × 71 points, ${rounds} interleaved rounds per weighting, Node ${process.version}`);
  for (const weighting of ['unit', 'modulus'] as const) {
    const options: FitOptions = { weighting };
    // Bit-identity over every spectrum (also the warm-up).
    if (oldFit) {
      let diffs = 0;
      let first = '';
      for (let s = 0; s < spectra.length; s++) {
        const d = difference(oldFit(oldModel, spectra[s], options), newFit(model, spectra[s], options));
        if (d) {
          if (!diffs) first = `spectrum ${s}: ${d}`;
          diffs++;
        }
      }
      console.log(`${weighting}: bit-identity ${diffs === 0 ? 'OK' : 'FAILED'} — ${spectra.length - diffs}/${spectra.length} results identical${diffs ? ` (first: ${first})` : ''}`);
    }
    // Same warm-up for both: one more pass each (the identity check was the first).
    for (let s = 0; s < spectra.length; s++) newFit(model, spectra[s], options);
    if (oldFit) for (let s = 0; s < spectra.length; s++) oldFit(oldModel, spectra[s], options);
    const tOld: number[] = [];
    const tNew: number[] = [];
    const ratios: number[] = [];
    const pass = (fit: FitFn) => {
      const mdl = fit === newFit ? model : oldModel;
      const a = performance.now();
      for (let s = 0; s < spectra.length; s++) fit(mdl, spectra[s], options);
      return ((performance.now() - a) * 1000) / spectra.length;
    };
    for (let r = 0; r < rounds; r++) {
      if (oldFit) {
        let o: number;
        let n: number;
        if (r % 2 === 0) {
          o = pass(oldFit);
          n = pass(newFit);
        } else {
          n = pass(newFit);
          o = pass(oldFit);
        }
        tOld.push(o);
        tNew.push(n);
        ratios.push(o / n);
      } else tNew.push(pass(newFit));
    }
    const us = (v: number) => `${v.toFixed(1)} µs`;
    if (oldFit) {
      console.log(
        `${weighting}: per fit old ${us(median(tOld))}, new ${us(median(tNew))} (medians of ${rounds} rounds); old/new ${(median(tOld) / median(tNew)).toFixed(3)}×, median per-round ratio ${median(ratios).toFixed(3)}× (range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
      );
    } else console.log(`${weighting}: per fit ${us(median(tNew))} (median of ${rounds} rounds)`);
    const bNew = allocationPerFit(newFit, model, spectra, options, 200);
    const bOld = oldFit ? allocationPerFit(oldFit, oldModel, spectra, options, 200) : NaN;
    console.log(`${weighting}: allocated per fit${oldFit ? ` old ${(bOld / 1024).toFixed(1)} kB,` : ''} new ${(bNew / 1024).toFixed(1)} kB (JS heap + ArrayBuffers, median of the 200-fit repeats without a scavenge)`);
  }
}

await main();
