/**
 * Fitting benchmark: R0-p(R1,CPE1)-p(R2,CPE2), 71 points, 1000 noisy spectra
 * from ../shared/data/bench, compared with the best-known minima and
 * impedance.py's per-spectrum results. Writes bench/results/fit.md.
 *
 * Run: npx tsx --conditions=source bench/fit.ts [--quick]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileCircuit } from '../src/circuit/compileCircuit.js';
import { fitCircuit, fitCircuitRow, ROW, ROW_HEAD } from '../src/fit/fitCircuit.js';
import { CircuitProblem, planFit, prepareFit } from '../src/fit/problem.js';
import type { FitOptions, FitResult } from '../src/fit/types.js';
import type { Spectrum } from '../src/data/spectrum.js';
import { readBenchBatch, readBenchCsv } from './lib/benchData.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');



function readMinima(name: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of readBenchCsv(name)) out.set(`${r[0]}:${r[1]}`, r.slice(2).map(Number));
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
  /** Wall time of the whole timed loop (ms). */
  wallMs: number;
  cpuMsPerFit: number;
  fitsPerSecond: number;
  success: number;
  converged: number;
  medianIterations: number;
  medianEvaluations: number;
  flagged: number;
  atBound: number;
  anyFlag: number;
}

function run(label: string, spectra: Spectrum[], minima: Map<string, number[]>, objective: string, options: FitOptions, warmup = 3000): RunStats {
  const times: number[] = [];
  const iters: number[] = [];
  const evals: number[] = [];
  let success = 0;
  let converged = 0;
  let flagged = 0;
  let atBound = 0;
  let anyFlag = 0;
  // Warm-up so that the JIT has optimised the hot paths (reported numbers are steady state). After
  // only 300 fits the optimising compiler was still busy on a helper thread during the timed run:
  // process CPU time came out at 3–4× the wall time.
  for (let k = 0; k < warmup; k++) fitCircuit(model, spectra[k % spectra.length], options);
  const results: FitResult[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let s = 0; s < spectra.length; s++) {
    const a = performance.now();
    results.push(fitCircuit(model, spectra[s], options));
    times.push(performance.now() - a);
  }
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  results.forEach((fit, s) => {
    iters.push(fit.iterations);
    evals.push(fit.evaluations);
    if (fit.converged) converged++;
    if (fit.warnings.some((w) => w.code === 'NOT_IDENTIFIABLE')) flagged++;
    if (fit.warnings.some((w) => w.code === 'AT_BOUND')) atBound++;
    if (fit.warnings.some((w) => w.code === 'AT_BOUND' || w.code === 'NOT_IDENTIFIABLE')) anyFlag++;
    const ref = minima.get(`${s}:${objective}`);
    const refCost = ref ? ref[ref.length - 1] : NaN;
    if (fit.statistics.chiSquare <= refCost * (1 + 1e-6)) success++;
  });
  return {
    label,
    fits: spectra.length,
    medianMs: median(times),
    wallMs,
    cpuMsPerFit: cpuMs / spectra.length,
    fitsPerSecond: spectra.length / (cpuMs / 1000),
    success: success / spectra.length,
    converged: converged / spectra.length,
    medianIterations: median(iters),
    medianEvaluations: median(evals),
    flagged: flagged / spectra.length,
    atBound: atBound / spectra.length,
    anyFlag: anyFlag / spectra.length,
  };
}

/**
 * The same fits as `fitTable`'s workers run them: `fitCircuitRow` (numbers into a row, no
 * FitResult) with the options resolved once by `planFit`. Median wall µs per fit and median
 * iterations, after the same warm-up as {@link run}.
 */
function rowRun(spectra: Spectrum[], options: FitOptions, warmup = 3000): { medianUs: number; iterations: number } {
  const plan = planFit(model, options);
  const row = new Float64Array(ROW_HEAD + 3 * model.parameters.length);
  for (let k = 0; k < warmup; k++) fitCircuitRow(model, spectra[k % spectra.length], options, row, 0, plan);
  const times: number[] = [];
  const iters: number[] = [];
  for (let s = 0; s < spectra.length; s++) {
    const a = performance.now();
    fitCircuitRow(model, spectra[s], options, row, 0, plan);
    times.push((performance.now() - a) * 1000);
    iters.push(row[ROW.iterations]);
  }
  return { medianUs: median(times), iterations: median(iters) };
}

