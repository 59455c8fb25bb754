/**
 * Batch and streaming fit benchmark (issue 8).
 *
 * Input: ../shared/data/bench/synth_identifiable_batch1000.csv (1000 noisy
 * spectra of R0-p(R1,CPE1)-p(R2,CPE2), 71 points) and
 * reference_minima_identifiable.csv (best-known unweighted cost per seed).
 *
 * Reports: single-fit latency; fits/s on 1 worker and on all cores, scaling
 * efficiency; two machine ceilings (a CPU-bound loop, and fitCircuit in bare
 * workers without the pool); where the CPU goes per fit (main thread, worker
 * threads, V8 helper threads; Linux /proc), worker idle time, main-thread
 * codec time and bytes per fit; peak RSS; success rate (cost within 1e-6
 * relative of the reference minimum); the physical floor (one model +
 * Jacobian evaluation × iterations used); a streaming run of STREAM_COUNT
 * spectra (default 100 000, generated on the fly by cycling the 1000) with
 * default options and RSS over time. The same throughput, scaling, per-core and
 * CPU-split figures for fitTable (lean rows instead of a FitResult per spectrum).
 *
 * Run: npx tsx --conditions=source bench/batch.ts [streamCount]
 * Writes bench/results/batch.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { runInNewContext } from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCircuit } from '../src/circuit/compileCircuit.js';
import type { Spectrum } from '../src/data/spectrum.js';
import { fitBatch } from '../src/fit/batch/fitBatch.js';
import { createFitPool } from '../src/fit/batch/fitPool.js';
import type { FitPool } from '../src/fit/batch/fitPool.js';
import type { BatchRunStats } from '../src/fit/batch/fitRunner.js';
import { fitStream } from '../src/fit/batch/fitStream.js';
import { fitTable } from '../src/fit/batch/fitTable.js';
import { decodeFitResults, encodeFitResults, wireTransfer } from '../src/fit/batch/resultCodec.js';
import { fitCircuit, fitCircuitRow, ROW_HEAD } from '../src/fit/fitCircuit.js';
import { planFit } from '../src/fit/problem.js';
import type { FitResult } from '../src/fit/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data', 'bench');
const CIRCUIT = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const STREAM_COUNT = Number(process.argv[2] ?? process.env.BATCH_STREAM_COUNT ?? 100_000);
const CORES = os.availableParallelism();

function readSpectra(): Spectrum[] {
  const lines = readFileSync(join(data, 'synth_identifiable_batch1000.csv'), 'utf8').trim().split('\n');
  const rows = new Map<number, number[][]>();
  for (const line of lines.slice(1)) {
    const [seed, f, re, im] = line.split(',').map(Number);
    let r = rows.get(seed);
    if (!r) rows.set(seed, (r = []));
    r.push([f, re, im]);
  }
  return [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([seed, r]) => ({
      frequency: Float64Array.from(r, (x) => x[0]),
      re: Float64Array.from(r, (x) => x[1]),
      im: Float64Array.from(r, (x) => x[2]),
      meta: { label: `seed ${seed}` },
    }));
}

function readReference(): number[] {
  const lines = readFileSync(join(data, 'reference_minima_identifiable.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const ci = header.indexOf('cost');
  const ref: number[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells[1] === 'unweighted') ref[Number(cells[0])] = Number(cells[ci]);
  }
  return ref;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const spectra = readSpectra();
const reference = readReference();
const model = compileCircuit(CIRCUIT);
/** The streaming run (in the child process): RSS and main-thread heap every 1000 spectra. */
async function streamRun(count: number, rows = false) {
  async function* generate(): AsyncGenerator<Spectrum> {
    for (let i = 0; i < count; i++) {
      const s = spectra[i % spectra.length];
      yield { frequency: s.frequency.slice(), re: s.re.slice(), im: s.im.slice() };
    }
  }
  // A main-thread gc() for live-heap samples (workers' heaps show in RSS only).
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const samples: { n: number; rss: number; heap: number; t: number }[] = [];
  let streamOk = 0;
  let seen = 0;
  const ts = performance.now();
  const items: AsyncIterable<{ ok: boolean }> = rows ? fitStream(generate(), CIRCUIT, { workers: CORES, output: 'rows' }) : fitStream(generate(), CIRCUIT, { workers: CORES });
  for await (const item of items) {
    if (item.ok) streamOk++;
    seen++;
    if (seen % 1000 === 0) {
      if (seen % 10_000 === 0) gc();
      const m = process.memoryUsage();
      samples.push({ n: seen, rss: m.rss, heap: m.heapUsed, t: performance.now() - ts });
    }
  }
  return { samples, streamOk, streamSeconds: (performance.now() - ts) / 1000, peakRss: process.resourceUsage().maxRSS * 1024 };
}
/**
 * Steady-state fits/s of fitStream over 8000 spectra on a warm pool, each result consumed
 * (its χ² read) and dropped, as a long campaign writes rows and moves on (from 1/4 to 9/10
 * of the run). Unlike fitBatch, the main thread keeps no results alive.
 */
