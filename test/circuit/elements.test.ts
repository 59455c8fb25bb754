import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ELEMENTS, builtinElements } from '../../src/circuit/elements/builtin.js';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import type { CircuitNode, ElementDefinition } from '../../src/circuit/types.js';
import { expectClose, seeded } from '../helpers/close.js';
import { REGISTER, gradientAt, kernelAt, sampleParams, type C } from './elementsRegister.js';

const math = create(all);
const TWO_PI = 2 * Math.PI;

function def(symbol: string): ElementDefinition {
  const d = BUILTIN_ELEMENTS.get(symbol);
  if (!d) throw new Error(`no element ${symbol}`);
  return d;
}

/** |a − b| ≤ rel·|b| + abs, as complex magnitudes. */
function expectComplexClose(a: C, b: C, rel: number, label: string, abs = 0): void {
  const err = Math.hypot(a[0] - b[0], a[1] - b[1]);
  const tol = rel * Math.hypot(b[0], b[1]) + abs;
  if (!(err <= tol)) {
    expect.fail(`${label}: got ${a[0]} ${a[1] >= 0 ? '+' : '-'} ${Math.abs(a[1])}j, expected ${b[0]} ${b[1] >= 0 ? '+' : '-'} ${Math.abs(b[1])}j (|Δ|/|Z| = ${(err / Math.hypot(b[0], b[1])).toExponential(2)})`);
  }
}

function oracle(d: ElementDefinition) {
  const code = math.compile(d.equation);
  return (p: number[], w: number): C => {
    const scope: Record<string, number> = { omega: w };
    d.parameters.forEach((s, k) => (scope[s.name] = p[k]));
    const z = code.evaluate(scope) as number | { re: number; im: number };
    return typeof z === 'number' ? [z, 0] : [z.re, z.im];
  };
}

describe('element catalog structure', () => {
  it('covers the catalog of issue 2', () => {
    expect(builtinElements.map((e) => e.symbol)).toEqual(REGISTER.map((r) => r.symbol));
  });
  it.each(builtinElements.map((e) => [e.symbol, e] as const))('%s declares valid parameters and an equation in omega, i and its names', (_s, e) => {
    expect(e.symbol).toMatch(/^[A-Za-z]+$/);
    expect(e.reference.length).toBeGreaterThan(10);
    for (const p of e.parameters) {
      expect(p.bounds[0]).toBeLessThan(p.bounds[1]);
      expect(p.default).toBeGreaterThan(p.bounds[0]);
      expect(p.default).toBeLessThan(p.bounds[1]);
      if (p.scale === 'log') expect(p.bounds).toEqual([0, Infinity]);
      else expect(p.bounds).toEqual([0, 1]);
      expect(p.unit.length).toBeGreaterThan(0);
    }
    const names = new Set(['omega', 'i', ...e.parameters.map((p) => p.name)]);
    const symbols = new Set<string>();
    math.parse(e.equation).traverse((node, _path, parent) => {
      if ((node as { isSymbolNode?: boolean }).isSymbolNode && !(parent && (parent as { isFunctionNode?: boolean }).isFunctionNode && (parent as unknown as { fn: unknown }).fn === node)) {
        symbols.add((node as unknown as { name: string }).name);
      }
    });
    expect([...symbols].filter((s) => !names.has(s))).toEqual([]);
    for (const p of e.parameters) expect(symbols.has(p.name), `${p.name} used in equation`).toBe(true);
  });
});

describe('catalog elements in circuit strings', () => {
  it.each(builtinElements.map((e) => [e.symbol, e] as const))('R90-p(R91,%s1) compiles with impedance.py keys and evaluates like the kernel', (symbol, e) => {
    const model = compileCircuit(`R90-p(R91,${symbol}1)`);
    const n = e.parameters.length;
    const keys = n === 1 ? [`${symbol}1`] : e.parameters.map((_, k) => `${symbol}1_${k}`);
    expect(model.parameters.map((p) => p.key)).toEqual(['R90', 'R91', ...keys]);
    expect(model.parameters.slice(2).map((p) => p.alias)).toEqual(e.parameters.map((p) => `${symbol}1.${p.name}`));
    const p = e.parameters.map((q) => q.default);
    const f = new Float64Array([0.1, 10, 1e4]);
    const z = model.evaluate([5, 1e3, ...p], f);
    const k = kernelAt(e, p, Array.from(f, (x) => TWO_PI * x));
    for (let i = 0; i < f.length; i++) {
      const y: C = [1e-3 + k.re[i] / (k.re[i] ** 2 + k.im[i] ** 2), -k.im[i] / (k.re[i] ** 2 + k.im[i] ** 2)];
      const d = y[0] ** 2 + y[1] ** 2;
      expectComplexClose([z.re[i], z.im[i]], [5 + y[0] / d, -y[1] / d], 1e-12, `${symbol} at ${f[i]} Hz`);
    }
  });
});

