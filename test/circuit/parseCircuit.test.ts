import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { detectDialect } from '../../src/circuit/detectDialect.js';
import { formatCircuit } from '../../src/circuit/format.js';
import { parseCircuit } from '../../src/circuit/parseCircuit.js';
import type { ParseOptions } from '../../src/circuit/parseCircuit.js';
import { editDistance, suggest } from '../../src/circuit/suggest.js';
import type { CircuitNode, ElementNode } from '../../src/circuit/types.js';
import { CircuitSyntaxError } from '../../src/errors.js';
import { TEST_ELEMENTS } from './testRegistry.js';

const el = (symbol: string, name: string, annotations?: ElementNode['annotations']): ElementNode =>
  annotations ? { type: 'element', symbol, name, annotations } : { type: 'element', symbol, name };
const ser = (...children: CircuitNode[]): CircuitNode => ({ type: 'series', children });
const par = (...children: CircuitNode[]): CircuitNode => ({ type: 'parallel', children });

const call = (input: string, dialect?: string) =>
  `parseCircuit(${JSON.stringify(input)}${dialect ? `, { dialect: '${dialect}' }` : ''})`;

describe('parseCircuit reads both dialects into one AST', () => {
  const randles = ser(el('R', 'R0'), par(el('R', 'R1'), el('CPE', 'CPE1')), par(el('R', 'R2'), el('CPE', 'CPE2')));
  const cases: Array<{ input: string; dialect?: ParseOptions['dialect']; ast: CircuitNode }> = [
    { input: 'R0', ast: el('R', 'R0') },
    { input: 'R_gb', ast: el('R', 'R_gb') },
    { input: 'CPE1', ast: el('CPE', 'CPE1') },
    { input: 'C1', ast: el('C', 'C1') },
    { input: 'L_stray', ast: el('L', 'L_stray') },
    { input: 'R0-p(R1,CPE1)-p(R2,CPE2)', ast: randles },
    {
      input: 'R0-p(R1,C1)-p(R2-Wo1,C2)',
      ast: ser(el('R', 'R0'), par(el('R', 'R1'), el('C', 'C1')), par(ser(el('R', 'R2'), el('Wo', 'Wo1')), el('C', 'C2'))),
    },
    { input: ' R0 - p( R1 , CPE1 ) -\n\tp(R2,CPE2) ', ast: randles },
    { input: 'R(RQ1)(RQ2)', ast: randles },
    { input: '[R(RQ1)(RQ2)]', ast: randles },
    { input: 'R0 (R1 Q1) (R2 Q2)', ast: randles },
    { input: 'R(RQ)(RQ)', ast: ser(el('R', 'R0'), par(el('R', 'R1'), el('CPE', 'CPE0')), par(el('R', 'R2'), el('CPE', 'CPE1'))) },
    { input: 'R(RC)', ast: ser(el('R', 'R0'), par(el('R', 'R1'), el('C', 'C0'))) },
    { input: 'RC', ast: ser(el('R', 'R0'), el('C', 'C0')) },
    { input: 'R', ast: el('R', 'R0') },
    { input: 'CPE', ast: el('CPE', 'CPE0') },
    { input: 'Q', ast: el('CPE', 'CPE0') },
    { input: '(RC)', ast: par(el('R', 'R0'), el('C', 'C0')) },
    { input: '(R[RC])', ast: par(el('R', 'R0'), ser(el('R', 'R1'), el('C', 'C0'))) },
    { input: 'p(R0,R1-C0)', ast: par(el('R', 'R0'), ser(el('R', 'R1'), el('C', 'C0'))) },
    // Same-kind nesting is flattened in both dialects.
    { input: 'p(p(R0,R1),C0)', ast: par(el('R', 'R0'), el('R', 'R1'), el('C', 'C0')) },
    { input: 'p(R0,p(R1,C0))', ast: par(el('R', 'R0'), el('R', 'R1'), el('C', 'C0')) },
    { input: '(R(RC))', ast: par(el('R', 'R0'), el('R', 'R1'), el('C', 'C0')) },
    { input: 'R[RC]', ast: ser(el('R', 'R0'), el('R', 'R1'), el('C', 'C0')) },
    { input: '([(RC)]Q)', ast: par(el('R', 'R0'), el('C', 'C0'), el('CPE', 'CPE0')) },
    { input: '(R[C])', ast: par(el('R', 'R0'), el('C', 'C0')) },
    // Longest match: CPE1 is a CPE, not C + "PE1".
    { input: 'p(C1,CPE1)', ast: par(el('C', 'C1'), el('CPE', 'CPE1')) },
    { input: 'R_gb-C_gb', ast: ser(el('R', 'R_gb'), el('C', 'C_gb')) },
    // CDC suffixes: digits or _label; unsuffixed elements count per symbol.
    { input: 'R_gb C', ast: ser(el('R', 'R_gb'), el('C', 'C0')) },
    { input: 'R_gb R', ast: ser(el('R', 'R_gb'), el('R', 'R1')) },
    { input: 'R5R', ast: ser(el('R', 'R5'), el('R', 'R1')) },
    { input: 'R1C1', ast: ser(el('R', 'R1'), el('C', 'C1')) },
    { input: 'RC1', ast: ser(el('R', 'R0'), el('C', 'C1')) },
    { input: 'R07', ast: el('R', 'R07') },
    // Annotations in both dialects.
    {
      input: 'R_gb{R=200:50..2000}',
      ast: el('R', 'R_gb', { parameters: { R: { initial: 200, lower: 50, upper: 2000 } } }),
    },
    { input: 'CPE1{alpha=0.9 fixed}', ast: el('CPE', 'CPE1', { parameters: { alpha: { initial: 0.9, fixed: true } } }) },
    {
      input: 'CPE1{Q=1e-9:1e-12..1e-6, alpha=0.9 fixed, role=grain-boundary}',
      ast: el('CPE', 'CPE1', {
        parameters: { Q: { initial: 1e-9, lower: 1e-12, upper: 1e-6 }, alpha: { initial: 0.9, fixed: true } },
        role: 'grain-boundary',
      }),
    },
    {
      input: 'R{R=100}(R{R=1e3, role=bulk}Q{alpha=0.9 fixed})',
      ast: ser(
        el('R', 'R0', { parameters: { R: { initial: 100 } } }),
        par(el('R', 'R1', { parameters: { R: { initial: 1000 } }, role: 'bulk' }), el('CPE', 'CPE0', { parameters: { alpha: { initial: 0.9, fixed: true } } })),
      ),
    },
    { input: 'R1{R=..2000}', ast: el('R', 'R1', { parameters: { R: { upper: 2000 } } }) },
    { input: 'R1{R=50..}', ast: el('R', 'R1', { parameters: { R: { lower: 50 } } }) },
    { input: 'R1{R=50..inf}', ast: el('R', 'R1', { parameters: { R: { lower: 50, upper: Infinity } } }) },
    { input: 'R1{ R = 1.5 : .5 .. 2E1 fixed }', ast: el('R', 'R1', { parameters: { R: { initial: 1.5, lower: 0.5, upper: 20, fixed: true } } }) },
    { input: 'R1{R fixed}', ast: el('R', 'R1', { parameters: { R: { fixed: true } } }) },
    { input: 'R1{role=contact}', ast: el('R', 'R1', { role: 'contact' }) },
    { input: 'CPE1{alpha=1:0..1}', ast: el('CPE', 'CPE1', { parameters: { alpha: { initial: 1, lower: 0, upper: 1 } } }) },
    // Explicit dialects.
    { input: 'R0', dialect: 'cdc', ast: el('R', 'R0') },
    { input: 'R_gb', dialect: 'cdc', ast: el('R', 'R_gb') },
  ];
  for (const c of cases) {
    it(`${call(c.input, c.dialect)} gives the expected tree`, () => {
      expect(parseCircuit(c.input, { dialect: c.dialect })).toEqual(c.ast);
    });
  }

  it('parseCircuit("R(RQ)") prints back as R0-p(R1,CPE0) and R(RQ)', () => {
    const ast = parseCircuit('R(RQ)');
    expect(formatCircuit(ast)).toBe('R0-p(R1,CPE0)');
    expect(formatCircuit(ast, 'cdc')).toBe('R(RQ)');
  });
});

