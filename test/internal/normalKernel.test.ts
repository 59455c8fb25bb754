import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLmWorkspace, levenbergMarquardt, normalEquations, solveTrialStep, type LeastSquaresProblem } from '../../src/fit/lm.js';
import { createNormalKernel, normalKernelModule } from '../../src/internal/normalKernel.js';
import { NORMAL_WASM_SIZE, NORMAL_WAT_SHA256, normalWasmBytes } from '../../src/internal/normalWasm.js';
import { expectClose, seeded } from '../helpers/close.js';

const watPath = new URL('../../tools/wasm/normal.wat', import.meta.url);

describe('normal-equations kernel: provenance of the embedded binary', () => {
  it('was assembled from the committed tools/wasm/normal.wat', () => {
    const sha = createHash('sha256').update(readFileSync(watPath, 'utf8')).digest('hex');
    expect(sha).toBe(NORMAL_WAT_SHA256);
  });

  it('normal.wat is what tools/wasm/gen.mjs generates', async () => {
    const gen = (await import(new URL('../../tools/wasm/gen.mjs', import.meta.url).href as string)) as { genWat: () => string };
    expect(gen.genWat()).toBe(readFileSync(watPath, 'utf8'));
  });

  it('is small enough for a synchronous compile on a browser main thread (< 4 KB) and validates', () => {
    const bytes = normalWasmBytes();
    expect(bytes.length).toBe(NORMAL_WASM_SIZE);
    expect(bytes.length).toBeLessThan(4096);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(normalKernelModule()).not.toBeNull();
  });
});

/** Columns of very different scales, as in circuit fits, some rows cancelling. */
function fill(k: { J: Float64Array; r: Float64Array; m: number; n: number }, seed: number): void {
  const rnd = seeded(seed);
  for (let a = 0; a < k.n; a++) {
    const scale = Math.pow(10, 8 * rnd() - 4);
    for (let i = 0; i < k.m; i++) k.J[a * k.m + i] = scale * (rnd() - 0.5);
  }
  for (let i = 0; i < k.m; i++) k.r[i] = rnd() - 0.5;
}

describe('normal-equations kernel: A = JᵀJ and g = Jᵀr equal the JavaScript sums to rounding', () => {
  const cases: [number, number][] = [];
  for (const m of [1, 2, 3, 7, 71, 141, 142, 200]) for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16]) cases.push([m, n]);
  it.each(cases)('m = %i, n = %i', (m, n) => {
    const k = createNormalKernel(m, n)!;
    expect(k).not.toBeNull();
    // Sentinels everywhere the kernel must not write.
    new Float64Array(k.A.buffer).fill(NaN);
    fill(k, 7 * m + n);
    k.JTrial.set(k.J);
    k.rTrial.set(k.r);
    const A = new Float64Array(n * n);
    const g = new Float64Array(n);
    normalEquations(k.J, k.r, m, n, A, g);
    let rr = 0;
    for (let i = 0; i < m; i++) rr += k.r[i] * k.r[i];
    for (const [J, r] of [[k.J, k.r], [k.JTrial, k.rTrial], [k.J, k.rTrial], [k.JTrial, k.r]] as const) {
      k.A.fill(NaN);
      k.g.fill(NaN);
      k.normal(J.byteOffset, r.byteOffset);
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          const tol = 4e-15 * Math.sqrt(A[a * n + a] * A[b * n + b]);
          if (!(Math.abs(k.A[a * n + b] - A[a * n + b]) <= tol)) expect.fail(`A[${a},${b}] = ${k.A[a * n + b]}, JS ${A[a * n + b]}`);
        }
        const tg = 4e-15 * Math.sqrt(A[a * n + a] * rr);
        if (!(Math.abs(k.g[a] - g[a]) <= tg)) expect.fail(`g[${a}] = ${k.g[a]}, JS ${g[a]}`);
      }
      // Exactly symmetric, and the inputs untouched.
      for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) expect(k.A[a * n + b]).toBe(k.A[b * n + a]);
    }
    const rnd = seeded(7 * m + n);
    for (let a = 0; a < n; a++) {
      const scale = Math.pow(10, 8 * rnd() - 4);
      for (let i = 0; i < m; i++) expect(k.J[a * m + i]).toBe(scale * (rnd() - 0.5));
    }
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => createNormalKernel(0, 3)).toThrow(RangeError);
    expect(() => createNormalKernel(3, 1.5)).toThrow(RangeError);
  });
});

