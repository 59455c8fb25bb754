/**
 * Where the time of one fit goes: prepareFit, startCandidates, the Levenberg–Marquardt
 * solve (problem construction included) and the rest of fitCircuit (result stage:
 * canonical order, covariance, warnings, result objects), for R0-p(R1,CPE1)-p(R2,CPE2)
 * on 71 points of ../shared/data/bench. Each spectrum is timed stage by stage and then
 * through fitCircuit, interleaved; "rest" is fitCircuit minus the stages, per fit.
 *
 * Run: npx tsx --conditions=source bench/fit-result-stage.ts [--quick]
 */
import { compileCircuit } from '../src/circuit/compileCircuit.js';
import { fitCircuit, startCandidates } from '../src/fit/fitCircuit.js';
import { createLmWorkspace, levenbergMarquardt } from '../src/fit/lm.js';
import { CircuitProblem, prepareFit } from '../src/fit/problem.js';
import type { FitOptions } from '../src/fit/types.js';
import { readBenchBatch } from './lib/benchData.js';

const quick = process.argv.includes('--quick');


const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const model = compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
const spectra = readBenchBatch('synth_identifiable_batch1000.csv', quick ? 100 : 300);
const rounds = quick ? 3 : 8;
const workspace = createLmWorkspace(142, 7);

for (const weighting of ['unit', 'modulus'] as const) {
  const options: FitOptions = { weighting };
  const t = { prepare: [] as number[], candidates: [] as number[], solve: [] as number[], rest: [] as number[], total: [] as number[] };
  for (let r = -1; r < rounds; r++) {
    for (const s of spectra) {
      const a = performance.now();
      const setup = prepareFit(model, s, options);
      const b = performance.now();
      const starts = startCandidates(setup, options);
      const c = performance.now();
      const problem = new CircuitProblem(model, setup.spectrum.frequency, setup.spectrum.re, setup.spectrum.im, setup.weights, starts[0], setup.free, setup.transforms);
      for (const x of starts) levenbergMarquardt(problem, problem.toTransformed(x), { maxIterations: 200, geodesic: false, workspace });
      const d = performance.now();
      fitCircuit(model, s, options);
      const e = performance.now();
      if (r < 0) continue; // warm-up round
      t.prepare.push(b - a);
      t.candidates.push(c - b);
      t.solve.push(d - c);
      t.total.push(e - d);
      t.rest.push(e - d - (d - a));
    }
  }
  const us = (v: number) => `${(v * 1000).toFixed(1)} µs`;
  console.log(`${weighting} weighting, ${t.total.length} fits (medians): prepareFit ${us(median(t.prepare))}, startCandidates ${us(median(t.candidates))}, solve ${us(median(t.solve))}, rest (result stage) ${us(median(t.rest))}, fitCircuit ${us(median(t.total))}`);
}