describe('parseCircuit reads every registry symbol', () => {
  // Boukamp letters (issue 2): Q = CPE, O = Wo, T = Ws, G = Gerischer.
  const letters: Array<[string, string]> = [
    ['R', 'R'],
    ['C', 'C'],
    ['L', 'L'],
    ['Q', 'CPE'],
    ['W', 'W'],
    ['O', 'Wo'],
    ['T', 'Ws'],
    ['G', 'G'],
  ];
  for (const [letter, symbol] of letters) {
    it(`parseCircuit("L_a(R_b${letter})", { dialect: 'cdc' }) reads ${letter} as ${symbol}`, () => {
      const ast = parseCircuit(`L_a(R_b ${letter})`, { dialect: 'cdc', elements: TEST_ELEMENTS });
      const k = symbol === 'L' || symbol === 'R' ? 1 : 0;
      expect(ast).toEqual(ser(el('L', 'L_a'), par(el('R', 'R_b'), el(symbol, `${symbol}${k}`))));
    });
  }
  for (const def of TEST_ELEMENTS.values()) {
    const s = def.symbol;
    it(`parseCircuit("R_a-p(R_b,${s}1)-${s}_x") finds ${s} by longest match and round-trips through CDC`, () => {
      const ast = parseCircuit(`R_a-p(R_b,${s}1)-${s}_x`, { elements: TEST_ELEMENTS });
      expect(ast).toEqual(ser(el('R', 'R_a'), par(el('R', 'R_b'), el(s, `${s}1`)), el(s, `${s}_x`)));
      const cdc = formatCircuit(ast, 'cdc', { elements: TEST_ELEMENTS });
      expect(parseCircuit(cdc, { elements: TEST_ELEMENTS })).toEqual(ast);
      expect(parseCircuit(cdc, { dialect: 'cdc', elements: TEST_ELEMENTS })).toEqual(ast);
    });
  }
  it('parseCircuit("R(RZarc)LaHn") reads multi-letter CDC symbols', () => {
    const ast = parseCircuit('R(RZarc)LaHn', { elements: TEST_ELEMENTS });
    expect(ast).toEqual(ser(el('R', 'R0'), par(el('R', 'R1'), el('Zarc', 'Zarc0')), el('La', 'La0'), el('HN', 'HN0')));
  });
  it('parseCircuit("WoWs") reads Wo and Ws, not W followed by junk', () => {
    expect(parseCircuit('WoWs', { elements: TEST_ELEMENTS })).toEqual(ser(el('Wo', 'Wo0'), el('Ws', 'Ws0')));
  });
});