type TrialCase = 'SPD' | 'SPD, λ = 0' | 'rank-deficient, λ = 0' | 'indefinite, λ = 0 (retries from 1e-12)' | 'NaN (never factors)';

describe('trial kernel: the damped step equals solveTrialStep', () => {
  const kinds: TrialCase[] = ['SPD', 'SPD, λ = 0', 'rank-deficient, λ = 0', 'indefinite, λ = 0 (retries from 1e-12)', 'NaN (never factors)'];
  const cases: [number, TrialCase][] = [];
  for (let n = 1; n <= 12; n++) for (const kind of kinds) cases.push([n, kind]);
  it.each(cases)('n = %i, %s', (n, kind) => {
    // A and g from a Jacobian with columns of very different scales (m < n: rank-deficient).
    const m = kind === 'rank-deficient, λ = 0' ? Math.max(1, n - 2) : 3 * n + 2;
    const k = createNormalKernel(m, n)!;
    fill(k, 31 * n + kinds.indexOf(kind));
    k.normal(k.J.byteOffset, k.r.byteOffset);
    if (kind.startsWith('indefinite')) k.A[(n >> 1) * (n + 1)] *= -0.5;
    if (kind === 'NaN (never factors)') k.A[n * n - 1] = NaN;
    for (let a = 0; a < n; a++) k.invScale[a] = 1 / Math.sqrt(Math.abs(k.A[a * n + a]));
    const lambda0 = kind === 'SPD' ? 1e-3 : 0;
    // The JavaScript reference on copies of the inputs.
    const A = k.A.slice();
    const g = k.g.slice();
    const invScale = k.invScale.slice();
    const L = new Float64Array(n * n);
    const invDiag = new Float64Array(n);
    const rhs = new Float64Array(n);
    const delta = new Float64Array(n);
    const out = new Float64Array(2);
    const lambda = solveTrialStep(n, lambda0, A, g, invScale, L, invDiag, rhs, delta, out);
    // Everything but the outputs (L's lower triangle, rhs, one scratch value, invDiag, delta,
    // trialOut) must stay untouched: mark L's upper triangle and the outputs, snapshot the rest.
    k.L.fill(7);
    for (const v of [k.rhs, k.invDiag, k.delta, k.trialOut]) v.fill(NaN);
    const mem = new Float64Array(k.A.buffer);
    const before = mem.slice();
    const used = k.trial(lambda0);
    const written = new Set<number>();
    for (let a = 0; a < n; a++) for (let b = 0; b <= a; b++) written.add(k.L.byteOffset / 8 + a * n + b);
    for (const v of [k.rhs, k.invDiag, k.delta, k.trialOut]) for (let a = 0; a < v.length; a++) written.add(v.byteOffset / 8 + a);
    written.add(k.invScale.byteOffset / 8 + n);
    for (let i = 0; i < mem.length; i++) if (!written.has(i) && !Object.is(mem[i], before[i])) expect.fail(`wrote word ${i}`);
    // The same λ sequence (max(10λ, 1e-12) per failed attempt) and the same final λ.
    expect(k.trialOut[1]).toBe(out[1]);
    if (kind === 'NaN (never factors)') {
      expect(used).toBeNaN();
      expect(lambda).toBeNaN();
      expect(k.trialOut[1]).toBeGreaterThan(1e40);
      return;
    }
    expect(used).toBe(lambda);
    // Scaled diagonal −0.5 + λ: factors from λ = 1e-12·10¹² = 1 on.
    if (kind.startsWith('indefinite')) expect(used).toBeGreaterThanOrEqual(0.5);
    // δ to rounding: each scaled component relative to the largest; the predicted reduction
    // relative to its two terms.
    let ymax = 0;
    for (let a = 0; a < n; a++) ymax = Math.max(ymax, Math.abs(rhs[a]));
    let gd = 0;
    let dAd = 0;
    for (let a = 0; a < n; a++) {
      if (!(Math.abs(k.delta[a] - delta[a]) <= 1e-13 * ymax * invScale[a])) expect.fail(`delta[${a}] = ${k.delta[a]}, JS ${delta[a]}`);
      if (!(Math.abs(k.rhs[a] - rhs[a]) <= 1e-13 * ymax)) expect.fail(`rhs[${a}] = ${k.rhs[a]}, JS ${rhs[a]}`);
      expectClose(k.invDiag[a], invDiag[a], 1e-13);
      gd += g[a] * delta[a];
      for (let b = 0; b < n; b++) dAd += delta[a] * A[a * n + b] * delta[b];
    }
    expect(Math.abs(k.trialOut[0] - out[0])).toBeLessThanOrEqual(1e-13 * (2 * Math.abs(gd) + Math.abs(dAd)));
    // The Cholesky factor solves the damped system it was built from.
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let b = 0; b < n; b++) s += (A[a * n + b] * invScale[a] * invScale[b] + (a === b ? used : 0)) * rhs[b];
      expect(Math.abs(s + g[a] * invScale[a])).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(g[a] * invScale[a])) * (1 + ymax));
    }
    // Documented: the same operations in the same order, so bit for bit.
    for (let a = 0; a < n; a++) expect(Object.is(k.delta[a], delta[a]) && Object.is(k.rhs[a], rhs[a])).toBe(true);
    expect(Object.is(k.trialOut[0], out[0])).toBe(true);
    for (let a = 0; a < n; a++) for (let b = 0; b <= a; b++) expect(k.L[a * n + b]).toBe(L[a * n + b]);
  });
});