describe('correctness register', () => {
  describe.each(REGISTER.map((r) => [r.symbol, r] as const))('%s', (symbol, row) => {
    const d = def(symbol);
    const z = oracle(d);

    it(`${symbol}: kernel equals mathjs evaluation of its equation at 60 random parameter sets (relative 1e-10)`, () => {
      const rnd = seeded(symbol.length * 7919 + symbol.charCodeAt(0));
      let compared = 0;
      for (let set = 0; set < 60; set++) {
        // Draw parameters, then frequencies in 1e-3..1e7 Hz inside the domain
        // where mathjs itself is accurate; redraw parameters that leave none.
        let p: number[] = [];
        let ws: number[] = [];
        for (let draw = 0; ws.length < 8 && draw < 200; draw++) {
          p = sampleParams(row.ranges, rnd);
          ws = [];
          for (let tries = 0; ws.length < 8 && tries < 400; tries++) {
            const w = TWO_PI * 10 ** (-3 + 10 * rnd());
            if (!row.oracleDomain || row.oracleDomain(p, w)) ws.push(w);
          }
        }
        expect(ws.length, `oracle domain too narrow for ${symbol}`).toBe(8);
        const k = kernelAt(d, p, ws);
        for (let i = 0; i < ws.length; i++) {
          expectComplexClose([k.re[i], k.im[i]], z(p, ws[i]), 1e-10, `${symbol}(${p.join(', ')}) at ω=${ws[i]}`);
          compared++;
        }
      }
      expect(compared).toBe(480);
    });

    it(`${symbol}: analytic partial derivatives equal central finite differences (relative 1e-6)`, () => {
      const rnd = seeded(symbol.charCodeAt(0) * 31 + 5);
      for (let set = 0; set < 30; set++) {
        const p = sampleParams(row.ranges, rnd);
        const ws = Array.from({ length: 12 }, () => TWO_PI * 10 ** (-3 + 10 * rnd()));
        const g = gradientAt(d, p, ws, 2);
        const k0 = kernelAt(d, p, ws);
        for (let i = 0; i < ws.length; i++) {
          expectComplexClose([g.re[i], g.im[i]], [k0.re[i], k0.im[i]], 1e-14, 'gradient value = kernel value');
        }
        for (let j = 0; j < p.length; j++) {
          const spec = d.parameters[j];
          const scale = spec.scale === 'log' ? Math.abs(p[j]) : 1;
          const h = 1e-6 * scale;
          const up = p.slice();
          const dn = p.slice();
          up[j] += h;
          dn[j] -= h;
          const zu = kernelAt(d, up, ws);
          const zd = kernelAt(d, dn, ws);
          for (let i = 0; i < ws.length; i++) {
            const fd: C = [(zu.re[i] - zd.re[i]) / (2 * h), (zu.im[i] - zd.im[i]) / (2 * h)];
            const an: C = [g.dRe[j * ws.length + i], g.dIm[j * ws.length + i]];
            const zmag = Math.hypot(k0.re[i], k0.im[i]) / scale;
            expectComplexClose(an, fd, 1e-6, `∂${symbol}/∂${spec.name} at p=${p} ω=${ws[i]}`, 1e-6 * zmag);
          }
        }
      }
    });

    it(`${symbol}: ω→0 and ω→∞ limits match the analytic asymptotes`, () => {
      const p = row.limitParams;
      for (const side of [row.low, row.high]) {
        const w = side.w(p);
        const k = kernelAt(d, p, [w]);
        expectComplexClose([k.re[0], k.im[0]], side.z(p, w), 1e-7, `${symbol} at ω=${w}`);
      }
    });
  });
});