describe('detectDialect', () => {
  const cases: Array<[string, 'impedancepy' | 'cdc']> = [
    ['R0-p(R1,CPE1)', 'impedancepy'],
    ['p(R1,C1)', 'impedancepy'],
    ['R0', 'impedancepy'],
    ['R_gb{R=1}', 'impedancepy'],
    ['CEP1', 'impedancepy'],
    ['R1{role=grain-boundary}', 'impedancepy'],
    ['R(RQ)W', 'cdc'],
    ['[RC]', 'cdc'],
    ['RC', 'cdc'],
    ['R', 'cdc'],
    ['CPE', 'cdc'],
    ['RC1', 'cdc'],
    ['R1 C1', 'cdc'],
    ['R{R=1e-3}(RC)', 'cdc'],
  ];
  for (const [input, dialect] of cases) {
    it(`detectDialect(${JSON.stringify(input)}) is ${dialect}`, () => {
      expect(detectDialect(input)).toBe(dialect);
    });
  }
});

interface Bad {
  input: string;
  code: CircuitSyntaxError['code'];
  start: number;
  dialect?: 'impedancepy' | 'cdc';
  suggestions?: string[];
}

const malformed: Bad[] = [
  // structure, impedance.py
  { input: 'p(R1)', code: 'PARALLEL_NEEDS_TWO_BRANCHES', start: 0 },
  { input: 'R0-p(R1)', code: 'PARALLEL_NEEDS_TWO_BRANCHES', start: 3 },
  { input: 'p(R1-C1)', code: 'PARALLEL_NEEDS_TWO_BRANCHES', start: 0 },
  { input: '', code: 'EMPTY_CIRCUIT', start: 0 },
  { input: '   \n', code: 'EMPTY_CIRCUIT', start: 0 },
  { input: 'R0-', code: 'UNEXPECTED_END', start: 3 },
  { input: 'R0-p(R1,C1)-', code: 'UNEXPECTED_END', start: 12 },
  { input: 'p(', code: 'UNEXPECTED_END', start: 2 },
  { input: 'R0--R1', code: 'UNEXPECTED_CHARACTER', start: 3 },
  { input: '-R0', code: 'UNEXPECTED_CHARACTER', start: 0 },
  { input: 'R0-p(R1,C1', code: 'UNCLOSED_PARALLEL', start: 3 },
  { input: 'p(R1,p(R2,C2)', code: 'UNCLOSED_PARALLEL', start: 0 },
  { input: 'p(R1,C1))', code: 'UNEXPECTED_CHARACTER', start: 8 },
  { input: 'R0)', code: 'UNEXPECTED_CHARACTER', start: 2 },
  { input: 'p()', code: 'UNEXPECTED_CHARACTER', start: 2 },
  { input: 'p(R1,)', code: 'UNEXPECTED_CHARACTER', start: 5 },
  { input: 'p(,R1)', code: 'UNEXPECTED_CHARACTER', start: 2 },
  { input: 'R0,R1', code: 'UNEXPECTED_CHARACTER', start: 2 },
  { input: 'R0 R1-C1', code: 'UNEXPECTED_CHARACTER', start: 3 },
  { input: 'R0-$', code: 'UNEXPECTED_CHARACTER', start: 3 },
  { input: 'R0-p(R1,C1)Ω', code: 'UNEXPECTED_CHARACTER', start: 11 },
  { input: 'R0-(R1,C1)', code: 'UNEXPECTED_CHARACTER', start: 3 },
  { input: 'R0-R', code: 'UNEXPECTED_END', start: 4 },
  { input: 'R-C1', code: 'UNEXPECTED_CHARACTER', start: 1 },
  { input: 'R0-R1a', code: 'UNEXPECTED_CHARACTER', start: 5 },
  { input: 'R0-R_', code: 'UNEXPECTED_END', start: 5 },
  { input: '1R-R0', code: 'UNEXPECTED_CHARACTER', start: 0 },
  // elements and names
  { input: 'X1', code: 'UNKNOWN_ELEMENT', start: 0 },
  { input: 'R0-P(R1,C1)', code: 'UNKNOWN_ELEMENT', start: 3 },
  { input: 'R0-CEP1', code: 'UNKNOWN_ELEMENT', start: 3, suggestions: ['CPE'] },
  { input: 'CEP1', code: 'UNKNOWN_ELEMENT', start: 0, suggestions: ['CPE'] },
  { input: 'R0-p(R1,cpe1)', code: 'UNKNOWN_ELEMENT', start: 8, suggestions: ['CPE'] },
  { input: 'r0-R1', code: 'UNKNOWN_ELEMENT', start: 0, suggestions: ['R'] },
  { input: 'Rr0-C1', code: 'UNKNOWN_ELEMENT', start: 0, suggestions: ['R'] },
  { input: 'R0-Rgb1', code: 'UNKNOWN_ELEMENT', start: 3 },
  { input: 'R0-R0', code: 'DUPLICATE_NAME', start: 3 },
  { input: 'p(R_gb,R_gb)', code: 'DUPLICATE_NAME', start: 7 },
  // annotations
  { input: 'R0-p(R1,C1){R=1}', code: 'BAD_ANNOTATION', start: 11 },
  { input: '{R=1}', code: 'BAD_ANNOTATION', start: 0 },
  { input: 'R1{R=1', code: 'BAD_ANNOTATION', start: 2 },
  { input: 'R1{}', code: 'BAD_ANNOTATION', start: 2 },
  { input: 'R1{ }', code: 'BAD_ANNOTATION', start: 2 },
  { input: 'R1{X=1}', code: 'BAD_ANNOTATION', start: 3 },
  { input: 'CPE1{alpah=0.9}', code: 'BAD_ANNOTATION', start: 5, suggestions: ['alpha'] },
  { input: 'CPE1{alpha=1.5}', code: 'BAD_ANNOTATION', start: 11 },
  { input: 'CPE1{alpha=0.5:0..2}', code: 'BAD_ANNOTATION', start: 15 },
  { input: 'R1{R=10:100..1000}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=500:1000..100}', code: 'BAD_ANNOTATION', start: 9 },
  { input: 'R1{R=2000..50}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=abc}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=2k}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=1.5.3}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=-5}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=..}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=inf}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=1e999}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=NaN}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=:1..2}', code: 'BAD_ANNOTATION', start: 5 },
  { input: 'R1{R=1:2}', code: 'BAD_ANNOTATION', start: 8 },
  { input: 'R1{R}', code: 'BAD_ANNOTATION', start: 4 },
  { input: 'R1{role=gb}', code: 'BAD_ANNOTATION', start: 8 },
  { input: 'R1{role=grain_boundary}', code: 'BAD_ANNOTATION', start: 8, suggestions: ['grain-boundary'] },
  { input: 'R1{role=bulk, role=stray}', code: 'BAD_ANNOTATION', start: 14 },
  { input: 'R1{R=1, R=2}', code: 'BAD_ANNOTATION', start: 8 },
  { input: 'R1{R=1,}', code: 'BAD_ANNOTATION', start: 7 },
  { input: 'R1{R=1 R=2}', code: 'BAD_ANNOTATION', start: 7 },
  { input: 'R1{R=1}{role=bulk}', code: 'BAD_ANNOTATION', start: 7 },
  { input: 'R1{=1}', code: 'BAD_ANNOTATION', start: 3 },
  // CDC
  { input: 'R(RC', code: 'UNCLOSED_PARALLEL', start: 1 },
  { input: '(R{R=1}', code: 'UNCLOSED_PARALLEL', start: 0 },
  { input: 'R(R)', code: 'PARALLEL_NEEDS_TWO_BRANCHES', start: 1 },
  { input: '((R)C)', code: 'PARALLEL_NEEDS_TWO_BRANCHES', start: 1 },
  { input: 'R(RC))', code: 'UNEXPECTED_CHARACTER', start: 5 },
  { input: 'R(RC]', code: 'UNEXPECTED_CHARACTER', start: 4 },
  { input: '[R(RC)', code: 'UNEXPECTED_END', start: 6 },
  { input: 'R()', code: 'UNEXPECTED_CHARACTER', start: 2 },
  { input: '[]', code: 'UNEXPECTED_CHARACTER', start: 1 },
  { input: 'R(RX)', code: 'UNKNOWN_ELEMENT', start: 3 },
  { input: 'R(Rc)', code: 'UNKNOWN_ELEMENT', start: 2, suggestions: ['C', 'R'] },
  { input: 'R(RQ)(R2q)', code: 'UNKNOWN_ELEMENT', start: 8, suggestions: ['Q'] },
  { input: 'RR0', code: 'DUPLICATE_NAME', start: 1 },
  { input: 'R1R', code: 'DUPLICATE_NAME', start: 2 },
  { input: 'R(1C)', code: 'UNEXPECTED_CHARACTER', start: 2 },
  { input: 'R_', code: 'UNEXPECTED_END', start: 2 },
  { input: 'R(R_)', code: 'UNEXPECTED_CHARACTER', start: 4 },
  { input: 'R∥C', code: 'UNEXPECTED_CHARACTER', start: 1 },
  { input: '(R{R=1}{role=bulk}C)', code: 'BAD_ANNOTATION', start: 7 },
  { input: 'R(R_gb{R=1}Q{alpha=2})', code: 'BAD_ANNOTATION', start: 19 },
  { input: '(RC){R=1}', code: 'BAD_ANNOTATION', start: 4 },
  // named dialects
  { input: 'R0-R1', dialect: 'cdc', code: 'UNEXPECTED_CHARACTER', start: 2 },
  { input: 'p(R1,R2)', dialect: 'cdc', code: 'UNKNOWN_ELEMENT', start: 0 },
  { input: 'R(RC)', dialect: 'impedancepy', code: 'UNEXPECTED_CHARACTER', start: 1 },
  { input: 'R0[R1]', dialect: 'impedancepy', code: 'UNEXPECTED_CHARACTER', start: 2 },
  { input: 'CPE', dialect: 'impedancepy', code: 'UNEXPECTED_END', start: 3 },
];

