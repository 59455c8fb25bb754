import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { formatCircuit } from '../../src/circuit/format.js';
import { parseCircuit } from '../../src/circuit/parseCircuit.js';
import type { CircuitErrorCode } from '../../src/errors.js';
import { CircuitSyntaxError } from '../../src/errors.js';
import { seeded } from '../helpers/close.js';
import { randomCircuit } from './randomCircuit.js';

// Seeded fuzzing: random strings must give either a CircuitSyntaxError with a
// sane position, or an AST that compiles, evaluates to finite numbers with the
// registry defaults and prints back to itself.

const TOKENS = [
  'R', 'C', 'L', 'Q', 'W', 'O', 'T', 'G', 'K', 'Zarc', 'La', 'Gs', 'Hn', 'CPE', 'Wo', 'Ws', 'HN', 'TLMQ',
  'r', 'q', 'p', 'p(', '(', ')', '[', ']', ',', '-', ' ', '\n', '0', '1', '7', '42', '_', '_gb', '_1',
  '{', '}', 'R=', 'R=1', 'alpha=0.9', 'Q=1e-9:1e-12..1e-6', ' fixed', 'role=bulk', 'role=gb', '..', ':', '=',
  '2e-3', '-1', 'inf', '$', 'x', 'e', 'Ω', '∥', '\t',
];
const CHARS = [...new Set(TOKENS.join(''))];
const CODES: readonly CircuitErrorCode[] = [
  'UNEXPECTED_CHARACTER', 'UNEXPECTED_END', 'UNCLOSED_PARALLEL', 'PARALLEL_NEEDS_TWO_BRANCHES',
  'UNKNOWN_ELEMENT', 'DUPLICATE_NAME', 'BAD_ANNOTATION', 'EMPTY_CIRCUIT', 'TOO_DEEP',
];

function randomString(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  if (rnd() < 0.5) {
    const n = Math.floor(rnd() * 14);
    let s = '';
    for (let i = 0; i < n; i++) s += pick(TOKENS);
    return s;
  }
  // A valid circuit with one to three small edits.
  const ast = randomCircuit(rnd, { depth: 3, annotate: 0.3 });
  let s = formatCircuit(ast, rnd() < 0.5 ? 'impedancepy' : 'cdc');
  const edits = 1 + Math.floor(rnd() * 3);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rnd() * (s.length + 1));
    const op = rnd();
    if (op < 0.35) s = s.slice(0, i) + s.slice(i + 1);
    else if (op < 0.7) s = s.slice(0, i) + pick(CHARS) + s.slice(i);
    else if (op < 0.85) s = s.slice(0, i) + pick(TOKENS) + s.slice(i);
    else if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  }
  return s;
}

describe('parseCircuit fuzzing', () => {
  it('10 000 seeded random strings give only CircuitSyntaxError or a valid model', () => {
    const rnd = seeded(424242);
    const frequency = new Float64Array([1e-2, 1, 1e3, 1e6]);
    const problems: string[] = [];
    const seen = new Map<string, number>();
    let valid = 0;
    for (let k = 0; k < 10_000; k++) {
      const s = randomString(rnd);
      let ast;
      try {
        ast = parseCircuit(s);
      } catch (e) {
        if (!(e instanceof CircuitSyntaxError)) {
          problems.push(`${JSON.stringify(s)} threw ${String(e)}`);
          continue;
        }
        seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
        const ok =
          CODES.includes(e.code) &&
          e.input === s &&
          e.start >= 0 &&
          e.start <= s.length &&
          e.end >= e.start &&
          e.end <= s.length &&
          e.column === e.start + 1 &&
          /\n *\^+$/.test(e.message);
        if (!ok) problems.push(`${JSON.stringify(s)}: bad error fields ${e.code} ${e.start}..${e.end}`);
        continue;
      }
      valid++;
      try {
        const model = compileCircuit(ast);
        const values = model.parameters.map((p) => p.default);
        const z = model.evaluate(values, frequency);
        for (let i = 0; i < frequency.length; i++) {
          if (!Number.isFinite(z.re[i]) || !Number.isFinite(z.im[i])) {
            problems.push(`${JSON.stringify(s)}: non-finite Z at ${frequency[i]} Hz`);
            break;
          }
        }
        const again = formatCircuit(ast);
        if (formatCircuit(parseCircuit(again)) !== again) problems.push(`${JSON.stringify(s)}: does not print back`);
      } catch (e) {
        problems.push(`${JSON.stringify(s)}: valid parse but ${String(e)}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // The fuzzer must exercise both outcomes and most error codes.
    expect(valid).toBeGreaterThan(500);
    for (const code of CODES.filter((c) => c !== 'TOO_DEEP')) expect(seen.get(code) ?? 0, code).toBeGreaterThan(0);
  });
});
