/**
 * Element and compiled-circuit benchmark (issue 2).
 *
 * `R0-p(R1,CPE1)-p(R2,CPE2)` at 71 frequencies (1 MHz → 0.1 Hz, 10 per decade):
 * compiled `model.evaluate` and `model.jacobian` (7 columns) with caller
 * buffers, against a hand-written direct evaluation (value, and value plus
 * analytic Jacobian). Also every built-in kernel/gradient per point and a
 * user-defined (mathjs) element. Median per call over many batches after a
 * warm-up. Writes bench/results/elements.md.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinElements, compileCircuit, defineElement } from '../src/index.js';
import { makeGrid } from '../src/internal/grid.js';

const N_FREQ = 71;
const freq = Float64Array.from({ length: N_FREQ }, (_, i) => 1e6 * 10 ** (-i / 10));
const values = [50, 300, 1e-10, 0.92, 2000, 1e-6, 0.8];

/**
 * Process CPU time (user + system) in µs. On a shared, overloaded machine the
 * wall clock also counts time spent waiting for a core; CPU time does not.
 */
const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Median CPU time per call in µs: `batches` timed batches of `inner` calls after `warm` warm-up calls. */
function timeIt(fn: () => void, inner = 2000, batches = 41, warm = 20000): number {
  for (let k = 0; k < warm; k++) fn();
  const t: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = cpuNow();
    for (let k = 0; k < inner; k++) fn();
    t.push((cpuNow() - t0) / inner);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * Times `a` and `b` in alternating batches so that load changes on a shared
 * machine hit both alike. Returns the median µs per call of each and the
 * median of the per-batch ratios a/b.
 */
function timePair(a: () => void, b: () => void, inner = 2000, batches = 61, warm = 20000) {
  for (let k = 0; k < warm; k++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < batches; i++) {
    let t0 = cpuNow();
    for (let k = 0; k < inner; k++) a();
    const x = (cpuNow() - t0) / inner;
    t0 = cpuNow();
    for (let k = 0; k < inner; k++) b();
    const y = (cpuNow() - t0) / inner;
    ta.push(x);
    tb.push(y);
    r.push(x / y);
  }
  return { a: median(ta), b: median(tb), ratio: median(r), min: Math.min(...ta), minB: Math.min(...tb) };
}

// ---- compiled model -------------------------------------------------------
const model = compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
const out = { re: new Float64Array(N_FREQ), im: new Float64Array(N_FREQ) };
const jac = { re: new Float64Array(7 * N_FREQ), im: new Float64Array(7 * N_FREQ) };
const val = { re: new Float64Array(N_FREQ), im: new Float64Array(N_FREQ) };

// ---- hand-written direct evaluation --------------------------------------
const TWO_PI = 2 * Math.PI;
const HALF_PI = Math.PI / 2;
const w = Float64Array.from(freq, (f) => TWO_PI * f);
const lw = Float64Array.from(w, Math.log);
const dre = new Float64Array(N_FREQ);
const dim = new Float64Array(N_FREQ);
function directValue(p: ArrayLike<number>): void {
  const r0 = p[0];
  const g1 = 1 / p[1];
  const q1c = p[2] * Math.cos(p[3] * HALF_PI);
  const q1s = p[2] * Math.sin(p[3] * HALF_PI);
  const g2 = 1 / p[4];
  const q2c = p[5] * Math.cos(p[6] * HALF_PI);
  const q2s = p[5] * Math.sin(p[6] * HALF_PI);
  const a1 = p[3];
  const a2 = p[6];
  for (let i = 0; i < N_FREQ; i++) {
    const m1 = Math.exp(a1 * lw[i]);
    const y1r = g1 + m1 * q1c;
    const y1i = m1 * q1s;
    const d1 = y1r * y1r + y1i * y1i;
    const m2 = Math.exp(a2 * lw[i]);
    const y2r = g2 + m2 * q2c;
    const y2i = m2 * q2s;
    const d2 = y2r * y2r + y2i * y2i;
    dre[i] = r0 + y1r / d1 + y2r / d2;
    dim[i] = -y1i / d1 - y2i / d2;
  }
}
const b1r = new Float64Array(N_FREQ);
const b1i = new Float64Array(N_FREQ);
const b2r = new Float64Array(N_FREQ);
const b2i = new Float64Array(N_FREQ);
/** One R∥CPE branch Z = 1/(1/R + Q(jω)^α) into zr/zi. */
function branch(g0: number, q: number, a: number, zr: Float64Array, zi: Float64Array): void {
  const c = q * Math.cos(a * HALF_PI);
  const s = q * Math.sin(a * HALF_PI);
  for (let i = 0; i < N_FREQ; i++) {
    const m = Math.exp(a * lw[i]);
    const yr = g0 + m * c;
    const yi = m * s;
    const d = 1 / (yr * yr + yi * yi);
    zr[i] = yr * d;
    zi[i] = -yi * d;
  }
}
/** Hand-written, but one loop per branch plus a sum (the shape of any per-node program). */
function directSplit(p: ArrayLike<number>): void {
  branch(1 / p[1], p[2], p[3], b1r, b1i);
  branch(1 / p[4], p[5], p[6], b2r, b2i);
  const r0 = p[0];
  for (let i = 0; i < N_FREQ; i++) {
    dre[i] = r0 + b1r[i] + b2r[i];
    dim[i] = b1i[i] + b2i[i];
  }
}
const djr = new Float64Array(7 * N_FREQ);
const dji = new Float64Array(7 * N_FREQ);
/** Value plus analytic Jacobian: Z_k = 1/Y_k, ∂Z/∂θ = −Z_k² ∂Y_k/∂θ. */
function directJacobian(p: ArrayLike<number>): void {
  const n = N_FREQ;
  djr.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    djr[i] = 1;
    dji[i] = 0;
  }
  let zr0 = 0;
  for (let b = 0; b < 2; b++) {
    const r = p[1 + 3 * b];
    const q = p[2 + 3 * b];
    const a = p[3 + 3 * b];
    const g = 1 / r;
    const c = Math.cos(a * HALF_PI);
    const s = Math.sin(a * HALF_PI);
    const cR = (1 + 3 * b) * n;
    const cQ = cR + n;
    const cA = cQ + n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(a * lw[i]);
      const yr = g + m * q * c;
      const yi = m * q * s;
      const d = yr * yr + yi * yi;
      const zr = yr / d;
      const zi = -yi / d;
      if (b === 0) {
        dre[i] = p[0] + zr;
        dim[i] = zi;
      } else {
        dre[i] += zr;
        dim[i] += zi;
      }
      // −Z²
      const nr = -(zr * zr - zi * zi);
      const ni = -2 * zr * zi;
      // ∂Y/∂R = −1/R², ∂Y/∂Q = m e^{jαπ/2}, ∂Y/∂α = Q m e^{jαπ/2}(ln ω + jπ/2)
      const gr = -g * g;
      djr[cR + i] = nr * gr;
      dji[cR + i] = ni * gr;
      const er = m * c;
      const ei = m * s;
      djr[cQ + i] = nr * er - ni * ei;
      dji[cQ + i] = nr * ei + ni * er;
      const l = lw[i];
      const fr = q * (er * l - ei * HALF_PI);
      const fi = q * (ei * l + er * HALF_PI);
      djr[cA + i] = nr * fr - ni * fi;
      dji[cA + i] = nr * fi + ni * fr;
    }
    zr0 += 0;
  }
}
const ev = timePair(() => model.evaluate(values, freq, out), () => directValue(values));
const sp = timePair(() => model.evaluate(values, freq, out), () => directSplit(values));
const jb = timePair(() => model.jacobian(values, freq, jac, val), () => directJacobian(values));