describe('parseCircuit rejects malformed circuits with a code and a position', () => {
  it('has at least 40 malformed cases', () => {
    expect(malformed.length).toBeGreaterThanOrEqual(40);
  });
  for (const c of malformed) {
    it(`${call(c.input, c.dialect)} throws ${c.code} at column ${c.start + 1}`, () => {
      let error: unknown;
      try {
        parseCircuit(c.input, { dialect: c.dialect });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CircuitSyntaxError);
      const e = error as CircuitSyntaxError;
      expect({ code: e.code, start: e.start }).toEqual({ code: c.code, start: c.start });
      expect(e.column).toBe(c.start + 1);
      expect(e.end).toBeGreaterThanOrEqual(e.start);
      expect(e.end).toBeLessThanOrEqual(c.input.length);
      if (e.start < c.input.length) expect(e.end).toBeGreaterThan(e.start);
      expect(e.input).toBe(c.input);
      // The message stands on its own: reason, column and a caret frame.
      expect(e.message).toContain(`at column ${e.column}`);
      expect(e.message).toMatch(/\n *\^+$/);
      if (c.suggestions) expect(e.suggestions).toEqual(c.suggestions);
    });
  }
});

describe('CircuitSyntaxError carries a readable caret frame', () => {
  it('parseCircuit("R0-p(R1,CEP1)") points at CEP and suggests CPE', () => {
    try {
      parseCircuit('R0-p(R1,CEP1)');
      expect.unreachable();
    } catch (e) {
      const err = e as CircuitSyntaxError;
      expect(err.message).toBe('unknown element "CEP" (did you mean "CPE"?) at column 9\nR0-p(R1,CEP1)\n        ^^^');
      expect([err.start, err.end, err.column]).toEqual([8, 11, 9]);
    }
  });
  it('parseCircuit("CPE1{alpah=0.9}") points at the parameter name', () => {
    try {
      parseCircuit('CPE1{alpah=0.9}');
      expect.unreachable();
    } catch (e) {
      const err = e as CircuitSyntaxError;
      expect(err.message.split('\n').slice(1)).toEqual(['CPE1{alpah=0.9}', '     ^^^^^']);
      expect(err.suggestions).toEqual(['alpha']);
    }
  });
  it('parseCircuit("R(RQ)(R2q)") suggests Q for the lower-case q', () => {
    expect(() => parseCircuit('R(RQ)(R2q)')).toThrow(/did you mean "Q"/);
  });
  it('parseCircuit("R0", { dialect: "xml" }) rejects the option', () => {
    expect(() => parseCircuit('R0', { dialect: 'xml' as 'cdc' })).toThrow(/dialect/);
  });
});

