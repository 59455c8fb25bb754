/**
 * The solver's WebAssembly kernel against the JavaScript reference it replaces
 * (src/internal/normalKernel.ts, tools/wasm/): the normal equations JᵀJ, Jᵀr
 * (f64x2 SIMD) and the damped trial step (Cholesky of D⁻¹AD⁻¹ + λI, solve,
 * predicted reduction), for m = 142 residuals (a 71-point spectrum) and n = 6,
 * 7, 8 parameters. Medians of interleaved rounds, wall clock, in this process.
 * Also the same-process whole-fit A/B is in bench/results/fit-pinned-history.md.
 *
 * Run: npx tsx --conditions=source bench/lm-kernel.ts  (writes bench/results/lm-kernel.md)
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLmWorkspace, normalEquations, type LmWorkspace } from '../src/fit/lm.js';
import { NORMAL_WASM_SIZE } from '../src/internal/normalWasm.js';

const here = dirname(fileURLToPath(import.meta.url));
const m = 142;
const ROUNDS = 15;
const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];

/** Seeded uniform numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Columns of different scales, smooth in the row index, as a circuit Jacobian. */
function fill(ws: LmWorkspace, n: number): void {
  const rnd = seeded(n);
  for (let a = 0; a < n; a++) {
    const s = Math.pow(10, 6 * rnd() - 3);
    for (let i = 0; i < m; i++) ws.J[a * m + i] = s * (Math.sin(0.1 * (a + 1) * i) + 0.3 * (rnd() - 0.5));
  }
  for (let i = 0; i < m; i++) ws.r[i] = rnd() - 0.5;
  ws.normal(ws.J, ws.r);
  for (let a = 0; a < n; a++) ws.invScale[a] = 1 / Math.sqrt(ws.A[a * n + a]);
}

/** ns per call over `reps` calls. */
function ns(f: (i: number) => void, reps: number): number {
  const t = performance.now();
  for (let i = 0; i < reps; i++) f(i);
  return ((performance.now() - t) * 1e6) / reps;
}

interface Row {
  n: number;
  normalJs: number;
  normalWasm: number;
  trialJs: number;
  trialWasm: number;
  maxRel: number;
}
const rows: Row[] = [];
for (const n of [6, 7, 8]) {
  const js = createLmWorkspace(m, n, { simd: false });
  const wasm = createLmWorkspace(m, n);
  if (!wasm.simd) throw new Error('WebAssembly SIMD is not available here');
  fill(js, n);
  fill(wasm, n);
  // Agreement of JᵀJ relative to √(A_aa·A_bb).
  const A = new Float64Array(n * n);
  normalEquations(js.J, js.r, m, n, A, new Float64Array(n));
  let maxRel = 0;
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) maxRel = Math.max(maxRel, Math.abs(wasm.A[a * n + b] - A[a * n + b]) / Math.sqrt(A[a * n + a] * A[b * n + b]));
  const normalOf = (ws: LmWorkspace) => () => ws.normal(ws.J, ws.r);
  const trialOf = (ws: LmWorkspace) => (i: number) => ws.trial(1e-3 * (1 + (i & 7)));
  const t = { nj: [] as number[], nw: [] as number[], tj: [] as number[], tw: [] as number[] };
  for (let w = 0; w < 3; w++) {
    ns(normalOf(js), 20000);
    ns(normalOf(wasm), 20000);
    ns(trialOf(js), 50000);
    ns(trialOf(wasm), 50000);
  }
  for (let k = 0; k < ROUNDS; k++) {
    t.nj.push(ns(normalOf(js), 20000));
    t.nw.push(ns(normalOf(wasm), 20000));
    t.tj.push(ns(trialOf(js), 50000));
    t.tw.push(ns(trialOf(wasm), 50000));
  }
  rows.push({ n, normalJs: med(t.nj), normalWasm: med(t.nw), trialJs: med(t.tj), trialWasm: med(t.tw), maxRel });
}

const lines: string[] = [];
lines.push('## Solver kernel: normal equations and trial step (`bench/lm-kernel.ts`)');
lines.push('');
lines.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}. Median ns per call of ${ROUNDS} interleaved rounds, m = ${m} residuals (71 points).`);
lines.push('');
lines.push(`| n | JᵀJ, Jᵀr: JavaScript (\`normalEquations\`, 4-column blocks) | WebAssembly f64x2 | speed-up | trial step: JavaScript (\`solveTrialStep\`) | WebAssembly (scalar, same operations) | speed-up | JᵀJ difference / √(A_aa·A_bb), max |`);
lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  lines.push(`| ${r.n} | ${r.normalJs.toFixed(0)} | ${r.normalWasm.toFixed(0)} | ${(r.normalJs / r.normalWasm).toFixed(1)}× | ${r.trialJs.toFixed(0)} | ${r.trialWasm.toFixed(0)} | ${(r.trialJs / r.trialWasm).toFixed(1)}× | ${r.maxRel.toExponential(1)} |`);
}
lines.push('');
lines.push(
  `The module is ${NORMAL_WASM_SIZE} bytes (under the 4 kB that browsers compile synchronously on a main thread). A fit of the benchmark circuit makes ≈ 6.3 normal-equation passes and ≈ 5.5 trial steps; the JavaScript versions stay as the reference and as the fallback without WebAssembly SIMD (\`createLmWorkspace(m, n, { simd: false })\`). The trial step gives the same bits in both; JᵀJ agrees to rounding (lanes sum the even and the odd rows separately).`,
);
writeFileSync(join(here, 'results', 'lm-kernel.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
