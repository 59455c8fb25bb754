import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAnnotations, formatNumber } from '../../src/circuit/annotations.js';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { formatCircuit } from '../../src/circuit/format.js';
import { parseCircuit } from '../../src/circuit/parseCircuit.js';
import type { CircuitDialect, CircuitNode, ElementNode } from '../../src/circuit/types.js';
import { EisError } from '../../src/errors.js';
import { seeded } from '../helpers/close.js';
import { randomCircuit } from './randomCircuit.js';
import { TEST_ELEMENTS } from './testRegistry.js';

const el = (symbol: string, name: string): ElementNode => ({ type: 'element', symbol, name });

describe('formatCircuit prints both dialects', () => {
  const cases: Array<[input: string, impedancepy: string, cdc: string]> = [
    ['R0', 'R0', 'R'],
    ['R0-p(R1,CPE1)-p(R2,CPE2)', 'R0-p(R1,CPE1)-p(R2,CPE2)', 'R(RQ1)(RQ2)'],
    ['R(RQ)(RQ)', 'R0-p(R1,CPE0)-p(R2,CPE1)', 'R(RQ)(RQ)'],
    ['R(RC)(RQ)', 'R0-p(R1,C0)-p(R2,CPE0)', 'R(RC)(RQ)'],
    ['[R(RC)]', 'R0-p(R1,C0)', 'R(RC)'],
    ['(R[RC])', 'p(R0,R1-C0)', '(R[RC])'],
    ['(R[R(RC)])', 'p(R0,R1-p(R2,C0))', '(R[R(RC)])'],
    [' R0 - p( R1 , C1 ) ', 'R0-p(R1,C1)', 'R(RC1)'],
    ['p(p(R0,R1),C0)', 'p(R0,R1,C0)', '(RRC)'],
    ['R_gb-C0', 'R_gb-C0', 'R_gb C'],
    ['R_gb-p(R_b,C_b)', 'R_gb-p(R_b,C_b)', 'R_gb(R_b C_b)'],
    ['R1-R0', 'R1-R0', 'R1R0'],
    ['R07-C00', 'R07-C00', 'R07C00'],
    ['L_stray-R0-p(R1,CPE_gb)', 'L_stray-R0-p(R1,CPE_gb)', 'L_stray R(RQ_gb)'],
    ['R_gb{R=200:50..2000}', 'R_gb{R=200:50..2000}', 'R_gb{R=200:50..2000}'],
    [
      'CPE1{role=grain-boundary, alpha=0.9 fixed, Q=1e-9:1e-12..1e-6}',
      'CPE1{Q=1e-9:1e-12..1e-6, alpha=0.9 fixed, role=grain-boundary}',
      'Q1{Q=1e-9:1e-12..1e-6, alpha=0.9 fixed, role=grain-boundary}',
    ],
    ['R{R=100}(R{R=1e3}Q{alpha=0.9 fixed})', 'R0{R=100}-p(R1{R=1000},CPE0{alpha=0.9 fixed})', 'R{R=100}(R{R=1000}Q{alpha=0.9 fixed})'],
    ['R1{R=..2000}', 'R1{R=..2000}', 'R1{R=..2000}'],
    ['R1{R=50.., role=stray}', 'R1{R=50.., role=stray}', 'R1{R=50.., role=stray}'],
    ['R1{R=1.5e7:1e6..inf}', 'R1{R=1.5e7:1e6..inf}', 'R1{R=1.5e7:1e6..inf}'],
    ['R1{R fixed}', 'R1{R fixed}', 'R1{R fixed}'],
  ];
  for (const [input, py, cdc] of cases) {
    it(`formatCircuit(parseCircuit(${JSON.stringify(input)})) is ${py} and, as CDC, ${cdc}`, () => {
      const ast = parseCircuit(input);
      expect(formatCircuit(ast)).toBe(py);
      expect(formatCircuit(ast, 'cdc')).toBe(cdc);
      expect(parseCircuit(cdc)).toEqual(ast);
      expect(parseCircuit(py)).toEqual(ast);
    });
  }

  it('formatCircuit prints multi-letter CDC symbols and separates words that would merge', () => {
    const ast = parseCircuit('R0-p(R1,Zarc0)-La0-HN0-Wo0-Ws0', { elements: TEST_ELEMENTS });
    const cdc = formatCircuit(ast, 'cdc', { elements: TEST_ELEMENTS });
    expect(parseCircuit(cdc, { elements: TEST_ELEMENTS })).toEqual(ast);
    expect(cdc.startsWith('R(R')).toBe(true);
  });
});