async function streamRate(pool: FitPool, rows = false): Promise<number> {
  const count = 8000;
  async function* generate(): AsyncGenerator<Spectrum> {
    for (let i = 0; i < count; i++) yield spectra[i % spectra.length];
  }
  let seen = 0;
  let sink = 0;
  let a: { t: number; n: number } | undefined;
  let b: { t: number; n: number } | undefined;
  const items = rows ? fitStream(generate(), CIRCUIT, { pool, output: 'rows' }) : fitStream(generate(), CIRCUIT, { pool });
  for await (const item of items) {
    if (item.ok) sink += 'row' in item ? item.row.chiSquare : item.result.statistics.chiSquare;
    seen++;
    if (!a && seen >= count / 4) a = { t: performance.now(), n: seen };
    else if (a && !b && seen >= 0.9 * count) b = { t: performance.now(), n: seen };
  }
  if (!(sink > 0)) throw new Error('stream: no results');
  return a && b && b.t > a.t ? ((b.n - a.n) * 1000) / (b.t - a.t) : NaN;
}
/** Steady-state fits/s of one fitBatch (or fitTable) of 4000 spectra on a warm pool (from 1/4 to 9/10 of the run). */
async function steadyRate(pool: FitPool | undefined, table = false): Promise<number> {
  const input = [...spectra, ...spectra, ...spectra, ...spectra];
  let a: { t: number; n: number } | undefined;
  let b: { t: number; n: number } | undefined;
  await (table ? fitTable : fitBatch)(input, CIRCUIT, {
    ...(pool ? { pool } : { workers: 0 }),
    onProgress: (pr) => {
      const t = performance.now();
      if (!a && pr.completed >= input.length / 4) a = { t, n: pr.completed };
      else if (a && !b && pr.completed >= 0.9 * input.length && pr.completed < input.length) b = { t, n: pr.completed };
    },
  });
  return a && b && b.t > a.t ? ((b.n - a.n) * 1000) / (b.t - a.t) : NaN;
}
if (process.argv[3] === '--one-core-child') {
  // The whole process (main thread, 1 worker, V8 helper threads) on one core: the per-core rate.
  const pool = await createFitPool({ workers: 1 });
  await fitBatch([...spectra, ...spectra, ...spectra], CIRCUIT, { pool });
  const rate = await steadyRate(pool);
  await fitTable([...spectra, ...spectra, ...spectra], CIRCUIT, { pool });
  const table = await steadyRate(pool, true);
  await pool.close();
  // The same on the calling thread (workers: 0: no worker, no messages), as a 1-core user would run it.
  await fitBatch([...spectra, ...spectra, ...spectra], CIRCUIT, { workers: 0 });
  const here = await steadyRate(undefined);
  console.log(`ONECORE ${JSON.stringify({ pool: rate, thread: here, table })}`);
  process.exit(0);
}
if (process.argv[3] === '--core-loop-child') {
  // Machine ceiling 3 (see below): a plain fitCircuit loop in a process pinned to one core;
  // after a warm-up it waits for a common start time so that two such children overlap exactly.
  const [startAt, ms] = [Number(process.argv[4]), Number(process.argv[5])];
  for (let i = 0; i < 3000; i++) fitCircuit(model, spectra[i % spectra.length]);
  while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  let k = 0;
  while (performance.now() - t0 < ms) fitCircuit(model, spectra[k++ % spectra.length]);
  console.log(`CORELOOP ${(k * 1000) / (performance.now() - t0)}`);
  process.exit(0);
}
if (process.argv[3] === '--stream-child') {
  console.log(`STREAM ${JSON.stringify(await streamRun(STREAM_COUNT, process.argv[4] === 'rows'))}`);
  process.exit(0);
}
console.log(`batch bench: ${spectra.length} spectra, ${CORES} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

function cpuNow0(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

// 1. Single-fit latency in the calling thread (after a warm-up pass).
// 3000 warm-up fits: after only 200 the optimising compiler was still at work on a helper
// thread during the timed loop (process CPU time 3.5× the wall time, latency 1.5× too high).
for (let i = 0; i < 3000; i++) fitCircuit(model, spectra[i % spectra.length]);
const latency: number[] = [];
const iterations: number[] = [];
const evaluations: number[] = [];
let reached = 0;
let converged = 0;
const singleCpu0 = cpuNow0();
for (let i = 0; i < spectra.length; i++) {
  const t0 = performance.now();
  const r = fitCircuit(model, spectra[i]);
  latency.push((performance.now() - t0) * 1000);
  iterations.push(r.iterations);
  evaluations.push(r.evaluations);
  if (r.converged) converged++;
  if (r.statistics.chiSquare <= reference[i] * (1 + 1e-6)) reached++;
}

const singleCpuUs = ((cpuNow0() - singleCpu0) * 1000) / spectra.length;

// 2. Physical floor: one model + Jacobian evaluation (value and 7 columns, 71 points).
const p = fitCircuit(model, spectra[0]).valueArray;
const f = spectra[0].frequency;
const jac = { re: new Float64Array(7 * 71), im: new Float64Array(7 * 71) };
const val = { re: new Float64Array(71), im: new Float64Array(71) };
for (let i = 0; i < 20_000; i++) model.jacobian(p, f, jac, val);
const jacTimes: number[] = [];
for (let rep = 0; rep < 15; rep++) {
  const t0 = performance.now();
  for (let i = 0; i < 2000; i++) model.jacobian(p, f, jac, val);
  jacTimes.push(((performance.now() - t0) * 1000) / 2000);
}
const jacUs = median(jacTimes);
const floorUs = jacUs * median(iterations);
// 2a. The same fits as fitTable's workers run them (fitCircuitRow: numbers into a row, no FitResult;
// the options resolved once per chunk by planFit).
const rowBuf = new Float64Array(ROW_HEAD + 3 * model.parameters.length);
const rowPlan = planFit(model, {});
for (let i = 0; i < 3000; i++) fitCircuitRow(model, spectra[i % spectra.length], {}, rowBuf, 0, rowPlan);
const rowLatency: number[] = [];
for (let i = 0; i < spectra.length; i++) {
  const t0 = performance.now();
  fitCircuitRow(model, spectra[i], {}, rowBuf, 0, rowPlan);
  rowLatency.push((performance.now() - t0) * 1000);
}

// 2b. Cost of the batch layer per result: encode in the worker, structured
// clone across the thread boundary, decode on the main thread (CPU time),
// against a plain structured clone of the full result.
const sampleResults: FitResult[] = spectra.slice(0, 200).map((s) => fitCircuit(model, s));
function codecCost(): { codec: number; clone: number } {
  const reps = 25;
  const n = reps * sampleResults.length;
  let t = cpuNow0();
  const cache = new Map();
  for (let r = 0; r < reps; r++) {
    for (let c = 0; c < sampleResults.length; c += 32) {
      const part = sampleResults.slice(c, c + 32);
      const sent = encodeFitResults(part);
      decodeFitResults(structuredClone(sent, { transfer: wireTransfer(sent) }), cache);
    }
  }
  const codec = ((cpuNow0() - t) * 1000) / n;
  t = cpuNow0();
  for (let r = 0; r < reps; r++) structuredClone(sampleResults);
  const clone = ((cpuNow0() - t) * 1000) / n;
  return { codec, clone };
}
codecCost();
const codecRuns = [codecCost(), codecCost(), codecCost()];
const codecUs = median(codecRuns.map((c) => c.codec));
const cloneUs = median(codecRuns.map((c) => c.clone));

// 2c. What the machine gives right now: a CPU-bound loop (no eiskit) in 1
// thread vs CORES threads. On a shared or hyper-threaded VM this ceiling is
// below CORES×, and no pool can beat it.
async function spin(threads: number): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads'); let x = 0, n = 0; const t0 = Date.now();
    while (Date.now() - t0 < 2000) { for (let i = 0; i < 1e6; i++) x += Math.sqrt(i * 1.0001); n++; } parentPort.postMessage(n + (x > 0 ? 0 : 1));`;
  const counts = await Promise.all(
    Array.from({ length: threads }, () => new Promise<number>((resolve) => new Worker(code, { eval: true }).once('message', resolve))),
  );
  return counts.reduce((a, b) => a + b, 0);
}
const ceilingRuns: number[] = [];
for (let r = 0; r < 2; r++) ceilingRuns.push((await spin(CORES)) / (await spin(1)));
const ceiling = median(ceilingRuns);

