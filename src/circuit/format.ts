import { EisError, ParameterError } from '../errors.js';
import { formatAnnotations } from './annotations.js';
import { BUILTIN_ELEMENTS } from './elements/builtin.js';
import { isNameSuffix, symbolOfName, symbolTable } from './symbols.js';
import type { CircuitDialect, CircuitNode, ElementNode, ElementRegistry } from './types.js';

/** Options of {@link formatCircuit}. */
export interface FormatOptions {
  /**
   * Element registry (default {@link BUILTIN_ELEMENTS}). Needed for CDC
   * spellings and the parameter order of annotations.
   */
  elements?: ElementRegistry;
}

/** Group context a node is printed in. */
type Context = 'series' | 'parallel';

/** An open group on the explicit stack. */
interface Frame {
  node: Exclude<CircuitNode, ElementNode>;
  /** Next child to print. */
  next: number;
  /** Context of the group's own children. */
  inner: Context;
  /** Separator between children. */
  sep: string;
  /** Closing text printed after the last child. */
  close: string;
}

const invalid = (message: string): never => {
  throw new EisError('INVALID_AST', message);
};

/**
 * Prints a circuit AST in either dialect, annotations included.
 *
 * - `impedancepy`: `R0-p(R1,CPE1{alpha=0.9 fixed})-Wo1`. This is the
 *   **canonical form** of a circuit: `formatCircuit(parseCircuit(s))`, with no
 *   whitespace except `, ` between annotation entries, parallel groups
 *   flattened and annotation entries in the element's parameter order with the
 *   role last.
 * - `cdc`: `R(RQ1)(RQ2)`. The top level is a series without brackets; a series
 *   inside a parallel is `[…]`. An element is printed with its CDC letter
 *   (`Q` for CPE) or capitalized symbol (`Zarc`), followed by its name suffix
 *   (`1`, `_gb`) unless the name equals the automatic one (the k-th element of
 *   a symbol, 0-based left to right, is auto-named symbol + k), so a plainly
 *   numbered circuit prints as plain CDC: `R0-p(R1,CPE0)` → `R(RQ)`. A space
 *   separates an element that ends in a `_label` from a following element.
 *
 * For every valid AST, `parseCircuit(formatCircuit(ast, d), { dialect: d })`
 * deep-equals `ast` in both dialects, so converting impedance.py → CDC →
 * impedance.py gives back the canonical string. Groups with one child are
 * printed as that child and nested groups of the same kind are flattened, so
 * non-flattened hand-built trees still print as the circuit they mean.
 *
 * The printer is iterative: any nesting depth works.
 *
 * @param ast - the circuit
 * @param dialect - `impedancepy` (default) or `cdc`
 * @param options - see {@link FormatOptions}
 * @returns the circuit string
 * @throws EisError with code `INVALID_AST` for an empty group, a name that is
 *   not its symbol plus digits or `_label`, a duplicate name, or (CDC only) an
 *   element unknown to the registry or without a CDC spelling
 * @throws ParameterError with code `BAD_OPTION` for an unknown dialect
 * @example
 * ```ts
 * formatCircuit(parseCircuit('R(RQ)'), 'impedancepy'); // 'R0-p(R1,CPE0)'
 * formatCircuit(parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)'), 'cdc'); // 'R(RQ1)(RQ2)'
 * ```
 */
export function formatCircuit(
  ast: CircuitNode,
  dialect: CircuitDialect = 'impedancepy',
  options: FormatOptions = {},
): string {
  if (dialect !== 'impedancepy' && dialect !== 'cdc') {
    throw new ParameterError('BAD_OPTION', `dialect must be "impedancepy" or "cdc", got ${JSON.stringify(dialect)}`, 'dialect');
  }
  const registry = options.elements ?? BUILTIN_ELEMENTS;
  const table = symbolTable(registry);
  const cdc = dialect === 'cdc';
  const out: string[] = [];
  const names = new Set<string>();
  const counters = new Map<string, number>();
  // CDC: how the previous output ended, to separate words that would merge.
  let tail: 'label' | 'spelling' | 'other' = 'other';
  let tailSpelling = '';

  const element = (n: ElementNode) => {
    const { symbol, name } = n;
    if (typeof name !== 'string' || typeof symbol !== 'string') invalid('element node needs a string symbol and name');
    const suffix = name.slice(symbol.length);
    if (!name.startsWith(symbol) || !isNameSuffix(suffix)) {
      invalid(`element name "${name}" must be its symbol "${symbol}" followed by digits or _label`);
    }
    const def = registry.get(symbol);
    if (def && symbolOfName(name, table) !== symbol) invalid(`element name "${name}" would read back as another element`);
    if (names.has(name)) invalid(`duplicate element name "${name}"`);
    names.add(name);
    const ann = formatAnnotations(n.annotations, def);
    if (!cdc) {
      out.push(name + ann);
      return;
    }
    if (!def) invalid(`unknown element symbol "${symbol}" (pass the registry as options.elements)`);
    const spelling = table.cdcSpelling.get(symbol);
    if (spelling === undefined) invalid(`element "${symbol}" has no unambiguous CDC spelling`);
    const k = counters.get(symbol) ?? 0;
    counters.set(symbol, k + 1);
    const shown = name === `${symbol}${k}` ? '' : suffix;
    const word = (spelling as string) + shown;
    if (tail === 'label' || (tail === 'spelling' && merges(tailSpelling, word))) out.push(' ');
    out.push(word + ann);
    if (ann) tail = 'other';
    else if (shown.startsWith('_')) tail = 'label';
    else if (shown === '') {
      tail = 'spelling';
      tailSpelling = spelling as string;
    } else tail = 'other';
  };

  /** Whether `prev` directly followed by `next` would read as a longer CDC token. */
  const merges = (prev: string, next: string): boolean => {
    const joined = prev + next;
    for (let len = Math.min(table.cdcMaxLength, joined.length); len > prev.length; len--) {
      if (table.cdc.has(joined.slice(0, len))) return true;
    }
    return false;
  };

  /** Prints `n` in context `ctx`; groups are pushed onto the stack. */
  const stack: Frame[] = [];
  const visit = (n: CircuitNode, ctx: Context) => {
    if (n === null || typeof n !== 'object') return invalid('circuit node must be an object');
    if (n.type === 'element') return element(n);
    if (n.type !== 'series' && n.type !== 'parallel') return invalid(`unknown node type ${JSON.stringify((n as { type: unknown }).type)}`);
    if (!Array.isArray(n.children) || n.children.length === 0) return invalid(`${n.type} node has no children`);
    if (n.children.length === 1) {
      // A one-child group is its child.
      stack.push({ node: n, next: 0, inner: ctx, sep: '', close: '' });
      return;
    }
    const inline = n.type === ctx; // same kind nested: flatten
    let open = '';
    let close = '';
    if (!inline) {
      if (n.type === 'parallel') {
        open = cdc ? '(' : 'p(';
        close = ')';
      } else if (cdc) {
        open = '[';
        close = ']';
      }
    }
    if (open) {
      out.push(open);
      tail = 'other';
    }
    stack.push({ node: n, next: 0, inner: n.type, sep: cdc ? '' : n.type === 'series' ? '-' : ',', close });
  };

  visit(ast, 'series');
  while (stack.length) {
    const f = stack[stack.length - 1];
    const children = f.node.children;
    if (f.next < children.length) {
      const i = f.next++;
      if (i > 0 && f.sep) out.push(f.sep);
      visit(children[i], f.inner);
      continue;
    }
    stack.pop();
    if (f.close) {
      out.push(f.close);
      tail = 'other';
    }
  }
  return out.join('');
}