describe('parseCircuit takes its element registry as an option', () => {
  it('parseCircuit("R0-Zarc1") fails with built-ins lacking Zarc only when Zarc is unknown', () => {
    const ast = parseCircuit('R0-Zarc1', { elements: TEST_ELEMENTS });
    expect(ast).toEqual(ser(el('R', 'R0'), el('Zarc', 'Zarc1')));
  });
  it('parseCircuit("R0-Foo1") reports UNKNOWN_ELEMENT unless the registry has Foo', () => {
    expect(() => parseCircuit('R0-Foo1', { elements: TEST_ELEMENTS })).toThrow(CircuitSyntaxError);
  });
});

describe('suggest and editDistance', () => {
  const cases: Array<[string, string[]]> = [
    ['CEP', ['CPE']],
    ['cpe', ['CPE']],
    ['zarc', ['Zarc']],
    ['Zrac', ['Zarc']],
    ['r', ['R']],
    ['X', []],
    ['Rr', ['R']],
    ['Wb', ['W', 'Wo', 'Ws']],
    ['TLMq', ['TLMQ', 'TLMt']],
  ];
  const symbols = [...TEST_ELEMENTS.keys()];
  for (const [word, expected] of cases) {
    it(`suggest(${JSON.stringify(word)}, registry symbols) is ${JSON.stringify(expected)}`, () => {
      expect(suggest(word, symbols)).toEqual(expected);
    });
  }
  const distances: Array<[string, string, number]> = [
    ['', '', 0],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['CEP', 'CPE', 1],
    ['ab', 'ba', 1],
    ['alpah', 'alpha', 1],
  ];
  for (const [a, b, d] of distances) {
    it(`editDistance(${JSON.stringify(a)}, ${JSON.stringify(b)}) is ${d}`, () => {
      expect(editDistance(a, b)).toBe(d);
      expect(editDistance(b, a)).toBe(d);
    });
  }
});