// 2d. The same ceiling for this workload: fitCircuit in a loop in bare
// workers (no pool, no messages, no results crossing threads), 1 vs CORES.
// Allocation, GC helper threads and memory traffic of the fit itself count here.
const bareDir = mkdtempSync(join(tmpdir(), 'eiskit-bench-bare-'));
process.once('exit', () => rmSync(bareDir, { recursive: true, force: true }));
const bareEntry = join(bareDir, 'bare.ts');
writeFileSync(
  bareEntry,
  `import { parentPort, workerData } from 'node:worker_threads';
import { compileCircuit } from ${JSON.stringify(join(here, '..', 'src', 'circuit', 'compileCircuit.ts'))};
import { fitCircuit } from ${JSON.stringify(join(here, '..', 'src', 'fit', 'fitCircuit.ts'))};
const { frequency, re, im, ms } = workerData;
const model = compileCircuit(${JSON.stringify(CIRCUIT)});
const sp = frequency.map((f, i) => ({ frequency: f, re: re[i], im: im[i] }));
for (let i = 0; i < 300; i++) fitCircuit(model, sp[i % sp.length]);
parentPort.postMessage('ready');
parentPort.once('message', () => {
  const t0 = performance.now(); let k = 0;
  while (performance.now() - t0 < ms) fitCircuit(model, sp[k++ % sp.length]);
  parentPort.postMessage(k);
});`,
);
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild') as {
  buildSync(options: Record<string, unknown>): unknown;
};
const bareBundle = join(bareDir, 'bare.mjs');
esbuild.buildSync({ entryPoints: [bareEntry], bundle: true, platform: 'node', format: 'esm', outfile: bareBundle, logLevel: 'silent', conditions: ['source'] });
async function bare(threads: number): Promise<number> {
  const workerData = { frequency: spectra.map((x) => x.frequency), re: spectra.map((x) => x.re), im: spectra.map((x) => x.im), ms: 2000 };
  const ws = Array.from({ length: threads }, () => new Worker(bareBundle, { workerData }));
  await Promise.all(ws.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const t0 = performance.now();
  const counts = await Promise.all(ws.map((w) => new Promise<number>((resolve) => (w.once('message', resolve), w.postMessage('go')))));
  const rate = (counts.reduce((a, b) => a + b, 0) * 1000) / (performance.now() - t0);
  await Promise.all(ws.map((w) => w.terminate()));
  return rate;
}
const bareRuns: { one: number; all: number }[] = [];
for (let r = 0; r < 2; r++) {
  const oneRate = await bare(1);
  bareRuns.push({ one: oneRate, all: await bare(CORES) });
}
const bareOne = median(bareRuns.map((b) => b.one));
const bareAll = median(bareRuns.map((b) => b.all));
const bareCeiling = median(bareRuns.map((b) => b.all / b.one));

// 2e. Machine ceiling 3, per core: a fitCircuit loop in a process pinned to each core alone, then
// one such process on every core at the same time. The vCPUs of a shared VM need not be equal (on
// 2026-12-06 core 0 ran this loop 1.5× slower than core 1, and a plain dot product 1.7× slower),
// so the machine's capacity for independent fits is the sum of the simultaneous per-core rates,
// not CORES × the fastest core.
interface CoreCeiling {
  solo: number[];
  together: number[];
}
async function coreLoops(cores: number[], ms = 2000): Promise<number[]> {
  const startAt = Date.now() + 4000; // after every child's start-up and warm-up
  const runs = cores.map(
    (c) =>
      new Promise<number>((resolve) => {
        const ch = spawn('taskset', ['-c', String(c), process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), '0', '--core-loop-child', String(startAt), String(ms)], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        ch.stdout.on('data', (d: Buffer) => (out += d.toString()));
        ch.on('close', () => {
          const line = out.split('\n').find((l) => l.startsWith('CORELOOP '));
          resolve(line ? Number(line.slice(9)) : NaN);
        });
      }),
  );
  return Promise.all(runs);
}
const coreRuns: CoreCeiling[] = [];
if (spawnSync('taskset', ['--version']).status === 0) {
  const all = Array.from({ length: CORES }, (_, c) => c);
  for (let r = 0; r < 2; r++) {
    const solo: number[] = [];
    for (const c of all) solo.push((await coreLoops([c]))[0]);
    coreRuns.push({ solo, together: await coreLoops(all) });
  }
}
const coreSolo = Array.from({ length: CORES }, (_, c) => median(coreRuns.map((x) => x.solo[c])));
const coreTogether = Array.from({ length: CORES }, (_, c) => median(coreRuns.map((x) => x.together[c])));
const capacity = coreTogether.reduce((a, b) => a + b, 0);
const fastestCore = Math.max(...coreSolo);

/** CPU ms per thread of this process (Linux /proc; undefined elsewhere). */
function threadTimes(): Map<string, number> | undefined {
  try {
    const out = new Map<string, number>();
    for (const t of readdirSync('/proc/self/task')) {
      try {
        const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        out.set(t, (Number(f[11]) + Number(f[12])) * 10); // clock ticks of 10 ms
      } catch {
        // the thread ended
      }
    }
    return out;
  } catch {
    return undefined;
  }
}
/** CPU µs per fit between two samples: main thread, the `workers` busiest other threads, the rest (V8 helpers). */
function splitCpu(a: Map<string, number> | undefined, b: Map<string, number> | undefined, fits: number, workers: number) {
  if (!a || !b || fits <= 0) return undefined;
  const d = [...b].map(([k, v]) => [k, v - (a.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
  const pid = String(process.pid);
  const others = d.filter(([k]) => k !== pid).sort((x, y) => y[1] - x[1]);
  const per = (ms: number) => (ms * 1000) / fits;
  return {
    main: per(d.find(([k]) => k === pid)?.[1] ?? 0),
    workers: per(others.slice(0, workers).reduce((x, [, v]) => x + v, 0)),
    helpers: per(others.slice(workers).reduce((x, [, v]) => x + v, 0)),
  };
}

// 3. Throughput: fitBatch over 2000 spectra (the 1000 twice); the rate is
// taken over the second half (steady state), the wall time end to end.
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000; // ms, all threads of the process
};
interface Throughput {
  /** χ² and values of every item, for the bit-for-bit comparison (the results themselves are dropped). */
  fingerprint: number[][];
  steady: number;
  endToEnd: number;
  rss: number;
  cpuPerFitUs: number;
  threads: ReturnType<typeof splitCpu>;
  stats: BatchRunStats | undefined;
}
async function throughput(workers: number, pool?: FitPool, table = false): Promise<Throughput> {
  const input = [...spectra, ...spectra, ...spectra, ...spectra];
  let mid: { t: number; n: number; cpu: number; threads: Map<string, number> | undefined } | undefined;
  let lastCpu = 0;
  let lastThreads: Map<string, number> | undefined;
  let last = { t: 0, n: 0 };
  let rss = 0;
  const t0 = performance.now();
  const options = {
    ...(pool ? { pool } : { workers }),
    onProgress: (pr: { completed: number; total: number }) => {
      const t = performance.now() - t0;
      if (pr.completed === pr.total) return; // the final report comes after the pool closed
      // Sample twice only (reading /proc costs main-thread time): at 1/4 and at 9/10 of the run.
      if (!mid && pr.completed >= input.length / 4) mid = { t, n: pr.completed, cpu: cpuNow(), threads: threadTimes() };
      else if (mid && !lastThreads && pr.completed >= 0.9 * input.length) {
        last = { t, n: pr.completed };
        lastCpu = cpuNow();
        lastThreads = threadTimes();
      }
      rss = Math.max(rss, process.memoryUsage.rss());
    },
  };
  let fingerprint: number[][];
  let stats: BatchRunStats | undefined;
  if (table) {
    const t = await fitTable(input, CIRCUIT, options);
    const P = t.keys.length;
    fingerprint = Array.from({ length: t.count }, (_, i) => (t.status[i] === 0 ? [t.chiSquare[i], ...t.values.subarray(i * P, (i + 1) * P)] : [NaN]));
    stats = t.stats;
  } else {
    const batch = await fitBatch(input, CIRCUIT, options);
    fingerprint = batch.items.map((it) => (it.ok ? [it.result.statistics.chiSquare, ...it.result.valueArray] : [NaN]));
    stats = batch.stats;
  }
  const endToEnd = (input.length * 1000) / (performance.now() - t0);
  const steady = mid && last.t > mid.t ? ((last.n - mid.n) * 1000) / (last.t - mid.t) : endToEnd;
  const cpuPerFitUs = mid && last.n > mid.n ? ((lastCpu - mid.cpu) * 1000) / (last.n - mid.n) : NaN;
  const threads = mid ? splitCpu(mid.threads, lastThreads, last.n - mid.n, workers) : undefined;
  return { fingerprint, steady, endToEnd, rss, cpuPerFitUs, threads, stats };
}
// Cold: fresh workers per call (start-up and JIT warm-up included), one round each.
const cold = { one: await throughput(1), all: await throughput(CORES) };
// Warm: persistent pools (createFitPool), each warmed with 2000 fits per worker,
// then 5 interleaved rounds of 4000 spectra; medians and the pairwise ratios are
// reported (the machine's speed drifts between rounds).
const pool1 = await createFitPool({ workers: 1 });
const poolAll = await createFitPool({ workers: CORES });
await fitBatch([...spectra, ...spectra], CIRCUIT, { pool: pool1 });
for (let k = 0; k < CORES; k++) await fitBatch([...spectra, ...spectra], CIRCUIT, { pool: poolAll });
await fitTable([...spectra, ...spectra], CIRCUIT, { pool: pool1 });
for (let k = 0; k < CORES; k++) await fitTable([...spectra, ...spectra], CIRCUIT, { pool: poolAll });
const rounds: { one: Throughput; all: Throughput }[] = [];
// Per core, literally: a child process pinned to core 0 with taskset (main thread, its
// worker and V8's helper threads share that core), interleaved with the rounds.
const pinned: number[] = [];
const pinnedThread: number[] = [];
const pinnedTable: number[] = [];
const tableRounds: { one: Throughput; all: Throughput }[] = [];
/** The core each pinned child ran on (round r on core r % CORES). */
const pinnedCore: number[] = [];
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
const streamRounds: { one: number; all: number }[] = [];
const streamRowRounds: { one: number; all: number }[] = [];
for (let r = 0; r < 5; r++) {
  const o = await throughput(1, pool1);
  rounds.push({ one: o, all: await throughput(CORES, poolAll) });
  const to = await throughput(1, pool1, true);
  tableRounds.push({ one: to, all: await throughput(CORES, poolAll, true) });
  const so = await streamRate(pool1);
  streamRounds.push({ one: so, all: await streamRate(poolAll) });
  const sro = await streamRate(pool1, true);
  streamRowRounds.push({ one: sro, all: await streamRate(poolAll, true) });
  if (hasTaskset) {
    const c = spawnSync('taskset', ['-c', String(r % CORES), process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), '0', '--one-core-child'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = c.stdout.split('\n').find((l) => l.startsWith('ONECORE '));
    if (line) {
      const rates = JSON.parse(line.slice(8)) as { pool: number; thread: number; table: number };
      pinned.push(rates.pool);
      pinnedThread.push(rates.thread);
      pinnedTable.push(rates.table);
      pinnedCore.push(r % CORES);
    }
  }
}
await pool1.close();
await poolAll.close();
const ratios = rounds.map((x) => x.all.steady / x.one.steady);
const byOne = [...rounds].sort((a, b) => a.one.steady - b.one.steady);
const byAll = [...rounds].sort((a, b) => a.all.steady - b.all.steady);
// Rows that describe one run use the run with the median rate.
const one = byOne[2].one;
const all = byAll[2].all;
const tableRatios = tableRounds.map((x) => x.all.steady / x.one.steady);
const tableOne = [...tableRounds].sort((a, b) => a.one.steady - b.one.steady)[2].one;
const tableAll = [...tableRounds].sort((a, b) => a.all.steady - b.all.steady)[2].all;
// Every run, cold and warm, 1 and all workers, fitBatch and fitTable, against the first: bit for bit.
const runsAll = [cold.one, cold.all, ...rounds.flatMap((x) => [x.one, x.all]), ...tableRounds.flatMap((x) => [x.one, x.all])];
const identical = runsAll.every((t) =>
  t.fingerprint.every((f, i) => f.length === runsAll[0].fingerprint[i].length && f.every((v, k) => Object.is(v, runsAll[0].fingerprint[i][k]))),
);
const batchRss = Math.max(cold.one.rss, cold.all.rss, ...rounds.flatMap((x) => [x.one.rss, x.all.rss]));

// 4. Streaming: STREAM_COUNT spectra generated on the fly (fresh arrays each
// time), in a child process of its own so that its RSS is that of a streaming
// process alone (not of the batches above and their garbage).
function streamChild(rows: boolean) {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), String(STREAM_COUNT), '--stream-child', rows ? 'rows' : 'results'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  const streamLine = child.stdout.split('\n').find((l) => l.startsWith('STREAM '));
  if (!streamLine) throw new Error(`streaming child failed (status ${child.status})`);
  const run = JSON.parse(streamLine.slice(7)) as Awaited<ReturnType<typeof streamRun>>;
  const { samples } = run;
  const after1k = samples.filter((s) => s.n >= 1000);
  // Least-squares slope of RSS over spectra (beyond the first 1000), in MB per 10 000 spectra.
  const xs = after1k.map((s) => s.n);
  const ys = after1k.map((s) => s.rss);
  const xm = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const ym = ys.reduce((a, b) => a + b, 0) / Math.max(1, ys.length);
  const slope =
    xs.reduce((a, x, i) => a + (x - xm) * (ys[i] - ym), 0) / Math.max(1e-300, xs.reduce((a, x) => a + (x - xm) ** 2, 0));
  return {
    ...run,
    rssAt1k: after1k[0]?.rss ?? 0,
    rssMax: Math.max(...after1k.map((s) => s.rss)),
    rssLast: after1k.at(-1)?.rss ?? 0,
    slopeMbPer10k: (slope * 10_000) / 2 ** 20,
    at10k: samples.find((x) => x.n === 10_000)?.rss ?? NaN,
  };
}
const streams = { results: streamChild(false), rows: streamChild(true) };
const pick = [1000, 2000, 5000, 10_000, 20_000, 25_000, 50_000, 75_000, 100_000].filter((n) => n <= STREAM_COUNT);
const streamSection = (label: string, st: ReturnType<typeof streamChild>) => `### Streaming ${STREAM_COUNT.toLocaleString('en')} spectra (fitStream, ${CORES} workers, default options${label})

${st.streamOk.toLocaleString('en')} of ${STREAM_COUNT.toLocaleString('en')} fitted in ${st.streamSeconds.toFixed(1)} s (${(STREAM_COUNT / st.streamSeconds).toFixed(0)} fits/s).
RSS beyond the first 1000 spectra: ${mb(st.rssAt1k)} MB at 1000, max ${mb(st.rssMax)} MB, ${mb(st.rssLast)} MB at the end; least-squares trend ${st.slopeMbPer10k.toFixed(2)} MB per 10 000 spectra; at 10 000 ${mb(st.at10k)} MB. Peak RSS of the streaming process ${mb(st.peakRss)} MB (it runs alone, in a child process: main thread and ${CORES} workers).

| spectra | ${pick.map((n) => n.toLocaleString('en')).join(' | ')} |
|---|${pick.map(() => '---').join('|')}|
| RSS (MB) | ${pick.map((n) => mb(st.samples.find((s) => s.n === n)?.rss ?? 0)).join(' | ')} |
| main-thread heap used (MB; after gc() at multiples of 10 000) | ${pick.map((n) => mb(st.samples.find((s) => s.n === n)?.heap ?? 0)).join(' | ')} |
`;

// Report.
const medLatency = median(latency);
const perCore1 = one.steady;
const perCoreAll = all.steady / CORES;
const speedup = median(ratios);
const range = (xs: number[], d = 0) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
const us = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(0));
const threadRow = (t: Throughput) =>
  t.threads ? `${us(t.threads.workers)} / ${us(t.threads.main)} / ${us(t.threads.helpers)}` : 'n/a (no /proc)';
const poolRow = (t: Throughput) => {
  const st = t.stats;
  if (!st) return 'n/a';
  const idle = (100 * st.workerIdleMs) / Math.max(1e-9, st.workerIdleMs + st.workerBusyMs);
  return `${idle.toFixed(2)} % / ${((1000 * st.mainCodecMs) / st.fits).toFixed(1)} µs`;
};
const bytesRow = (t: Throughput) =>
  t.stats ? `${(t.stats.bytesToWorkers / t.stats.fits).toFixed(0)} B → worker, ${(t.stats.bytesFromWorkers / t.stats.fits).toFixed(0)} B ← worker (chunks of ${(t.stats.fits / Math.max(1, t.stats.tasks)).toFixed(0)}, ${t.stats.pipeline} in flight per worker)` : 'n/a';
const idealSpeedup = all.threads && one.threads ? (CORES * one.threads.workers) / (all.threads.workers + all.threads.main + all.threads.helpers) : NaN;
const md = `## Batch and streaming fits (bench/batch.ts)

Machine: ${CORES} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average at start ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}.
Input: \`synth_identifiable_batch1000.csv\`, circuit \`${CIRCUIT}\` (7 parameters, 71 points), default fit options (unit weighting, 1 start, automatic guess).

| quantity | value |
|---|---|
| single-fit latency, calling thread (median of 1000, after warm-up) | ${(medLatency / 1000).toFixed(3)} ms (CPU ${(singleCpuUs / 1000).toFixed(3)} ms per fit) |
| iterations used (median) / residual evaluations (median) | ${median(iterations)} / ${median(evaluations)} |
| one model + Jacobian evaluation (value + 7 columns, 71 points) | ${jacUs.toFixed(2)} µs |
| physical floor = evaluation × median iterations | ${floorUs.toFixed(1)} µs |
| median fit / floor | ${(medLatency / floorUs).toFixed(1)}× (goal ≤ 2×) |
| the same fits as \`fitTable\`'s workers run them (\`fitCircuitRow\`: numbers only, no \`FitResult\`): median fit; / floor | ${(median(rowLatency) / 1000).toFixed(3)} ms; ${(median(rowLatency) / floorUs).toFixed(1)}× |
| success: cost within 1e-6 relative of the reference minimum | ${reached}/1000 (${converged} converged) |
| batch-layer transfer cost per result (encode + transfer + decode, CPU, one thread) | ${codecUs.toFixed(1)} µs (plain structured clone of a FitResult: ${cloneUs.toFixed(1)} µs) |
| fits/s, 1 worker, warm pool (median of 5 rounds; range) | ${perCore1.toFixed(0)} (${range(rounds.map((x) => x.one.steady))}) (goal ≥ 5000 per core) |
| fits/s, ${CORES} workers, warm pool (median of 5 rounds; range) | ${all.steady.toFixed(0)} (${range(rounds.map((x) => x.all.steady))}) (${perCoreAll.toFixed(0)} per core) |
| speedup ${CORES} workers / 1 worker (median of the 5 interleaved pairs; range), scaling efficiency | ${speedup.toFixed(2)}× (${range(ratios, 2)}) (goal ≥ 1.8×), ${((100 * speedup) / CORES).toFixed(0)} % |
| fits/s on one core: the whole process pinned with \`taskset -c <core>\` (1 worker, warm pool; median of ${pinned.length}; range; rounds alternate cores) | ${pinned.length ? `${median(pinned).toFixed(0)} (${range(pinned)}); by core: ${pinned.map((v, i) => `${v.toFixed(0)} (${pinnedCore[i]})`).join(', ')}` : 'n/a (no taskset)'} |
| fits/s on one core, calling thread (\`workers: 0\`, pinned the same way; median; range) | ${pinnedThread.length ? `${median(pinnedThread).toFixed(0)} (${range(pinnedThread)}); by core: ${pinnedThread.map((v, i) => `${v.toFixed(0)} (${pinnedCore[i]})`).join(', ')}` : 'n/a (no taskset)'} |
| ${CORES} cores / one core (${CORES}-worker median over the pinned 1-worker median; over the pinned calling-thread median) | ${pinned.length ? `${(all.steady / median(pinned)).toFixed(2)}×; ${(all.steady / median(pinnedThread)).toFixed(2)}×` : 'n/a'} |
| cold pools (fresh workers per call, JIT warm-up inside the run): fits/s 1 / ${CORES} workers, steady part | ${cold.one.steady.toFixed(0)} / ${cold.all.steady.toFixed(0)} = ${(cold.all.steady / cold.one.steady).toFixed(2)}× |
| machine ceiling 1: CPU-bound loop (no eiskit), ${CORES} threads / 1 thread | ${ceiling.toFixed(2)}× |
| machine ceiling 2: \`fitCircuit\` loop in bare workers (no pool, nothing crosses threads), 1 / ${CORES} threads | ${bareOne.toFixed(0)} / ${bareAll.toFixed(0)} fits/s = ${bareCeiling.toFixed(2)}× → pool speedup / this ceiling = ${(speedup / bareCeiling).toFixed(2)} |
| machine ceiling 3, per core: \`fitCircuit\` loop in one process pinned to each core, alone (core ${coreSolo.map((_, c) => c).join(' / ')}) and all at once (median of ${coreRuns.length}) | ${coreRuns.length ? `alone ${coreSolo.map((v) => v.toFixed(0)).join(' / ')} fits/s; together ${coreTogether.map((v) => v.toFixed(0)).join(' + ')} = ${capacity.toFixed(0)} fits/s = ${(capacity / fastestCore).toFixed(2)}× the fastest core alone` : 'n/a (no taskset)'} |
| ${CORES} workers against ceiling 3 (fitBatch warm pool median / the machine's simultaneous per-core capacity for plain fit loops) | ${coreRuns.length ? `${all.steady.toFixed(0)} / ${capacity.toFixed(0)} = ${((100 * all.steady) / capacity).toFixed(0)} %` : 'n/a'} |
| fitStream, results consumed and dropped (8000 spectra, warm pools, 5 rounds interleaved with the above): fits/s 1 / ${CORES} workers (medians; ranges) | ${median(streamRounds.map((x) => x.one)).toFixed(0)} (${range(streamRounds.map((x) => x.one))}) / ${median(streamRounds.map((x) => x.all)).toFixed(0)} (${range(streamRounds.map((x) => x.all))}) |
| fitStream speedup ${CORES} / 1 workers (median of the pairs; range); against ceiling 3 | ${median(streamRounds.map((x) => x.all / x.one)).toFixed(2)}× (${range(streamRounds.map((x) => x.all / x.one), 2)}); ${coreRuns.length ? `${median(streamRounds.map((x) => x.all)).toFixed(0)} / ${capacity.toFixed(0)} = ${((100 * median(streamRounds.map((x) => x.all))) / capacity).toFixed(0)} % of the machine's ${CORES}-core capacity, ${(median(streamRounds.map((x) => x.all)) / fastestCore).toFixed(2)}× the fastest core alone (ceiling 3 allows ${(capacity / fastestCore).toFixed(2)}×)` : 'n/a'} |
| CPU µs per fit, 1 worker: worker thread / main thread / V8 helper threads (GC, compiler) | ${threadRow(one)} |
| CPU µs per fit, ${CORES} workers: worker threads / main thread / V8 helper threads | ${threadRow(all)} → speedup the CPU budget allows on ${CORES} idle cores: ${Number.isFinite(idealSpeedup) ? idealSpeedup.toFixed(2) + '×' : 'n/a'} |
| worker idle time waiting for work / main-thread codec time per fit, 1 / ${CORES} workers | ${poolRow(one)}; ${poolRow(all)} |
| bytes per fit crossing threads | ${bytesRow(all)} |
| CPU time per fit, all threads (steady state), 1 / ${CORES} workers | ${one.cpuPerFitUs.toFixed(0)} / ${all.cpuPerFitUs.toFixed(0)} µs → ${(1e6 / one.cpuPerFitUs).toFixed(0)} / ${(1e6 / all.cpuPerFitUs).toFixed(0)} fits per CPU-second |
| fits/s end to end incl. worker start-up (4000 spectra, cold), 1 / ${CORES} workers | ${cold.one.endToEnd.toFixed(0)} / ${cold.all.endToEnd.toFixed(0)} |
| results of all ${runsAll.length} runs (fitBatch cold and warm, fitTable warm; 1 and ${CORES} workers) | ${identical ? 'identical bit for bit (χ² and all values, 4000 fits each)' : 'DIFFERENT'} |
| peak RSS during the batches (whole process: 2 warm pools and their workers, one fitBatch's 4000 results at a time) | ${mb(batchRss)} MB |
| impedance.py 1.7.1 median on this machine class (README of the data) | 319 ms per fit → eiskit single fit is ${(319_000 / medLatency).toFixed(0)}× faster, ${CORES} workers ${((319 * all.steady) / 1000).toFixed(0)}× the throughput |

**fitTable** (the same fits, each returned as a row of numbers: values, standard errors, χ², AIC/BIC, flags; no FitResult objects), warm pools, 5 rounds of 4000 spectra interleaved with the fitBatch rounds above:

| quantity | value |
|---|---|
| fits/s, 1 worker (median of 5; range) | ${tableOne.steady.toFixed(0)} (${range(tableRounds.map((x) => x.one.steady))}) |
| fits/s, ${CORES} workers (median of 5; range) | ${tableAll.steady.toFixed(0)} (${range(tableRounds.map((x) => x.all.steady))}) (${(tableAll.steady / CORES).toFixed(0)} per core) |
| speedup ${CORES} workers / 1 worker (median of the 5 interleaved pairs; range), scaling efficiency | ${median(tableRatios).toFixed(2)}× (${range(tableRatios, 2)}) (goal ≥ 1.8×), ${((100 * median(tableRatios)) / CORES).toFixed(0)} % |
| fits/s on one core: the whole process pinned (1 worker, warm pool; median of ${pinnedTable.length}; range; by core) | ${pinnedTable.length ? `${median(pinnedTable).toFixed(0)} (${range(pinnedTable)}); ${pinnedTable.map((v, i) => `${v.toFixed(0)} (${pinnedCore[i]})`).join(', ')}` : 'n/a (no taskset)'} |
| ${CORES} cores / one core (${CORES}-worker median over the pinned 1-worker median) | ${pinnedTable.length ? `${(tableAll.steady / median(pinnedTable)).toFixed(2)}×` : 'n/a'} |
| ${CORES} workers against ceiling 3 | ${coreRuns.length ? `${tableAll.steady.toFixed(0)} / ${capacity.toFixed(0)} = ${((100 * tableAll.steady) / capacity).toFixed(0)} %` : 'n/a'} |
| CPU µs per fit, 1 worker: worker thread / main thread / V8 helper threads | ${threadRow(tableOne)} |
| CPU µs per fit, ${CORES} workers: worker threads / main thread / V8 helper threads | ${threadRow(tableAll)} |
| worker idle time / main-thread time per fit (pack + copy rows), 1 / ${CORES} workers | ${poolRow(tableOne)}; ${poolRow(tableAll)} |
| bytes per fit crossing threads | ${bytesRow(tableAll)} |
| against fitBatch (${CORES} workers, medians) | ${(tableAll.steady / all.steady).toFixed(2)}× the fits/s |
| fitStream with \`output: 'rows'\` (8000 spectra, rows consumed and dropped, 5 rounds): fits/s 1 / ${CORES} workers (medians; ranges); speedup (median of the pairs; range) | ${median(streamRowRounds.map((x) => x.one)).toFixed(0)} (${range(streamRowRounds.map((x) => x.one))}) / ${median(streamRowRounds.map((x) => x.all)).toFixed(0)} (${range(streamRowRounds.map((x) => x.all))}); ${median(streamRowRounds.map((x) => x.all / x.one)).toFixed(2)}× (${range(streamRowRounds.map((x) => x.all / x.one), 2)}) |

Reading the numbers: wall-clock rates and the speedup depend on how much CPU the machine
gives this process; with other jobs running, compare the pool with ceiling 2 (same
workload, same moment) rather than with ${CORES}×. The CPU rows are per thread (Linux
/proc, 10 ms ticks): "speedup the CPU budget allows" is ${CORES} × (worker CPU per fit with 1
worker) / (all CPU per fit with ${CORES} workers), i.e. what ${CORES} idle cores could give if
every thread got a core when it needs one. Ceiling 3 is the one to hold the ${CORES}-worker
rate against on a VM whose vCPUs differ in speed: it is what ${CORES} independent
single-threaded fit loops, one per core, achieve at the same moment.

${streamSection('', streams.results)}
${streamSection(", output: 'rows'", streams.rows)}`;
console.log(md);
writeFileSync(join(here, 'results', 'batch.md'), md);
console.log('wrote bench/results/batch.md');