// sanity: compiled and direct agree
model.evaluate(values, freq, out);
directValue(values);
let maxRel = 0;
for (let i = 0; i < N_FREQ; i++) maxRel = Math.max(maxRel, Math.hypot(out.re[i] - dre[i], out.im[i] - dim[i]) / Math.hypot(dre[i], dim[i]));
model.jacobian(values, freq, jac, val);
directJacobian(values);
let maxRelJ = 0;
for (let k = 0; k < 7; k++) {
  for (let i = 0; i < N_FREQ; i++) {
    const j = k * N_FREQ + i;
    const s = Math.hypot(djr[j], dji[j]) || 1;
    maxRelJ = Math.max(maxRelJ, Math.hypot(jac.re[j] - djr[j], jac.im[j] - dji[j]) / s);
  }
}
if (maxRel > 1e-12 || maxRelJ > 1e-10) throw new Error(`direct and compiled disagree: ${maxRel}, ${maxRelJ}`);

// ---- per-element kernels --------------------------------------------------
const grid = makeGrid(freq);
const kr = new Float64Array(N_FREQ);
const ki = new Float64Array(N_FREQ);
const gr = new Float64Array(4 * N_FREQ);
const gi = new Float64Array(4 * N_FREQ);
const rows: string[] = [];
for (const e of builtinElements) {
  const p = e.parameters.map((s) => s.default);
  const tk = timeIt(() => e.kernel(p, 0, grid, kr, ki), 1000, 21, 5000);
  const tg = timeIt(() => e.gradient(p, 0, grid, kr, ki, gr, gi, 0), 1000, 21, 5000);
  rows.push(`| ${e.symbol} | ${((tk * 1000) / N_FREQ).toFixed(1)} | ${((tg * 1000) / N_FREQ).toFixed(1)} |`);
}
const userZarc = defineElement({
  symbol: 'Zq',
  name: 'user ZARC',
  parameters: [{ name: 'R', default: 100 }, { name: 'tau', default: 1e-3 }, { name: 'n', default: 0.9, bounds: [0, 1] }],
  equation: 'R / (1 + (i * omega * tau)^n)',
});
const up = [100, 1e-3, 0.9];
const tUk = timeIt(() => userZarc.kernel(up, 0, grid, kr, ki), 20, 11, 50);
const tUg = timeIt(() => userZarc.gradient(up, 0, grid, kr, ki, gr, gi, 0), 5, 11, 10);
rows.push(`| Zq (defineElement, mathjs; same formula as Zarc) | ${((tUk * 1000) / N_FREQ).toFixed(0)} | ${((tUg * 1000) / N_FREQ).toFixed(0)} |`);