/** Value of one unit in the last printed digit of `x` (0 for exact zero). */
function lastDigitUnit(x: number): number {
  if (x === 0) return 0;
  const [mant, exp = '0'] = Math.abs(x).toExponential().split('e');
  const decimals = (mant.split('.')[1] ?? '').length;
  return 10 ** (Number(exp) - decimals);
}

describe('impedance.py published element values (test_circuit_elements.py)', () => {
  // impedance.py evaluates each element at f = [0.001, 1, 1000] Hz with
  // parameters [0.1, 0.2, 0.3, 0.4][:n] and compares with np.isclose.
  const freqs = [0.001, 1.0, 1000];
  const published: Record<string, C[]> = {
    R: [[0.1, 0], [0.1, 0], [0.1, 0]],
    C: [[0, -1591.5494309189532], [0, -1.5915494309189535], [0, -0.0015915494309189533]],
    L: [[0, 0.000628319], [0, 0.628319], [0, 628.319]],
    W: [[1.26156626, -1.26156626], [0.03989423, -0.03989423], [0.00126157, -0.00126157]],
    Wo: [[0.033333332999112786, -79.57747433847442], [0.03300437046673635, -0.08232866785870396], [0.0019947114020071634, -0.0019947114020071634]],
    Ws: [[0.09999998, -4.18878913e-5], [0.08327519, -3.33838167e-2], [0.00199471, -1.9947114e-3]],
    CPE: [[26.216236841407248, -8.51817171087997], [6.585220960717244, -2.139667994182814], [1.6541327179718126, -0.537460300252313]],
    G: [[0.09999994078244179, -0.00006283179105931961], [0.07107755021941357, -0.03427465211788068], [0.00199550459845528, -0.0019939172581851707]],
    Gs: [[0.3432733166533134, -0.00041895248193532704], [0.1391819314527732, -0.16248466787637972], [0.0019955029598887875, -0.0019939170758457437]],
    TLMQ: [[20.42237173, -10.38874276], [2.6000937, -1.30789949], [0.35594139, -0.16491599]],
    K: [[0.099999842086579, -0.000125663507704], [0.038772663673915, -0.048723166143232], [6.332569967499333e-8, -7.957742115295703e-5]],
  };
  it.each(Object.entries(published))('%s reproduces impedance.py to its printed digits', (symbol, values) => {
    const d = def(symbol);
    const p = [0.1, 0.2, 0.3, 0.4].slice(0, d.parameters.length);
    const k = kernelAt(d, p, freqs.map((f) => TWO_PI * f));
    // impedance.py prints 6 to 17 significant digits: each component must agree to
    // half a unit of its last printed digit (plus 1e-13·|Z| for float rounding).
    values.forEach((v, i) => {
      const zmag = Math.hypot(v[0], v[1]);
      for (const [got, want, part] of [[k.re[i], v[0], 're'], [k.im[i], v[1], 'im']] as const) {
        const tol = 0.5 * lastDigitUnit(want) + 1e-13 * zmag;
        if (!(Math.abs(got - want) <= tol)) expect.fail(`${symbol} ${part} at f=${freqs[i]}: ${got} vs published ${want} (tol ${tol})`);
      }
    });
  });

  it('La follows the published L(jω)^α, not impedance.py code (L·jω)^α (impedance.py issues #286, #312)', () => {
    const impedancePyLa: C[] = [[0.21769191, 0.07073239], [0.86664712, 0.28159072], [3.45018434, 1.12103285]];
    const d = def('La');
    const k = kernelAt(d, [0.1, 0.2], freqs.map((f) => TWO_PI * f));
    freqs.forEach((f, i) => {
      const w = TWO_PI * f;
      // impedance.py's table is (L jω)^α ...
      const buggy = math.evaluate('(L * i * omega)^alpha', { L: 0.1, alpha: 0.2, omega: w }) as { re: number; im: number };
      expectComplexClose([buggy.re, buggy.im], impedancePyLa[i], 1e-7, `impedance.py La at ${f}`);
      // ... while eiskit's La is L (jω)^α.
      const ok = 0.1 * w ** 0.2;
      expectComplexClose([k.re[i], k.im[i]], [ok * Math.cos(0.1 * Math.PI), ok * Math.sin(0.1 * Math.PI)], 1e-12, `La at ${f}`);
      expect(Math.hypot(k.re[i] - buggy.re, k.im[i] - buggy.im)).toBeGreaterThan(0.01);
    });
  });
});