describe('formatCircuit: impedance.py → CDC → impedance.py gives the canonical string', () => {
  // Canonical = formatCircuit(parseCircuit(s)): no whitespace, parallel groups
  // flattened, annotation entries in parameter order then role.
  const inputs = [
    'R0-p(R1,CPE1)-p(R2,CPE2)',
    'R0 - p(R1, C1) - p(R2, C2) - p(R3,CPE3)',
    'p(R1,C1)',
    'L0-R0-p(R1,CPE1)-p(R2-p(R3,C3),CPE2)',
    'p(p(R1,C1),p(R2,C2))',
    'R_bulk{R=120, role=bulk}-p(R_gb{R=800:100..1e4, role=grain-boundary},CPE_gb{alpha=0.85:0.6..1})',
    'CPE_el{Q=1e-5, alpha=0.8 fixed, role=electrode}-L_w{L=1e-7 fixed, role=stray}',
  ];
  for (const s of inputs) {
    it(`formatCircuit(parseCircuit(formatCircuit(parseCircuit(${JSON.stringify(s)}), 'cdc'))) is canonical`, () => {
      const canonical = formatCircuit(parseCircuit(s));
      const cdc = formatCircuit(parseCircuit(s), 'cdc');
      expect(formatCircuit(parseCircuit(cdc))).toBe(canonical);
      expect(formatCircuit(parseCircuit(canonical))).toBe(canonical);
    });
  }
  const cdcInputs = ['R(RQ)(RQ)', 'R(RC)(RQ)(CR)', '[R(RC)]', 'R(Q[R(RQ)])', '(R[C(RQ)])L', 'R{R=5}(RQ{alpha=0.9 fixed})'];
  for (const s of cdcInputs) {
    it(`formatCircuit(parseCircuit(formatCircuit(parseCircuit(${JSON.stringify(s)})), 'cdc')) is canonical CDC`, () => {
      const canonical = formatCircuit(parseCircuit(s), 'cdc');
      const py = formatCircuit(parseCircuit(s));
      expect(formatCircuit(parseCircuit(py), 'cdc')).toBe(canonical);
    });
  }
});

describe('parse(format(ast)) deep-equals ast for random ASTs', () => {
  const dialects: CircuitDialect[] = ['impedancepy', 'cdc'];
  for (const d of dialects) {
    it(`parseCircuit(formatCircuit(ast, '${d}'), { dialect: '${d}' }) equals ast (fast-check, 800 seeded ASTs)`, () => {
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const ast = randomCircuit(seeded(seed), { elements: TEST_ELEMENTS });
          const text = formatCircuit(ast, d, { elements: TEST_ELEMENTS });
          expect(parseCircuit(text, { dialect: d, elements: TEST_ELEMENTS })).toEqual(ast);
          // Auto-detection reads it the same way.
          expect(parseCircuit(text, { elements: TEST_ELEMENTS })).toEqual(ast);
          // Printing is idempotent.
          expect(formatCircuit(parseCircuit(text, { elements: TEST_ELEMENTS }), d, { elements: TEST_ELEMENTS })).toBe(text);
        }),
        { seed: 20261122, numRuns: 800 },
      );
    });
  }
  it('converting impedance.py → CDC → impedance.py gives back the same string (500 random ASTs)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const ast = randomCircuit(seeded(seed), { elements: TEST_ELEMENTS });
        const py = formatCircuit(ast, 'impedancepy', { elements: TEST_ELEMENTS });
        const cdc = formatCircuit(parseCircuit(py, { elements: TEST_ELEMENTS }), 'cdc', { elements: TEST_ELEMENTS });
        expect(formatCircuit(parseCircuit(cdc, { elements: TEST_ELEMENTS }), 'impedancepy', { elements: TEST_ELEMENTS })).toBe(py);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
  it('plainly numbered ASTs print as plain CDC (no suffixes)', () => {
    const rnd = seeded(11);
    for (let k = 0; k < 300; k++) {
      const ast = randomCircuit(rnd, { names: ['auto'], annotate: 0 });
      expect(formatCircuit(ast, 'cdc')).toMatch(/^[A-Za-z()[\]]+$/);
      expect(formatCircuit(ast, 'cdc')).not.toMatch(/[0-9_ ]/);
    }
  });
});