interface PyStats {
  label: string;
  fits: number;
  medianMs: number;
  fitsPerSecond: number;
  success: number;
}

function impedancePy(file: string, label: string, minima: Map<string, number[]>, objective: string): PyStats {
  const rows = readBenchCsv(file);
  const times = rows.map((r) => Number(r[1]) * 1000);
  let success = 0;
  for (const r of rows) {
    const ref = minima.get(`${r[0]}:${objective}`);
    if (ref && Number(r[10]) <= ref[ref.length - 1] * (1 + 1e-6)) success++;
  }
  const total = times.reduce((a, b) => a + b, 0) / 1000;
  return { label, fits: rows.length, medianMs: median(times), fitsPerSecond: rows.length / total, success: success / rows.length };
}

const n = quick ? 200 : 1000;
const load0 = loadavg();
const ident = readBenchBatch('synth_identifiable_batch1000.csv').slice(0, n);
const identMin = readMinima('reference_minima_identifiable.csv');
if (process.argv.includes('--pinned-child')) {
  // Child of the one-core measurement: both eiskit runs, wall-clock, printed as JSON.
  // A longer warm-up: on one core the optimising compiler shares the core with the fits.
  // Each run is followed by the floor measurement on the same core, so that the ratio
  // median fit / floor compares numbers taken under the same conditions.
  const unit = run('unit', ident, identMin, 'unweighted', { weighting: 'unit' }, 3000);
  const unitRow = rowRun(ident, { weighting: 'unit' });
  const unitFloor = floorTimes({ weighting: 'unit' });
  const mod = run('modulus', ident, identMin, 'modulus', { weighting: 'modulus' }, 3000);
  const modRow = rowRun(ident, { weighting: 'modulus' });
  const modFloor = floorTimes({ weighting: 'modulus' });
  const wallRate = (r: RunStats) => r.fits / (r.wallMs / 1000);
  const gauge = dotGauge();
  const out = (r: RunStats, f: { modelUs: number; problemUs: number }, row: { medianUs: number; iterations: number }) => ({
    medianMs: r.medianMs,
    rowUs: row.medianUs,
    rowIterations: row.iterations,
    rate: wallRate(r),
    modelUs: f.modelUs,
    problemUs: f.problemUs,
    iterations: r.medianIterations,
    evaluations: r.medianEvaluations,
  });
  console.log(JSON.stringify({ unit: out(unit, unitFloor, unitRow), modulus: out(mod, modFloor, modRow), dotNs: gauge }));
  process.exit(0);
}
const ours: RunStats[] = [];
ours.push(run('eiskit lm, unit weighting', ident, identMin, 'unweighted', { weighting: 'unit' }));
ours.push(run('eiskit lm, modulus weighting', ident, identMin, 'modulus', { weighting: 'modulus' }));
const mlN = quick ? 30 : 100;
ours.push(run(`ml-levenberg-marquardt (wrapped), unit, first ${mlN}`, ident.slice(0, mlN), identMin, 'unweighted', { weighting: 'unit', solver: 'ml-levenberg-marquardt', maxIterations: 1000 }, 10));
ours.push(run(`ml-levenberg-marquardt (wrapped), modulus, first ${mlN}`, ident.slice(0, mlN), identMin, 'modulus', { weighting: 'modulus', solver: 'ml-levenberg-marquardt', maxIterations: 1000 }, 10));
const py = [
  impedancePy('impedancepy_identifiable_default_fits.csv', 'impedance.py 1.7.1 default (curve_fit)', identMin, 'unweighted'),
  impedancePy('impedancepy_identifiable_weight_by_modulus_fits.csv', 'impedance.py 1.7.1 weight_by_modulus', identMin, 'modulus'),
];
const hardN = quick ? 50 : 200;
const hard = readBenchBatch('synth_as_specified_batch1000.csv').slice(0, hardN);
const hardMin = readMinima('reference_minima_as_specified.csv');
const hardRuns = [
  run(`as_specified (bulk apex 57 MHz), unit, first ${hardN}`, hard, hardMin, 'unweighted', { weighting: 'unit' }, 10),
  run(`as_specified (bulk apex 57 MHz), modulus, first ${hardN}`, hard, hardMin, 'modulus', { weighting: 'modulus' }, 10),
  run(`as_specified, unit, \`boundProbe: true\`, first ${hardN}`, hard, hardMin, 'unweighted', { weighting: 'unit', boundProbe: true }, 10),
  run(`as_specified, modulus, \`boundProbe: true\`, first ${hardN}`, hard, hardMin, 'modulus', { weighting: 'modulus', boundProbe: true }, 10),
];
const load1 = loadavg();