const el = (symbol: string, name: string): CircuitNode => ({ type: 'element', symbol, name });
const par = (...children: CircuitNode[]): CircuitNode => ({ type: 'parallel', children });
const ser = (...children: CircuitNode[]): CircuitNode => ({ type: 'series', children });

describe('special-case reductions', () => {
  const f = Float64Array.from({ length: 41 }, (_, i) => 10 ** (-3 + i / 4));
  const w = Array.from(f, (x) => TWO_PI * x);
  const same = (a: { re: Float64Array; im: Float64Array }, b: { re: Float64Array; im: Float64Array }, rel: number, label: string) => {
    for (let i = 0; i < a.re.length; i++) expectComplexClose([a.re[i], a.im[i]], [b.re[i], b.im[i]], rel, `${label}[${i}]`);
  };

  it('CPE with α = 1 equals C with C = Q', () => {
    same(kernelAt(def('CPE'), [2e-6, 1], w), kernelAt(def('C'), [2e-6], w), 1e-14, 'CPE→C');
  });
  it('La with α = 1 equals L, and with α = 0 a resistor of L Ω', () => {
    same(kernelAt(def('La'), [3e-6, 1], w), kernelAt(def('L'), [3e-6], w), 1e-14, 'La→L');
    same(kernelAt(def('La'), [42, 0], w), kernelAt(def('R'), [42], w), 1e-14, 'La→R');
  });
  it('Zarc with n = 1 equals p(R1,C1) with C = τ/R, and K equals it too', () => {
    const [r, tau] = [250, 3e-4];
    const rc = compileCircuit(par(el('R', 'R1'), el('C', 'C1'))).evaluate([r, tau / r], f);
    same(kernelAt(def('Zarc'), [r, tau, 1], w), rc, 1e-12, 'Zarc→RC');
    same(kernelAt(def('K'), [r, tau], w), rc, 1e-12, 'K→RC');
  });
  it('Zarc equals p(R1,CPE1) with Q = τ^n/R', () => {
    const [r, tau, n] = [250, 3e-4, 0.73];
    const rq = compileCircuit(par(el('R', 'R1'), el('CPE', 'CPE1'))).evaluate([r, tau ** n / r, n], f);
    same(kernelAt(def('Zarc'), [r, tau, n], w), rq, 1e-12, 'Zarc→RQ');
  });
  it('Havriliak–Negami reduces to Cole–Cole (β = 1 is Zarc) and Debye (α = β = 1 is K)', () => {
    same(kernelAt(def('HN'), [80, 2e-3, 0.7, 1], w), kernelAt(def('Zarc'), [80, 2e-3, 0.7], w), 1e-13, 'HN→Zarc');
    same(kernelAt(def('HN'), [80, 2e-3, 1, 1], w), kernelAt(def('K'), [80, 2e-3], w), 1e-13, 'HN→K');
  });
  it('Havriliak–Negami with α = 1 is Cole–Davidson R/(1 + jωτ)^β', () => {
    const k = kernelAt(def('HN'), [80, 2e-3, 1, 0.6], w);
    w.forEach((x, i) => {
      const v = math.evaluate('80 / (1 + i * w * 2e-3)^0.6', { w: x }) as { re: number; im: number };
      expectComplexClose([k.re[i], k.im[i]], [v.re, v.im], 1e-12, `CD[${i}]`);
    });
  });
  it('Ws → Z0 and Wo → C = τ/Z0 in series with Z0/3 at low frequency', () => {
    const [z0, tau] = [150, 20];
    const lowF = Float64Array.from([1e-9, 1e-8, 1e-7]);
    const lw = Array.from(lowF, (x) => TWO_PI * x);
    const ws = kernelAt(def('Ws'), [z0, tau], lw);
    lw.forEach((_, i) => expectComplexClose([ws.re[i], ws.im[i]], [z0, 0], 1e-5, 'Ws DC'));
    const rc = compileCircuit(ser(el('R', 'R1'), el('C', 'C1'))).evaluate([z0 / 3, tau / z0], lowF);
    // neglected term Z0·jωτ/45 is (ωτ)²/45 ≈ 3.5e-12 relative at 1e-7 Hz
    same(kernelAt(def('Wo'), [z0, tau], lw), rc, 1e-11, 'Wo→R-C');
  });
  it('Wo and Ws both tend to the Warburg Z0/√(jωτ) at high frequency', () => {
    const [z0, tau] = [150, 20];
    const hw = [1e5, 1e7, 1e9];
    const wo = kernelAt(def('Wo'), [z0, tau], hw);
    const wsz = kernelAt(def('Ws'), [z0, tau], hw);
    // W with A_W = Z0/√(2τ) has Z = A_W(1 − j)/√ω = Z0/√(jωτ)
    const wb = kernelAt(def('W'), [z0 / Math.sqrt(2 * tau)], hw);
    same(wo, wb, 1e-13, 'Wo→W');
    same(wsz, wb, 1e-13, 'Ws→W');
  });
  it('TLMQ with γ = 1 equals Wo(Z0 = R_ion, τ = R_ion·Q); TLMt with R_ct → ∞ and α = 1 equals Ws', () => {
    const [ri, q] = [30, 2e-4];
    same(kernelAt(def('TLMQ'), [ri, q, 1], w), kernelAt(def('Wo'), [ri, ri * q], w), 1e-12, 'TLMQ→Wo');
    same(kernelAt(def('TLMt'), [ri, 1e30, q, 1], w), kernelAt(def('Ws'), [ri, ri * q], w), 1e-12, 'TLMt→Ws');
  });
  it('TLMct with R_ct → ∞ is the blocking line TLMQ', () => {
    same(kernelAt(def('TLMct'), [30, 1e30, 2e-4, 0.85], w), kernelAt(def('TLMQ'), [30, 2e-4, 0.85], w), 1e-12, 'TLMct→TLMQ');
  });
  it('blocking line: R_ion/3 + ζ at low frequency and √(R_ion ζ) at high frequency', () => {
    const [ri, q, g] = [30, 2e-4, 0.9];
    const lo = (1e-4 / (ri * q)) ** (1 / g);
    const hi = (1e9 / (ri * q)) ** (1 / g);
    const k = kernelAt(def('TLMQ'), [ri, q, g], [lo, hi]);
    const zeta = (x: number): C => {
      const m = 1 / (q * x ** g);
      return [m * Math.cos((g * Math.PI) / 2), -m * Math.sin((g * Math.PI) / 2)];
    };
    const zl = zeta(lo);
    expectComplexClose([k.re[0], k.im[0]], [zl[0] + ri / 3, zl[1]], 1e-8, 'low');
    const zh = zeta(hi);
    const m = Math.sqrt(ri * Math.hypot(zh[0], zh[1]));
    const t = Math.atan2(zh[1], zh[0]) / 2;
    expectComplexClose([k.re[1], k.im[1]], [m * Math.cos(t), m * Math.sin(t)], 1e-12, 'high');
  });
  it('Gs with large φ equals the Gerischer G', () => {
    same(kernelAt(def('Gs'), [70, 1e-3, 40], w), kernelAt(def('G'), [70, 1e-3], w), 1e-13, 'Gs→G');
  });
});