describe('levenbergMarquardt: the SIMD workspace reaches the JavaScript one', () => {
  // Exponential decay y = a·exp(−b·t) + c, 40 points (analytic Jacobian).
  const t = Float64Array.from({ length: 40 }, (_, i) => i / 4);
  const y = Float64Array.from(t, (ti) => 3 * Math.exp(-0.7 * ti) + 0.5 + 0.01 * Math.sin(7 * ti));
  const problem: LeastSquaresProblem = {
    residualCount: 40,
    parameterCount: 3,
    evaluate(x, r, J) {
      for (let i = 0; i < 40; i++) {
        const e = Math.exp(-x[1] * t[i]);
        r[i] = x[0] * e + x[2] - y[i];
        if (J) {
          J[i] = e;
          J[40 + i] = -x[0] * t[i] * e;
          J[80 + i] = 1;
        }
      }
    },
  };
  it('same minimum, same covariance matrix to rounding', () => {
    const simd = createLmWorkspace(40, 3);
    const js = createLmWorkspace(40, 3, { simd: false });
    expect(simd.simd).toBe(true);
    expect(js.simd).toBe(false);
    const a = levenbergMarquardt(problem, [1, 1, 0], { workspace: simd });
    const b = levenbergMarquardt(problem, [1, 1, 0], { workspace: js });
    expect(a.converged && b.converged).toBe(true);
    for (let j = 0; j < 3; j++) expectClose(a.x[j], b.x[j], 1e-9);
    expectClose(a.cost, b.cost, 1e-9);
    expect(a.normal).not.toBeNull();
    expect(b.normal).not.toBeNull();
    // LmResult.normal is JᵀJ of the returned Jacobian.
    const A = new Float64Array(9);
    normalEquations(a.jacobian, a.residuals, 40, 3, A, new Float64Array(3));
    for (let i = 0; i < 9; i++) expectClose(a.normal![i], A[i], 1e-13);
  });

  // Geodesic acceleration solves with the kernel's factor in JavaScript; a negative damping makes
  // the first trial retry; a NaN damping never factors (the last λ is reported).
  const variants: [string, { geodesic?: boolean; initialDamping?: number }][] = [
    ['geodesic', { geodesic: true }],
    ['initialDamping −10 (retries)', { initialDamping: -10 }],
    ['geodesic, initialDamping −10', { geodesic: true, initialDamping: -10 }],
  ];
  it.each(variants)('%s: same minimum, evaluations and damping', (_, options) => {
    const a = levenbergMarquardt(problem, [1, 1, 0], { ...options, workspace: createLmWorkspace(40, 3) });
    const b = levenbergMarquardt(problem, [1, 1, 0], { ...options, workspace: createLmWorkspace(40, 3, { simd: false }) });
    expect(a.converged && b.converged).toBe(true);
    for (let j = 0; j < 3; j++) expectClose(a.x[j], b.x[j], 1e-9);
    expectClose(a.cost, b.cost, 1e-9);
    expect([a.iterations, a.evaluations, a.reason]).toEqual([b.iterations, b.evaluations, b.reason]);
    expectClose(a.damping, b.damping, 1e-6);
  });

  it('initialDamping NaN: stops non-finite on the first trial with damping NaN in both', () => {
    for (const simd of [true, false]) {
      const res = levenbergMarquardt(problem, [1, 1, 0], { initialDamping: NaN, workspace: createLmWorkspace(40, 3, { simd }) });
      expect([res.reason, res.converged, res.iterations, res.evaluations]).toEqual(['non-finite', false, 1, 1]);
      expect(res.damping).toBeNaN();
    }
  });
});