const f2 = (x: number) => x.toFixed(2);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const md = `## Elements and compiled circuits (bench/elements.ts)

Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, ${os.platform()} ${os.arch()}.
Circuit \`R0-p(R1,CPE1)-p(R2,CPE2)\`, 71 frequencies (1 MHz → 0.1 Hz, 10 per decade), caller-supplied
output buffers.
The hand-written version is inline re/im arithmetic with the same ω-grid precomputed (ln ω cached).

| what | median CPU time per call (fastest batch) | goal | hand-written median (fastest) | ratio (median of per-batch ratios) |
|---|---|---|---|---|
| \`model.evaluate\` (value) | ${f2(ev.a)} µs (${f2(ev.min)}) | < 3 µs | ${f2(ev.b)} µs (${f2(ev.minB)}) | ${f2(ev.ratio)}× |
| \`model.evaluate\` vs hand-written with one loop per branch | ${f2(sp.a)} µs (${f2(sp.min)}) | | ${f2(sp.b)} µs (${f2(sp.minB)}) | ${f2(sp.ratio)}× |
| \`model.jacobian\` (value + 7 columns) | ${f2(jb.a)} µs (${f2(jb.min)}) | < 5 µs | ${f2(jb.b)} µs (${f2(jb.minB)}) | ${f2(jb.ratio)}× |

Load average while measuring: ${os.loadavg().map((x) => x.toFixed(1)).join(', ')} (1, 5, 15 min).
Compiled and hand-written run in alternating batches (61 × 2000 calls each, after 20 000 warm-up pairs), so
the ratio column is robust to load on the shared machine even when absolute times are not. Times are process
CPU time (\`process.cpuUsage\`, user + system), not wall time, so waiting for a core is not counted.

Compiled and hand-written results agree (max relative difference ${maxRel.toExponential(1)} for Z, ${maxRelJ.toExponential(1)} for the Jacobian).

Per-element cost, CPU ns per frequency point (71 points, default parameters):

| element | kernel (value) | gradient (value + partials) |
|---|---|---|
${rows.join('\n')}
`;
const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'results', 'elements.md'), md);
console.log(md);
