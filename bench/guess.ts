/**
 * Automatic initial guess benchmark: time per `guessCandidates` call for
 * R0-p(R1,CPE1)-p(R2,CPE2) on the 1000 spectra of ../shared/data/bench
 * (identifiable batch: one candidate each; as-specified batch: the bulk arc is
 * above the window, so the alternatives are built too).
 *
 * With `--ab <file>` it also times another implementation of guess.ts (e.g. a
 * copy of an older version) in the same process, interleaved, checks whether
 * both give bit-identical start vectors, and compares whole fits (guess, then
 * fitCircuit from that guess as `initial`) under unit and modulus weighting:
 * time per fit and solver evaluations.
 *
 * Run: npx tsx --conditions=source bench/guess.ts [--ab /tmp/guess_orig.ts]
 */
import { cpus } from 'node:os';
import { compileCircuit } from '../src/circuit/compileCircuit.js';
import * as current from '../src/fit/guess.js';
import { fitCircuit } from '../src/fit/fitCircuit.js';
import type { CircuitModel } from '../src/circuit/types.js';
import type { Spectrum } from '../src/data/spectrum.js';
import { readBenchBatch } from './lib/benchData.js';

type GuessFn = (model: CircuitModel, spectrum: Spectrum) => Float64Array[];



const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Mean µs per call over one pass through all spectra. */
function pass(fn: GuessFn, model: CircuitModel, spectra: Spectrum[], reps: number): number {
  let sink = 0;
  const t = performance.now();
  for (let r = 0; r < reps; r++) for (let s = 0; s < spectra.length; s++) sink += fn(model, spectra[s]).length;
  const us = ((performance.now() - t) * 1000) / (reps * spectra.length);
  return sink < 0 ? NaN : us;
}

const abIndex = process.argv.indexOf('--ab');
const other: GuessFn | undefined = abIndex > 0 ? (await import(process.argv[abIndex + 1])).guessCandidates : undefined;
const model = compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
const batches: [string, Spectrum[]][] = [
  ['identifiable (1 candidate)', readBenchBatch('synth_identifiable_batch1000.csv')],
  ['as_specified (bulk apex above window, alternatives)', readBenchBatch('synth_as_specified_batch1000.csv')],
];

const lines: string[] = [];
lines.push(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, tsx; ${other ? 'A/B in one process, interleaved rounds, ' : ''}median over rounds of the mean µs per call.`);
lines.push('');
lines.push(other ? '| batch | other (µs/call) | current (µs/call) | ratio | bit-identical |' : '| batch | µs/call |');
lines.push(other ? '|---|---:|---:|---:|---|' : '|---|---:|');
for (const [label, spectra] of batches) {
  let identical = true;
  if (other) {
    for (const s of spectra) {
      const a = other(model, s);
      const b = current.guessCandidates(model, s);
      if (a.length !== b.length || a.some((v, k) => v.some((x, j) => !Object.is(x, b[k][j])))) identical = false;
    }
  }
  const reps = 3;
  for (let w = 0; w < 3; w++) {
    pass(current.guessCandidates, model, spectra, 1);
    if (other) pass(other, model, spectra, 1);
  }
  const tc: number[] = [];
  const to: number[] = [];
  for (let round = 0; round < 15; round++) {
    if (round % 2) {
      tc.push(pass(current.guessCandidates, model, spectra, reps));
      if (other) to.push(pass(other, model, spectra, reps));
    } else {
      if (other) to.push(pass(other, model, spectra, reps));
      tc.push(pass(current.guessCandidates, model, spectra, reps));
    }
  }
  const c = median(tc);
  if (other) {
    const o = median(to);
    lines.push(`| ${label} | ${o.toFixed(2)} | ${c.toFixed(2)} | ${(o / c).toFixed(2)}× | ${identical ? 'yes' : 'NO'} |`);
  } else lines.push(`| ${label} | ${c.toFixed(2)} |`);
}
if (other) {
  // Whole fits: guess + LM from it, both pipelines interleaved on the same spectra.
  const spectra = batches[0][1].slice(0, 300);
  const keys = model.parameters.map((p) => p.key);
  const fitFrom = (fn: GuessFn, s: Spectrum, weighting: 'unit' | 'modulus') => {
    const g = fn(model, s)[0];
    const initial: Record<string, number> = {};
    for (let j = 0; j < keys.length; j++) initial[keys[j]] = g[j];
    return fitCircuit(model, s, { weighting, initial });
  };
  lines.push('');
  lines.push('Whole fit (guess + fitCircuit from it), first 300 identifiable spectra, interleaved rounds:');
  lines.push('');
  lines.push('| weighting | other: µs/fit | current: µs/fit | ratio | other: mean / median evaluations | current: mean / median evaluations |');
  lines.push('|---|---:|---:|---:|---:|---:|');
  for (const weighting of ['unit', 'modulus'] as const) {
    const evals = (fn: GuessFn) => {
      const e = spectra.map((s) => fitFrom(fn, s, weighting).evaluations);
      return `${(e.reduce((a, b) => a + b, 0) / e.length).toFixed(2)} / ${median(e)}`;
    };
    const eo = evals(other);
    const ec = evals(current.guessCandidates);
    const time = (fn: GuessFn) => {
      let sink = 0;
      const t = performance.now();
      for (const s of spectra) sink += fitFrom(fn, s, weighting).evaluations;
      return sink < 0 ? NaN : ((performance.now() - t) * 1000) / spectra.length;
    };
    const to: number[] = [];
    const tc: number[] = [];
    for (let round = 0; round < 11; round++) {
      if (round % 2) {
        tc.push(time(current.guessCandidates));
        to.push(time(other));
      } else {
        to.push(time(other));
        tc.push(time(current.guessCandidates));
      }
    }
    const o = median(to.slice(1));
    const c = median(tc.slice(1));
    lines.push(`| ${weighting} | ${o.toFixed(1)} | ${c.toFixed(1)} | ${(o / c).toFixed(2)}× | ${eo} | ${ec} |`);
  }
}
console.log(lines.join('\n'));
