/**
 * Same-process A/B of whole fits: another checkout of eiskit (an older commit, with its own
 * node_modules) against this working tree, on the same spectra and core, interleaved rounds.
 * Not part of `npm run bench` (bench/run.ts runs only bench/*.ts).
 *
 *   git worktree add /tmp/old <ref> && ln -s "$PWD/node_modules" /tmp/old/node_modules
 *   taskset -c 0 npx tsx --conditions=source bench/ab/fit-ab.ts /tmp/old [rounds] [batch file] [count] [unit|modulus]
 *
 * Prints the median µs per fit of `fitCircuit` (both sides) and of the row fit (`fitCircuitRow`;
 * this side with a `planFit` plan when it has one), the median of the per-round ratios, and
 * compares χ² and iteration counts fit by fit.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { fitCircuit, fitCircuitRow, ROW_HEAD } from '../../src/fit/fitCircuit.js';
import { planFit } from '../../src/fit/problem.js';
import type { FitOptions } from '../../src/fit/types.js';
import { readBenchBatch } from '../lib/benchData.js';

const [oldRoot, roundsArg, file, countArg, weighting] = process.argv.slice(2);
if (!oldRoot) {
  console.error('usage: bench/ab/fit-ab.ts <other checkout> [rounds] [batch file] [count] [unit|modulus]');
  process.exit(2);
}
type AnyFn = (...args: unknown[]) => unknown;
const load = async (rel: string): Promise<Record<string, AnyFn>> => (await import(pathToFileURL(join(oldRoot, rel)).href)) as Record<string, AnyFn>;
const oldFit = await load('src/fit/fitCircuit.ts');
const oldCompile = await load('src/circuit/compileCircuit.ts');
const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const mNew = compileCircuit(circuit);
const mOld = oldCompile.compileCircuit(circuit);
const spectra = readBenchBatch(file ?? 'synth_identifiable_batch1000.csv', Number(countArg ?? 1000));
const opts: FitOptions = weighting === 'modulus' ? { weighting: 'modulus' } : {};
const row = new Float64Array(ROW_HEAD + 3 * mNew.parameters.length);
const plan = planFit(mNew, opts);
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const runs: Record<string, () => void> = {
  oldFull: () => spectra.forEach((s) => oldFit.fitCircuit(mOld, s, opts)),
  newFull: () => spectra.forEach((s) => fitCircuit(mNew, s, opts)),
  oldRow: () => spectra.forEach((s) => oldFit.fitCircuitRow(mOld, s, opts, row, 0)),
  newRow: () => spectra.forEach((s) => fitCircuitRow(mNew, s, opts, row, 0, plan)),
};
for (let w = 0; w < 3; w++) for (const f of Object.values(runs)) f();
const T: Record<string, number[]> = {};
for (let r = 0; r < Number(roundsArg ?? 9); r++) {
  for (const [k, f] of Object.entries(runs)) {
    const t = performance.now();
    f();
    (T[k] ??= []).push(((performance.now() - t) / spectra.length) * 1000);
  }
}
const ratio = (a: string, b: string) => med(T[a].map((x, i) => x / T[b][i]));
console.log(
  `fitCircuit: old ${med(T.oldFull).toFixed(1)} µs, new ${med(T.newFull).toFixed(1)} µs, old/new ${ratio('oldFull', 'newFull').toFixed(2)}×; ` +
    `row fit: old ${med(T.oldRow).toFixed(1)} µs, new ${med(T.newRow).toFixed(1)} µs, old/new ${ratio('oldRow', 'newRow').toFixed(2)}×`,
);
let worst = 0;
let iterDiff = 0;
for (const s of spectra) {
  const a = oldFit.fitCircuit(mOld, s, opts) as { statistics: { chiSquare: number }; iterations: number };
  const b = fitCircuit(mNew, s, opts);
  worst = Math.max(worst, Math.abs(a.statistics.chiSquare - b.statistics.chiSquare) / a.statistics.chiSquare);
  if (a.iterations !== b.iterations) iterDiff++;
}
console.log(`χ² old vs new: max relative difference ${worst.toExponential(2)}; fits with another iteration count: ${iterDiff} of ${spectra.length}`);