// Per core, literally: the same two runs in a child process pinned to one core with taskset, so
// V8's garbage-collection and compiler threads share that core with the fits (unpinned, they run on
// the other core and inflate process CPU time). Wall-clock fits/s of the pinned child = per-core rate.
interface PinnedRun {
  medianMs: number;
  rate: number;
  /** Floor inputs measured right after the run, on the same pinned core (CPU µs). */
  modelUs: number;
  problemUs: number;
  iterations: number;
  evaluations: number;
  /** The same spectra fitted as fitTable's workers do (fitCircuitRow with a plan): median µs and iterations. */
  rowUs: number;
  rowIterations: number;
}
interface PinnedRates {
  unit: PinnedRun;
  modulus: PinnedRun;
  /** Dot-product gauge on that core (ns per multiply-add). */
  dotNs: number;
  /** The core the child was pinned to. */
  core: number;
}
function pinnedRuns(core: number): PinnedRates | null {
  const taskset = spawnSync('taskset', ['--version'], { encoding: 'utf8' });
  if (taskset.error || taskset.status !== 0) return null;
  const child = spawnSync('taskset', ['-c', String(core), process.execPath, '--import', 'tsx', '--conditions=source', fileURLToPath(import.meta.url), '--pinned-child', ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    cwd: join(here, '..'),
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) return null;
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ...(JSON.parse(last) as Omit<PinnedRates, 'core'>), core };
  } catch {
    return null;
  }
}
// Pinned runs alternate between the cores (3 per core): the vCPUs of this VM are not equal (on
// 2026-12-06 core 0 ran the same fit loop, and a plain dot product, 1.5–1.7× slower than core 1),
// so a per-core figure must say which core. The median and best runs are reported, and per core.
const CORE_COUNT = cpus().length;
const pinnedAll = Array.from({ length: quick ? 2 : 3 * Math.min(CORE_COUNT, 2) }, (_, i) => pinnedRuns(i % CORE_COUNT)).filter((p): p is PinnedRates => p !== null);
const byRate = (k: 'unit' | 'modulus') => [...pinnedAll].sort((a, b) => a[k].rate - b[k].rate);
const pinned: Pick<PinnedRates, 'unit' | 'modulus'> | null = pinnedAll.length
  ? { unit: byRate('unit')[pinnedAll.length >> 1].unit, modulus: byRate('modulus')[pinnedAll.length >> 1].modulus }
  : null;
const pinnedBest: Pick<PinnedRates, 'unit' | 'modulus'> | null = pinnedAll.length
  ? { unit: byRate('unit')[pinnedAll.length - 1].unit, modulus: byRate('modulus')[pinnedAll.length - 1].modulus }
  : null;