describe('annotations reach the compiled model', () => {
  it('compileCircuit("R_gb{R=200:50..2000, role=grain-boundary}-CPE1{alpha=0.9 fixed}") carries bounds, initial values, fixed flags and roles', () => {
    const model = compileCircuit('R_gb{R=200:50..2000, role=grain-boundary}-CPE1{alpha=0.9 fixed}');
    const [r, q, a] = model.parameters;
    expect(r).toMatchObject({ key: 'R_gb', bounds: [50, 2000], initial: 200, fixed: false, role: 'grain-boundary' });
    expect(q).toMatchObject({ key: 'CPE1_0', bounds: [0, Infinity], fixed: false });
    expect(q.initial).toBeUndefined();
    expect(a).toMatchObject({ key: 'CPE1_1', alias: 'CPE1.alpha', initial: 0.9, fixed: true });
  });
  it('compileCircuit("R{R=5..}(RQ{Q=..1e-6})") takes CDC annotations too', () => {
    const model = compileCircuit('R{R=5..}(RQ{Q=..1e-6})');
    expect(model.parameters.map((p) => [p.key, ...p.bounds])).toEqual([
      ['R0', 5, Infinity],
      ['R1', 0, Infinity],
      ['CPE0_0', 0, 1e-6],
      ['CPE0_1', 0, 1],
    ]);
  });
});
