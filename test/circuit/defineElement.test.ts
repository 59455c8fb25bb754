import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { defineElement, type DefineElementInput } from '../../src/circuit/defineElement.js';
import { BUILTIN_ELEMENTS, builtinElements } from '../../src/circuit/elements/builtin.js';
import { createRegistry } from '../../src/circuit/registry.js';
import type { CircuitNode } from '../../src/circuit/types.js';
import { ParameterError } from '../../src/errors.js';
import { expectClose, seeded } from '../helpers/close.js';
import { gradientAt, kernelAt } from './elementsRegister.js';

const TWO_PI = 2 * Math.PI;
const zarcLike = defineElement({
  symbol: 'Zq',
  name: 'user ZARC',
  parameters: [
    { name: 'R', unit: 'Ω', default: 100 },
    { name: 'tau', unit: 's', default: 1e-3 },
    { name: 'n', default: 0.9, bounds: [0, 1] },
  ],
  equation: 'R / (1 + (i * omega * tau)^n)',
  reference: 'Cole & Cole (1941)',
});

describe('defineElement', () => {
  it('fills defaults: log scale for positive quantities, linear for bounded exponents, unit 1', () => {
    expect(zarcLike.parameters.map((p) => [p.name, p.scale, p.bounds, p.unit])).toEqual([
      ['R', 'log', [0, Infinity], 'Ω'],
      ['tau', 'log', [0, Infinity], 's'],
      ['n', 'linear', [0, 1], '1'],
    ]);
    expect(Object.isFrozen(zarcLike)).toBe(true);
  });

  it('kernel equals the built-in Zarc (relative 1e-12) and its finite-difference gradient matches the analytic one (1e-7)', () => {
    const rnd = seeded(11);
    const zarc = BUILTIN_ELEMENTS.get('Zarc')!;
    for (let t = 0; t < 20; t++) {
      const p = [10 ** (4 * rnd()), 10 ** (-6 + 4 * rnd()), 0.4 + 0.6 * rnd()];
      const w = Array.from({ length: 15 }, () => TWO_PI * 10 ** (-2 + 8 * rnd()));
      const a = gradientAt(zarcLike, p, w, 1);
      const b = gradientAt(zarc, p, w, 1);
      for (let i = 0; i < w.length; i++) {
        const zm = Math.hypot(b.re[i], b.im[i]);
        expectClose(a.re[i], b.re[i], 1e-12, 1e-13 * zm, 're');
        expectClose(a.im[i], b.im[i], 1e-12, 1e-13 * zm, 'im');
        for (let k = 0; k < 3; k++) {
          const scale = k < 2 ? p[k] : 1;
          const j = k * w.length + i;
          expectClose(a.dRe[j], b.dRe[j], 1e-7, 1e-7 * (zm / scale), `dRe/d${k}`);
          expectClose(a.dIm[j], b.dIm[j], 1e-7, 1e-7 * (zm / scale), `dIm/d${k}`);
        }
      }
      const k = kernelAt(zarcLike, p, w);
      for (let i = 0; i < w.length; i++) expect(k.re[i]).toBe(a.re[i]);
    }
  });

  it('works in compileCircuit with a custom registry: evaluate and jacobian (vs finite differences of evaluate)', () => {
    const fractal = defineElement({
      symbol: 'Fd',
      name: 'fractal diffusion',
      parameters: [{ name: 'A', unit: 'Ω s^-n', default: 50 }, { name: 'n', default: 0.45, bounds: [0, 1] }],
      equation: 'A / (i * omega)^n',
    });
    const elements = createRegistry([...builtinElements, fractal]);
    const ast: CircuitNode = {
      type: 'series',
      children: [
        { type: 'element', symbol: 'R', name: 'R0' },
        { type: 'parallel', children: [{ type: 'element', symbol: 'R', name: 'R1' }, { type: 'element', symbol: 'Fd', name: 'Fd1' }] },
        { type: 'element', symbol: 'Fd', name: 'Fd2' },
      ],
    };
    const model = compileCircuit(ast, { elements });
    expect(model.parameters.map((p) => p.key)).toEqual(['R0', 'R1', 'Fd1_0', 'Fd1_1', 'Fd2_0', 'Fd2_1']);
    const f = Float64Array.from({ length: 30 }, (_, i) => 10 ** (5 - i / 5));
    const p = [12, 300, 80, 0.6, 20, 0.5];
    const z = model.evaluate(p, f);
    for (let i = 0; i < f.length; i++) {
      const w = TWO_PI * f[i];
      // direct: R0 + (1/R1 + (jω)^n1/A1)^-1 + A2 (jω)^-n2
      const y1r = 1 / p[1] + (w ** p[3] * Math.cos((p[3] * Math.PI) / 2)) / p[2];
      const y1i = (w ** p[3] * Math.sin((p[3] * Math.PI) / 2)) / p[2];
      const d = y1r * y1r + y1i * y1i;
      const m2 = p[4] * w ** -p[5];
      const re = p[0] + y1r / d + m2 * Math.cos((p[5] * Math.PI) / 2);
      const im = -y1i / d - m2 * Math.sin((p[5] * Math.PI) / 2);
      expectClose(z.re[i], re, 1e-12, 0, 're');
      expectClose(z.im[i], im, 1e-12, 0, 'im');
    }
    const J = model.jacobian(p, f);
    for (let k = 0; k < p.length; k++) {
      const h = 1e-5 * Math.abs(p[k]);
      const up = p.slice();
      const dn = p.slice();
      up[k] += h;
      dn[k] -= h;
      const zu = model.evaluate(up, f);
      const zd = model.evaluate(dn, f);
      for (let i = 0; i < f.length; i++) {
        const zm = Math.hypot(z.re[i], z.im[i]) / Math.abs(p[k]);
        expectClose(J.re[k * f.length + i], (zu.re[i] - zd.re[i]) / (2 * h), 1e-6, 1e-7 * zm, `dRe/d${k}`);
        expectClose(J.im[k * f.length + i], (zu.im[i] - zd.im[i]) / (2 * h), 1e-6, 1e-7 * zm, `dIm/d${k}`);
      }
    }
    // the string form goes through parseCircuit with the same registry
    const fromString = compileCircuit('R0-p(R1,Fd1)-Fd2', { elements });
    const z2 = fromString.evaluate(p, f);
    for (let i = 0; i < f.length; i++) expect(z2.re[i]).toBe(z.re[i]);
  });

  it('accepts mathjs constants and functions and parameters that shadow constants', () => {
    const e = defineElement({ symbol: 'Ex', name: 'x', parameters: [{ name: 'e', default: 2 }], equation: 'e * exp(-i * pi / 4) / sqrt(omega)' });
    const k = kernelAt(e, [3], [4]);
    expectClose(k.re[0], (3 / 2) * Math.SQRT1_2, 1e-14);
    expectClose(k.im[0], -(3 / 2) * Math.SQRT1_2, 1e-14);
  });

  const base: DefineElementInput = { symbol: 'Xy', name: 'x', parameters: [{ name: 'a', default: 1 }], equation: 'a * i * omega' };
  const bad: Array<[string, Partial<DefineElementInput>, new (...a: never[]) => Error, string?]> = [
    ['symbol with digits', { symbol: 'X1' }, TypeError],
    ['symbol with underscore', { symbol: 'X_y' }, TypeError],
    ['empty symbol', { symbol: '' }, TypeError],
    ['reserved symbol p', { symbol: 'p' }, TypeError],
    ['empty name', { name: ' ' }, TypeError],
    ['no parameters', { parameters: [] }, TypeError],
    ['parameter named omega', { parameters: [{ name: 'omega', default: 1 }] }, TypeError],
    ['parameter named i', { parameters: [{ name: 'i', default: 1 }] }, TypeError],
    ['parameter name with a dash', { parameters: [{ name: 'a-b', default: 1 }] }, TypeError],
    ['duplicate parameter', { parameters: [{ name: 'a', default: 1 }, { name: 'a', default: 2 }] }, TypeError],
    ['NaN default', { parameters: [{ name: 'a', default: NaN }] }, ParameterError, 'NOT_FINITE'],
    ['default outside bounds', { parameters: [{ name: 'a', default: 2, bounds: [0, 1] }] }, ParameterError, 'OUT_OF_BOUNDS'],
    ['inverted bounds', { parameters: [{ name: 'a', default: 1, bounds: [2, 0] }] }, ParameterError, 'BAD_BOUNDS'],
    ['log scale with negative lower bound', { parameters: [{ name: 'a', default: 1, bounds: [-1, 5], scale: 'log' }] }, ParameterError, 'BAD_BOUNDS'],
    ['syntax error', { equation: 'a * (i * omega' }, TypeError],
    ['unknown variable', { equation: 'a * b * omega' }, TypeError],
    ['unknown function', { equation: 'foo(a) * omega' }, TypeError],
    ['parameter called as a function', { equation: 'a(omega)' }, TypeError],
    ['non-scalar result', { equation: '[a, omega]' }, TypeError],
    ['empty equation', { equation: '' }, TypeError],
  ];
  it.each(bad)('defineElement with %s throws', (_label, patch, type, code) => {
    let err: unknown;
    try {
      defineElement({ ...base, ...patch });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(type);
    if (code) expect((err as ParameterError).code).toBe(code);
  });
});