describe('finite values at extreme arguments', () => {
  const freq = Array.from({ length: 31 }, (_, i) => 10 ** (-6 + (15 * i) / 30));
  const w = freq.map((f) => TWO_PI * f);
  const values = (spec: ElementDefinition['parameters'][number]) =>
    spec.scale === 'log' ? [1e-15, spec.default, 1e15] : [0, 1e-12, 0.5, 1];

  it.each(builtinElements.map((e) => [e.symbol, e] as const))('%s is finite (value and partials) for parameters across their bounds at 1e-6..1e9 Hz', (_s, d) => {
    const grid = d.parameters.map(values);
    const combos: number[][] = grid.reduce<number[][]>((acc, vs) => acc.flatMap((a) => vs.map((v) => [...a, v])), [[]]);
    for (const p of combos) {
      const g = gradientAt(d, p, w);
      for (let i = 0; i < w.length; i++) {
        const ok = Number.isFinite(g.re[i]) && Number.isFinite(g.im[i]);
        if (!ok) expect.fail(`${d.symbol}(${p}) at f=${freq[i]}: ${g.re[i]}, ${g.im[i]}`);
      }
      for (let j = 0; j < g.dRe.length; j++) {
        if (!Number.isFinite(g.dRe[j]) || !Number.isFinite(g.dIm[j])) {
          expect.fail(`∂${d.symbol}/∂${d.parameters[Math.floor(j / w.length)].name} (${p}) at f=${freq[j % w.length]}: ${g.dRe[j]}, ${g.dIm[j]}`);
        }
      }
    }
  });

  it('tanh/coth of huge |√(jωτ)| give the Warburg limit, not NaN (Wo, Ws at ωτ up to 6e24)', () => {
    for (const s of ['Wo', 'Ws']) {
      const k = kernelAt(def(s), [1, 1e15], [TWO_PI * 1e9]);
      const m = 1 / Math.sqrt(TWO_PI * 1e24 * 1.0000000000000002 / 1.0000000000000002);
      expectComplexClose([k.re[0], k.im[0]], [m / Math.SQRT2, -m / Math.SQRT2], 1e-12, s);
    }
  });
  it('Wo and Ws keep every part accurate for small ωτ, on both sides of the series switch at |x| = 1e-3 (cancellation-free reference)', () => {
    // With u = √(2ωτ): sinh u ∓ sin u = 2·S3, 2·S1 and cosh u ∓ cos u = 2·S2, 2·S0, where
    // S_r = Σ_k u^(4k+r)/(4k+r)!. Then coth(s)/s = (S3 − j·S1)/(u·S2) and
    // tanh(s)/s = (S1 − j·S3)/(u·S0) for s = √(jωτ) — no cancellation anywhere.
    const S = (u: number, r: number) => {
      let sum = 0;
      for (let k = 0; k < 30; k++) {
        let term = 1;
        for (let q = 1; q <= 4 * k + r; q++) term *= u / q;
        sum += term;
      }
      return sum;
    };
    for (const x of [1e-12, 1e-8, 0.99e-3, 1.01e-3, 1e-2, 0.5, 3]) {
      const u = Math.sqrt(2 * x);
      const [s0, s1, s2, s3] = [0, 1, 2, 3].map((r) => S(u, r));
      const tau = 2;
      const wo = kernelAt(def('Wo'), [30, tau], [x / tau]);
      expectClose(wo.re[0], (30 * s3) / (u * s2), 1e-12, 0, `Re Wo at ωτ=${x}`);
      expectClose(wo.im[0], (-30 * s1) / (u * s2), 1e-12, 0, `Im Wo at ωτ=${x}`);
      const ws = kernelAt(def('Ws'), [30, tau], [x / tau]);
      expectClose(ws.re[0], (30 * s1) / (u * s0), 1e-12, 0, `Re Ws at ωτ=${x}`);
      expectClose(ws.im[0], (-30 * s3) / (u * s0), 1e-12, 0, `Im Ws at ωτ=${x}`);
    }
  });
  it('Gs with φ√(1 + jωt) beyond 1e6 equals G (no overflow in tanh)', () => {
    const a = kernelAt(def('Gs'), [5, 1e3, 1e4], [TWO_PI * 1e9]);
    const b = kernelAt(def('G'), [5, 1e3], [TWO_PI * 1e9]);
    expectComplexClose([a.re[0], a.im[0]], [b.re[0], b.im[0]], 1e-13, 'Gs');
  });
  it('α → 0 gives the resistive limits: CPE → 1/Q, Zarc → R/2, HN → R/2^β', () => {
    const ws = [1e-3, 1, 1e6];
    const cpe = kernelAt(def('CPE'), [1e-3, 1e-300], ws);
    const zarc = kernelAt(def('Zarc'), [10, 1e-3, 1e-300], ws);
    const hn = kernelAt(def('HN'), [10, 1e-3, 1e-300, 0.5], ws);
    for (let i = 0; i < ws.length; i++) {
      expectComplexClose([cpe.re[i], cpe.im[i]], [1000, 0], 1e-12, 'CPE');
      expectComplexClose([zarc.re[i], zarc.im[i]], [5, 0], 1e-12, 'Zarc');
      expectComplexClose([hn.re[i], hn.im[i]], [10 / Math.SQRT2, 0], 1e-12, 'HN');
    }
  });
  it('ωτ beyond the double range (τ = 1e300) stays finite for K, Zarc and HN', () => {
    for (const [s, p] of [['K', [10, 1e300]], ['Zarc', [10, 1e300, 0.9]], ['HN', [10, 1e300, 1, 0.5]]] as const) {
      const g = gradientAt(def(s), [...p], [TWO_PI * 1e9]);
      for (const v of [g.re[0], g.im[0], ...g.dRe, ...g.dIm]) expect(Number.isFinite(v), s).toBe(true);
    }
  });
});
