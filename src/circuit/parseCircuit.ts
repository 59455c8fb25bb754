import { CircuitSyntaxError } from '../errors.js';
import { BUILTIN_ELEMENTS } from './elements/builtin.js';
import type { CircuitDialect, CircuitNode, ElementRegistry } from './types.js';

/** Options of {@link parseCircuit}. */
export interface ParseOptions {
  /** Dialect, or `auto` (default) to detect it. */
  dialect?: CircuitDialect | 'auto';
  /** Element registry (default {@link BUILTIN_ELEMENTS}). */
  elements?: ElementRegistry;
}

/**
 * Parses a circuit string into the shared AST. (Placeholder: impedance.py
 * syntax without annotations; the full parser replaces this.)
 *
 * @param text - the circuit string
 * @param options - see {@link ParseOptions}
 * @returns the AST
 * @throws CircuitSyntaxError on bad input
 * @example
 * ```ts
 * parseCircuit('R0-p(R1,C1)');
 * ```
 */
export function parseCircuit(text: string, options: ParseOptions = {}): CircuitNode {
  const elements = options.elements ?? BUILTIN_ELEMENTS;
  let pos = 0;
  const fail = (reason: string): never => {
    throw new CircuitSyntaxError({ code: 'UNEXPECTED_CHARACTER', reason, input: text, start: pos, end: pos + 1 });
  };
  const series = (): CircuitNode => {
    const items = [item()];
    while (text[pos] === '-') {
      pos++;
      items.push(item());
    }
    return items.length === 1 ? items[0] : { type: 'series', children: items.flatMap((c) => (c.type === 'series' ? c.children : [c])) };
  };
  const item = (): CircuitNode => {
    if (text.startsWith('p(', pos)) {
      pos += 2;
      const ch = [series()];
      while (text[pos] === ',') {
        pos++;
        ch.push(series());
      }
      if (text[pos] !== ')') fail('expected )');
      pos++;
      return { type: 'parallel', children: ch.flatMap((c) => (c.type === 'parallel' ? c.children : [c])) };
    }
    const m = /^([A-Za-z]+?)(\d+|_\w+)/.exec(text.slice(pos));
    if (!m) return fail('expected element');
    let sym = m[1];
    let name = m[0];
    // longest symbol match
    const full = /^[A-Za-z]+/.exec(text.slice(pos))![0];
    sym = elements.has(full) ? full : sym;
    name = /^[A-Za-z]+(\d+|_\w+)/.exec(text.slice(pos))![0];
    if (!elements.has(sym)) fail(`unknown element "${sym}"`);
    pos += name.length;
    return { type: 'element', symbol: sym, name };
  };
  const ast = series();
  if (pos !== text.length) fail('unexpected character');
  return ast;
}