describe('formatCircuit handles hand-built trees', () => {
  it('formatCircuit prints one-child groups as the child and flattens same-kind nesting', () => {
    const ast: CircuitNode = {
      type: 'series',
      children: [
        { type: 'series', children: [el('R', 'R0'), el('R', 'R1')] },
        { type: 'parallel', children: [{ type: 'parallel', children: [el('C', 'C0'), el('C', 'C1')] }, el('R', 'R2')] },
        { type: 'parallel', children: [el('L', 'L0')] },
      ],
    };
    expect(formatCircuit(ast)).toBe('R0-R1-p(C0,C1,R2)-L0');
    expect(formatCircuit(ast, 'cdc')).toBe('RR(CCR)L');
  });
  const invalid: Array<[string, CircuitNode, CircuitDialect]> = [
    ['a name that is not symbol + digits or _label', el('R', 'foo'), 'impedancepy'],
    ['a bare symbol as name', el('R', 'R'), 'impedancepy'],
    ['a name of another symbol', el('C', 'CPE1'), 'impedancepy'],
    ['a duplicate name', { type: 'series', children: [el('R', 'R1'), el('R', 'R1')] }, 'cdc'],
    ['an empty group', { type: 'parallel', children: [] }, 'impedancepy'],
    ['an unknown symbol in CDC', el('Foo', 'Foo1'), 'cdc'],
  ];
  for (const [what, ast, d] of invalid) {
    it(`formatCircuit(ast with ${what}, '${d}') throws INVALID_AST`, () => {
      expect(() => formatCircuit(ast, d)).toThrow(EisError);
      try {
        formatCircuit(ast, d);
      } catch (e) {
        expect((e as EisError).code).toBe('INVALID_AST');
      }
    });
  }
});

describe('formatNumber and formatAnnotations', () => {
  const numbers = [0, -0, 1, 200, 0.001, 999999, 1e6, 1e-9, 1.5e-7, 0.1 + 0.2, 1 / 3, 5e-324, 1.7976931348623157e308, -2.5e-12, Infinity, -Infinity];
  for (const x of numbers) {
    it(`formatNumber(${Object.is(x, -0) ? '-0' : x}) reads back exactly`, () => {
      const s = formatNumber(x);
      const back = s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
      expect(Object.is(back, x)).toBe(true);
      if (x !== 0 && Number.isFinite(x) && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) expect(s).toMatch(/e/);
    });
  }
  it('formatAnnotations({}) prints nothing', () => {
    expect(formatAnnotations({})).toBe('');
    expect(formatAnnotations(undefined)).toBe('');
  });
});

describe('formatCircuit and parseCircuit survive 10 000 levels of nesting', () => {
  const N = 10_000;
  // p(R0-p(R1-p(…-R10000,C…),C1),C0): alternating series/parallel, depth 2N.
  let py = '';
  for (let i = 0; i < N; i++) py += `p(R${i}-`;
  py += `R${N}`;
  for (let i = N - 1; i >= 0; i--) py += `,C${i})`;

  it('parseCircuit("p(R0-p(R1-…") with 10 000 nested p( gives a model that compiles and evaluates', () => {
    const ast = parseCircuit(py);
    expect(formatCircuit(ast)).toBe(py);
    const cdc = formatCircuit(ast, 'cdc');
    expect(cdc.startsWith('([R([R')).toBe(true);
    expect(formatCircuit(parseCircuit(cdc))).toBe(py);
    const model = compileCircuit(ast);
    expect(model.parameters.length).toBe(2 * N + 1);
    const z = model.evaluate(model.parameters.map((p) => p.default), new Float64Array([1, 1e3]));
    expect(Number.isFinite(z.re[0]) && Number.isFinite(z.im[0])).toBe(true);
  });

  it('parseCircuit("(R[R(R[R…") with 10 000 alternating CDC brackets round-trips', () => {
    let s = '';
    for (let i = 0; i < N; i++) s += i % 2 ? '[R' : '(R';
    s += 'R';
    for (let i = N - 1; i >= 0; i--) s += i % 2 ? ']' : ')';
    const ast = parseCircuit(s);
    expect(formatCircuit(ast, 'cdc')).toBe(s);
    const model = compileCircuit(ast);
    expect(model.parameters.length).toBe(N + 1);
  });

  it('parseCircuit("(R(R(R…") with 10 000 nested parallels flattens to one group', () => {
    const s = '(R'.repeat(N) + 'R' + ')'.repeat(N);
    const ast = parseCircuit(s);
    expect(ast.type === 'parallel' && ast.children.length).toBe(N + 1);
  });

  it('parseCircuit("p(p(p(…") with 10 000 unclosed groups throws a CircuitSyntaxError', () => {
    expect(() => parseCircuit('p('.repeat(N))).toThrow(/unexpected end/);
    expect(() => parseCircuit('p('.repeat(N) + 'R0')).toThrow(/never closed/);
  });
});
