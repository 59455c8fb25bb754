import type { CircuitDialect, CircuitNode } from './types.js';

/**
 * Prints a circuit AST in either dialect. (Placeholder: impedance.py only; the
 * full formatter with CDC and annotations replaces this.)
 *
 * @param ast - the circuit
 * @param dialect - `impedancepy` (default) or `cdc`
 * @returns the circuit string
 * @example
 * ```ts
 * formatCircuit(parseCircuit('R(RQ)'), 'impedancepy'); // 'R0-p(R1,CPE0)'
 * ```
 */
export function formatCircuit(ast: CircuitNode, dialect: CircuitDialect = 'impedancepy'): string {
  if (dialect !== 'impedancepy') throw new Error('CDC formatting not implemented yet');
  const out: string[] = [];
  const walk = (n: CircuitNode): void => {
    if (n.type === 'element') out.push(n.name);
    else if (n.type === 'series') n.children.forEach((c, i) => (i && out.push('-'), walk(c)));
    else {
      out.push('p(');
      n.children.forEach((c, i) => (i && out.push(','), walk(c)));
      out.push(')');
    }
  };
  walk(ast);
  return out.join('');
}