// Physical floor: one model + Jacobian evaluation (Z and ∂Z/∂p at 71 points) at the fitted values,
// alone and as the solver sees it (weights, transforms), in CPU time; and a plain dot-product loop
// as a load gauge.
function cpuNow(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}
function floorTimes(options: FitOptions): { modelUs: number; problemUs: number } {
  const k = Math.min(ident.length, 200);
  const problems: { problem: CircuitProblem; x: Float64Array; values: Float64Array; freq: Float64Array }[] = [];
  for (let s = 0; s < k; s++) {
    const fit = fitCircuit(model, ident[s], options);
    const setup = prepareFit(model, ident[s], options);
    const values = Float64Array.from(fit.valueArray);
    const problem = new CircuitProblem(model, setup.spectrum.frequency, setup.spectrum.re, setup.spectrum.im, setup.weights, values, setup.free, setup.transforms);
    problems.push({ problem, x: problem.toTransformed(values), values, freq: setup.spectrum.frequency });
  }
  const P = model.parameters.length;
  const jOut = { re: new Float64Array(P * 71), im: new Float64Array(P * 71) };
  const zOut = { re: new Float64Array(71), im: new Float64Array(71) };
  const r = new Float64Array(142);
  const J = new Float64Array(142 * P);
  const reps = quick ? 20000 : 60000;
  const timeIt = (f: (i: number) => void) => {
    for (let i = 0; i < 2000; i++) f(i);
    const a = cpuNow();
    for (let i = 0; i < reps; i++) f(i);
    return ((cpuNow() - a) / reps) * 1000;
  };
  const modelUs = timeIt((i) => {
    const p = problems[i % k];
    model.jacobian(p.values, p.freq, jOut, zOut);
  });
  const problemUs = timeIt((i) => {
    const p = problems[i % k];
    p.problem.evaluate(p.x, r, J);
  });
  return { modelUs, problemUs };
}
const floorUnit = floorTimes({ weighting: 'unit' });
const floorMod = floorTimes({ weighting: 'modulus' });
function dotGauge(): number {
  const a = new Float64Array(4096).map((_, i) => Math.sin(i));
  const b = new Float64Array(4096).map((_, i) => Math.cos(i));
  let sink = 0;
  const reps = 5000;
  const t = cpuNow();
  for (let r = 0; r < reps; r++) {
    let s = 0;
    for (let i = 0; i < 4096; i++) s += a[i] * b[i];
    sink += s;
  }
  const ns = ((cpuNow() - t) / (reps * 4096)) * 1e6;
  return sink === 12345 ? ns + 0 : ns;
}
const dotNs = dotGauge();

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const f2 = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3));
const lines: string[] = [];
lines.push('# Fitting benchmark (bench/fit.ts)');
lines.push('');
lines.push(`Circuit \`${circuit}\`, 71 points (1 MHz → 0.1 Hz, 10/decade), 1% noise; inputs from \`../shared/data/bench\` (see its README).`);
lines.push(`Success = cost within 1e-6 relative of the best-known minimum of that seed and objective (\`reference_minima_*.csv\`).`);
lines.push(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, one thread. Load average ${load0.map((v) => v.toFixed(1)).join('/')} at start, ${load1.map((v) => v.toFixed(1)).join('/')} at end — when that is above ≈ 1, other jobs shared the 2 cores and wall times are inflated. The main table's fits/s is computed from this process's CPU time, which also counts V8's garbage-collection threads running on the other core; the one-core table below is the per-core figure.`);
lines.push(`Run: \`npx tsx --conditions=source bench/fit.ts\`${quick ? ' (--quick: subset)' : ''}. Steady state after a JIT warm-up.`);
lines.push('');
lines.push('## Identifiable batch (both arc apexes inside the window), automatic initial guesses');
lines.push('');
lines.push('| implementation | fits | median ms/fit (wall) | CPU ms/fit | fits/s per core (CPU) | reached best-known minimum | converged | median iterations | median evaluations |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of ours) lines.push(`| ${r.label} | ${r.fits} | ${f2(r.medianMs)} | ${f2(r.cpuMsPerFit)} | ${r.fitsPerSecond.toFixed(0)} | ${pct(r.success)} | ${pct(r.converged)} | ${r.medianIterations} | ${r.medianEvaluations} |`);
for (const r of py) lines.push(`| ${r.label} (their per-seed CSV, its own machine) | ${r.fits} | ${f2(r.medianMs)} | — | ${r.fitsPerSecond.toFixed(1)} | ${pct(r.success)} | — | — | — |`);
lines.push('');
if (pinned) {
  lines.push('');
  lines.push('**One core** (the two eiskit runs again, in a child process pinned to one core with `taskset -c <core>`: every V8 thread, garbage collection included, shares that core; wall-clock rate; runs alternate between the cores):');
  lines.push('');
  lines.push(`| weighting | median ms/fit (median run of ${pinnedAll.length}) | fits/s on one core (median run) | median ms/fit (best run) | fits/s on one core (best run) | fits/s of every run (core) |`);
  lines.push('|---|---:|---:|---:|---:|---|');
  for (const k of ['unit', 'modulus'] as const) {
    lines.push(`| ${k} | ${f2(pinned[k].medianMs)} | ${pinned[k].rate.toFixed(0)} | ${f2(pinnedBest![k].medianMs)} | ${pinnedBest![k].rate.toFixed(0)} | ${pinnedAll.map((p) => `${p[k].rate.toFixed(0)} (${p.core})`).join(', ')} |`);
  }
  lines.push('');
  const cores = [...new Set(pinnedAll.map((p) => p.core))].sort((a, b) => a - b);
  if (cores.length > 1) {
    lines.push('Per core (median of the runs pinned to it): the vCPUs of a shared VM need not be equal, and the dot-product gauge shows whether a difference is the machine’s:');
    lines.push('');
    lines.push('| core | runs | fits/s, unit | fits/s, modulus | dot-product gauge (ns per multiply-add) |');
    lines.push('|---:|---:|---:|---:|---:|');
    for (const c of cores) {
      const on = pinnedAll.filter((p) => p.core === c);
      lines.push(`| ${c} | ${on.length} | ${median(on.map((p) => p.unit.rate)).toFixed(0)} | ${median(on.map((p) => p.modulus.rate)).toFixed(0)} | ${median(on.map((p) => p.dotNs)).toFixed(2)} |`);
    }
    lines.push('');
  }
}
// The goal is judged on the slowest pinned run (any core), not the median.
const unitRate = pinnedAll.length ? Math.min(...pinnedAll.map((p) => p.unit.rate)) : ours[0].fitsPerSecond;
const modRate = pinnedAll.length ? Math.min(...pinnedAll.map((p) => p.modulus.rate)) : ours[1].fitsPerSecond;
const goalMet = unitRate >= 5000 && modRate >= 5000 && ours[0].medianMs <= 0.5 && ours[1].medianMs <= 0.5;
lines.push(`Goals: 100% reaching the best-known minimum under unit and modulus weighting — ${ours[0].success === 1 && ours[1].success === 1 ? 'met' : 'NOT met'}. ≥ 5000 fits/s per core and ≤ 0.5 ms median — ${goalMet ? 'met' : 'not met'} on this run (slowest pinned run: ${unitRate.toFixed(0)} and ${modRate.toFixed(0)} fits/s ${pinned ? 'on one pinned core' : 'of CPU time'}, median ${f2(ours[0].medianMs)} / ${f2(ours[1].medianMs)} ms wall) with the 2-core machine at load ≈ ${load0[0].toFixed(0)}; a plain Float64Array dot-product loop measured ${dotNs.toFixed(2)} ns per multiply-add in this run (≈ 1 ns on an idle core of this class).`);
lines.push('');
lines.push('### Physical floor');
lines.push('');
lines.push('One evaluation of Z and the analytic ∂Z/∂p at 71 points (CPU time, mean over the first 200 fitted spectra). Issue 8 defines the floor as that × the iterations used; every solver evaluation also computes the Jacobian, so the evaluation-based floor is shown too. For `R0-p(R1,CPE1)-p(R2,CPE2)` the solver’s call is a fused point-major loop (residuals and stacked Jacobian in one pass), which is why it can cost less than the model’s own per-node Jacobian:');
lines.push('');
lines.push('| weighting | model Z + ∂Z/∂p (µs) | residuals + Jacobian as the solver calls it (µs) | median iterations / evaluations | floor (issue 8) = model × iterations (ms) | floor = solver call × evaluations (ms) | median fit (ms, wall) | median fit / issue-8 floor (fit and floor timed minutes apart: see the pinned table for the like-for-like ratio) |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, fl, r] of [['unit', floorUnit, ours[0]], ['modulus', floorMod, ours[1]]] as const) {
  const floor8 = (fl.modelUs * r.medianIterations) / 1000;
  const floorEval = (fl.problemUs * r.medianEvaluations) / 1000;
  lines.push(`| ${name} | ${fl.modelUs.toFixed(2)} | ${fl.problemUs.toFixed(2)} | ${r.medianIterations} / ${r.medianEvaluations} | ${floor8.toFixed(3)} | ${floorEval.toFixed(3)} | ${f2(r.medianMs)} | ${(r.medianMs / floor8).toFixed(1)}× |`);
}
lines.push('');
if (pinnedAll.length) {
  lines.push('');
  lines.push(`Measured on the pinned core (each run's median fit and the floor measured right after it, same core; ${pinnedAll.length} runs; median of the per-run ratios):`);
  lines.push('');
  lines.push('| weighting | median fit (ms) per run (core) | model Z + ∂Z/∂p (µs) per run | solver call (µs) per run | median fit / (model × iterations) | median fit / (solver call × evaluations) | row fit as `fitTable`\'s workers run it (µs) per run | row fit / (model × iterations), per run | median |');
  lines.push('|---|---|---|---|---:|---:|---|---|---:|');
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const k of ['unit', 'modulus'] as const) {
    const runs = pinnedAll.map((p) => p[k]);
    const r8 = med(runs.map((x) => (1000 * x.medianMs) / (x.modelUs * x.iterations)));
    const rE = med(runs.map((x) => (1000 * x.medianMs) / (x.problemUs * x.evaluations)));
    const rowRatios = runs.map((x) => x.rowUs / (x.modelUs * x.rowIterations));
    lines.push(
      `| ${k} | ${pinnedAll.map((p) => `${f2(p[k].medianMs)} (${p.core})`).join(', ')} | ${runs.map((x) => x.modelUs.toFixed(1)).join(', ')} | ${runs.map((x) => x.problemUs.toFixed(1)).join(', ')} | ${r8.toFixed(2)}× | ${rE.toFixed(2)}× | ${runs.map((x) => x.rowUs.toFixed(1)).join(', ')} | ${rowRatios.map((x) => x.toFixed(2)).join(', ')} | ${med(rowRatios).toFixed(2)}× |`,
    );
  }
}
lines.push('');
lines.push('The rest of a fit: JᵀJ and the damped Cholesky solve per iteration, the automatic initial guess, input validation and weights, and the result stage (one covariance, canonical arc order, warnings, residuals). See docs/fitting.md, "Benchmark summary".');
lines.push('');
lines.push('impedance.py starts from the ground-truth-derived guess in `ground_truth.json`; eiskit starts from its own automatic guess (no initial values).');
lines.push('The ml-levenberg-marquardt rows use the wrapper in `src/fit/mlSolver.ts` (free, log/logit-transformed parameters, analytic Jacobian, no `weights` option) from the same automatic guesses; it has no relative stopping rule and runs until `maxIterations`, which makes it slow.');
lines.push('');
lines.push('## Hard case: bulk arc apex above the top frequency (identifiability, not speed)');
lines.push('');
lines.push('| run | fits | NOT_IDENTIFIABLE raised | AT_BOUND raised | either flag | converged | reached best-known minimum | median ms/fit (wall) |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of hardRuns) lines.push(`| ${r.label} | ${r.fits} | ${pct(r.flagged)} | ${pct(r.atBound)} | ${pct(r.anyFlag)} | ${pct(r.converged)} | ${pct(r.success)} | ${f2(r.medianMs)} |`);
const idFalse = ours.slice(0, 2).map((r) => pct(r.flagged)).join(' / ');
lines.push('');
lines.push(`False alarms on the identifiable batch (NOT_IDENTIFIABLE raised, unit / modulus): ${idFalse}.`);
lines.push('');
lines.push('Here R0 and R1 cannot be separated (only R0 + R1 is determined); the fit reports NOT_IDENTIFIABLE with the determined sum, or AT_BOUND when an exponent runs to 1. Non-convergence here means the solver walked along a flat valley until `maxIterations` (default 100·(n + 1) = 800 for 7 free parameters; 200 before 2026-12-06); values are still finite and flagged. Most of those minima lie on the boundary R0 = 0, which the solver’s log coordinate reaches only at −∞; with the default limit most walks end on the cost test with R0 a few decades below its start and the boundary minimum’s cost. `boundProbe: true` (off by default) holds each [0, ∞) parameter at 0 in turn after a non-converged solve, or one in which such a parameter fell more than three decades, and keeps a converged, no-higher-cost result, reported with AT_BOUND.');
const text = lines.join('\n') + '\n';
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'fit.md'), text);
console.log(text);
