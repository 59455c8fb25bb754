import { CircuitSyntaxError, ParameterError } from '../errors.js';
import type { CircuitErrorCode } from '../errors.js';
import { parseAnnotations } from './annotations.js';
import { detectFromTokens } from './detectDialect.js';
import { BUILTIN_ELEMENTS } from './elements/builtin.js';
import { suggest } from './suggest.js';
import { matchCdc, symbolOfName, symbolTable } from './symbols.js';
import type { SymbolTable } from './symbols.js';
import { tokenize } from './tokenize.js';
import type { Token } from './tokenize.js';
import type { CircuitDialect, CircuitNode, ElementNode, ElementRegistry, ParallelNode, SeriesNode } from './types.js';

/** Options of {@link parseCircuit}. */
export interface ParseOptions {
  /** Dialect, or `auto` (default) to detect it with {@link detectDialect}. */
  dialect?: CircuitDialect | 'auto';
  /** Element registry (default {@link BUILTIN_ELEMENTS}). */
  elements?: ElementRegistry;
}

/** State shared by both dialect parsers. */
interface Context {
  input: string;
  tokens: Token[];
  registry: ElementRegistry;
  table: SymbolTable;
  /** Instance name → span of its first occurrence. */
  names: Map<string, number>;
}

/** Throws a positioned {@link CircuitSyntaxError}; at the end of input the span is empty. */
function fail(
  ctx: Context,
  code: CircuitErrorCode,
  start: number,
  end: number,
  reason: string,
  suggestions?: readonly string[],
): never {
  const stop = start >= ctx.input.length ? start : Math.max(end, start + 1);
  throw new CircuitSyntaxError({ code, reason, input: ctx.input, start, end: stop, suggestions });
}

/** Describes a token for messages. */
const show = (t: Token): string => (t.kind === 'annotation' ? '"{"' : JSON.stringify(t.text));

/**
 * Parses a circuit string into the shared AST. Both notations are read:
 *
 * - **impedance.py**: series `-`, parallel `p(a,b,…)`, instance names are a
 *   registry symbol plus digits or `_label` (`R0`, `CPE1`, `R_gb`, `Wo1`),
 *   the symbol found by longest match (`CPE1` is a CPE, not a C);
 * - **Boukamp CDC** (Boukamp, Solid State Ionics 20 (1986) 31; ZView,
 *   pyimpspec): juxtaposition or `[…]` is series, `(…)` is parallel,
 *   `R(RC)(RQ)W`. Letters follow `ElementDefinition.cdc` (`Q` = CPE, `O` = Wo,
 *   `T` = Ws, `G` = Gerischer); elements without a letter are written as an
 *   upper-case letter followed by letters (`Zarc`, `La`, `Gs`, `Hn`). The k-th
 *   element (0-based, left to right) of a symbol is named symbol + k (`R0`,
 *   `R1`, `CPE0`) unless it carries a suffix: `R_gb`, `Q7`.
 *
 * Either dialect accepts inline annotations right after an element, e.g.
 * `R_gb{R=200:50..2000, role=grain-boundary}` or `CPE1{alpha=0.9 fixed}`
 * (see `docs/circuits.md`). Whitespace between tokens is ignored.
 *
 * The result is flattened (no series directly inside series, no parallel
 * inside parallel; every group has at least two children) and carries no
 * source positions, so equal circuits give deep-equal trees in both
 * dialects. The parser is iterative: nesting depth is limited only by memory.
 *
 * @param text - the circuit string
 * @param options - see {@link ParseOptions}
 * @returns the AST
 * @throws CircuitSyntaxError on bad input, with `code`, `start`/`end`
 *   (0-based), `column` (1-based), a caret frame in the message and
 *   `suggestions` for misspelled elements
 * @example
 * ```ts
 * parseCircuit('R0-p(R1,CPE1)');
 * // { type: 'series', children: [R0, { type: 'parallel', children: [R1, CPE1] }] }
 * parseCircuit('R(RQ)'); // same shape, named R0, R1, CPE0
 * parseCircuit('R_gb{R=200:50..2000, role=grain-boundary}');
 * ```
 */
export function parseCircuit(text: string, options: ParseOptions = {}): CircuitNode {
  if (typeof text !== 'string') throw new TypeError(`parseCircuit expects a string, got ${typeof text}`);
  const registry = options.elements ?? BUILTIN_ELEMENTS;
  const wanted = options.dialect ?? 'auto';
  if (wanted !== 'auto' && wanted !== 'impedancepy' && wanted !== 'cdc') {
    throw new ParameterError('BAD_OPTION', `dialect must be "impedancepy", "cdc" or "auto", got ${JSON.stringify(wanted)}`, 'dialect');
  }
  const tokens = tokenize(text);
  const ctx: Context = { input: text, tokens, registry, table: symbolTable(registry), names: new Map() };
  if (tokens.length === 0) fail(ctx, 'EMPTY_CIRCUIT', 0, text.length, 'empty circuit');
  const dialect = wanted === 'auto' ? detectFromTokens(tokens, registry) : wanted;
  return dialect === 'cdc' ? parseCdc(ctx) : parseImpedancePy(ctx);
}

/** Registers an instance name, rejecting duplicates. */
function claimName(ctx: Context, name: string, start: number, end: number, auto: boolean): void {
  const first = ctx.names.get(name);
  if (first !== undefined) {
    const how = auto ? ` (this element is auto-named ${name}; give it its own suffix, e.g. ${name}_b)` : '';
    fail(ctx, 'DUPLICATE_NAME', start, end, `duplicate element name "${name}", first used at column ${first + 1}${how}`);
  }
  ctx.names.set(name, start);
}

/** Attaches an annotation token to the element just read. */
function annotate(ctx: Context, t: Token, last: ElementNode | undefined): void {
  if (!last) fail(ctx, 'BAD_ANNOTATION', t.start, t.start + 1, 'an annotation must directly follow an element name');
  const el = last as ElementNode;
  if (el.annotations) fail(ctx, 'BAD_ANNOTATION', t.start, t.start + 1, `${el.name} is already annotated; put all entries in one {…}`);
  const def = ctx.registry.get(el.symbol);
  if (!def) return;
  const ann = parseAnnotations(ctx.input, t.start, t.end, t.closed, def, el.name);
  if (ann.parameters || ann.role) el.annotations = ann;
}

/** A series of `items` (a single item stands alone). */
function seriesOf(items: CircuitNode[]): CircuitNode {
  return items.length === 1 ? items[0] : { type: 'series', children: items };
}

/** Parser of impedance.py strings: `R0-p(R1,CPE1)-Wo1`. */
function parseImpedancePy(ctx: Context): CircuitNode {
  const { tokens, input } = ctx;
  interface Frame {
    /** Offset of `p`. */
    start: number;
    /** Offset one past its `(`. */
    openEnd: number;
    /** Branches closed so far. */
    branches: CircuitNode[];
    /** The enclosing series' items. */
    outer: CircuitNode[];
  }
  const stack: Frame[] = [];
  let items: CircuitNode[] = [];
  let expectTerm = true;
  let last: ElementNode | undefined;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (expectTerm) {
      if (t.kind === 'word') {
        const next = tokens[i + 1];
        if (t.text === 'p' && next?.kind === 'punct' && next.text === '(') {
          stack.push({ start: t.start, openEnd: next.end, branches: [], outer: items });
          items = [];
          i++;
          continue;
        }
        last = readImpedancePyElement(ctx, t);
        items.push(last);
        expectTerm = false;
        continue;
      }
      if (t.kind === 'annotation') annotate(ctx, t, undefined);
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) {
        fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `unexpected "${t.text}": impedance.py writes a parallel group as p(a,b)`);
      }
      fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `expected an element or "p(" but found ${show(t)}`);
    }
    // After a term.
    if (t.kind === 'annotation') {
      annotate(ctx, t, last);
      continue;
    }
    last = undefined;
    if (t.kind === 'punct') {
      if (t.text === '-') {
        expectTerm = true;
        continue;
      }
      if (t.text === ',' || t.text === ')') {
        const f = stack[stack.length - 1];
        if (!f) fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `unmatched "${t.text}" outside p(…)`);
        f.branches.push(seriesOf(items));
        items = [];
        if (t.text === ',') {
          expectTerm = true;
          continue;
        }
        stack.pop();
        if (f.branches.length < 2) {
          fail(ctx, 'PARALLEL_NEEDS_TWO_BRANCHES', f.start, t.end, 'a parallel group p(…) needs at least two branches');
        }
        items = f.outer;
        items.push({ type: 'parallel', children: f.branches });
        continue;
      }
    }
    const expected = stack.length ? '"-", "," or ")"' : '"-" or the end';
    fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `expected ${expected} but found ${show(t)}`);
  }
  if (expectTerm) fail(ctx, 'UNEXPECTED_END', input.length, input.length, 'unexpected end: expected an element or "p("');
  const open = stack[stack.length - 1];
  if (open) fail(ctx, 'UNCLOSED_PARALLEL', open.start, open.openEnd, 'p( is never closed (expected ")")');
  return flatten(seriesOf(items));
}

/**
 * Flattens nested groups of the same kind in place (`p(p(a,b),c)` →
 * `p(a,b,c)`), in O(n): each maximal cluster of same-kind groups is walked
 * once, with explicit stacks so depth is no concern.
 */
function flatten(root: CircuitNode): CircuitNode {
  const work: CircuitNode[] = [root];
  const walk: Array<{ node: SeriesNode | ParallelNode; next: number }> = [];
  while (work.length) {
    const n = work.pop() as CircuitNode;
    if (n.type === 'element') continue;
    const out: CircuitNode[] = [];
    walk.push({ node: n, next: 0 });
    while (walk.length) {
      const top = walk[walk.length - 1];
      if (top.next >= top.node.children.length) {
        walk.pop();
        continue;
      }
      const c = top.node.children[top.next++];
      if (c.type === n.type) walk.push({ node: c, next: 0 });
      else {
        out.push(c);
        if (c.type !== 'element') work.push(c);
      }
    }
    n.children = out;
  }
  return root;
}

/** Reads one impedance.py instance name such as `CPE1` or `R_gb`. */
function readImpedancePyElement(ctx: Context, t: Token): ElementNode {
  const word = t.text;
  const symbol = symbolOfName(word, ctx.table);
  if (symbol === undefined) {
    const stem = /^[A-Za-z]*/.exec(word)![0];
    if (stem === '') fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.start + 1, `expected an element name but found ${JSON.stringify(word)}`);
    if (ctx.registry.has(stem)) {
      const suffix = word.slice(stem.length);
      if (suffix === '' || suffix === '_') {
        const at = t.end;
        const reason =
          suffix === ''
            ? `element "${stem}" needs a number or _label, e.g. ${stem}0 or ${stem}_gb`
            : `expected a label after "_" (e.g. ${stem}_gb)`;
        if (at >= ctx.input.length) fail(ctx, 'UNEXPECTED_END', at, at, reason);
        fail(ctx, 'UNEXPECTED_CHARACTER', at, at + 1, reason);
      }
      let bad = stem.length;
      while (bad < word.length && word.charCodeAt(bad) >= 48 && word.charCodeAt(bad) <= 57) bad++;
      fail(
        ctx,
        'UNEXPECTED_CHARACTER',
        t.start + bad,
        t.end,
        `bad instance name "${word}": write ${stem} followed by digits or by _label, e.g. ${stem}1 or ${stem}_gb`,
      );
    }
    const hint = ctx.table.symbols.filter((s) => stem.startsWith(s) && /^[a-z]/.test(stem.slice(s.length)));
    let labelHint = hint.length ? `; for a labelled ${hint[0]} write ${hint[0]}_${stem.slice(hint[0].length)}` : '';
    const next = ctx.tokens[ctx.tokens.indexOf(t) + 1];
    if (word === 'P' && next?.text === '(') labelHint = '; a parallel group is written with a lower-case p(…)';
    fail(
      ctx,
      'UNKNOWN_ELEMENT',
      t.start,
      t.start + stem.length,
      `unknown element "${stem}"${labelHint}`,
      suggest(stem, ctx.table.symbols),
    );
  }
  const name = word;
  claimName(ctx, name, t.start, t.end, false);
  return { type: 'element', symbol: symbol as string, name };
}

/** A frame of the CDC parser: the implicit top-level series or one bracket. */
interface CdcFrame {
  kind: 'series' | 'parallel';
  /** Item list this frame writes into (shared with the parent when merged). */
  items: CircuitNode[];
  /** Index in `items` where this frame's own items begin. */
  from: number;
  /** The opening bracket; undefined for the top level. */
  open: Token | undefined;
  /** Whether `items` is the parent's list (same kind nested, flattened on the fly). */
  merged: boolean;
}

/** Parser of Boukamp CDC strings: `R(RC)(RQ)W`, `[R(RC)]`. */
function parseCdc(ctx: Context): CircuitNode {
  const { tokens, input } = ctx;
  const stack: CdcFrame[] = [{ kind: 'series', items: [], from: 0, open: undefined, merged: false }];
  const counters = new Map<string, number>();
  let last: ElementNode | undefined;

  const push = (f: CdcFrame, node: CircuitNode) => {
    if (node.type === f.kind) for (const c of (node as SeriesNode | ParallelNode).children) f.items.push(c);
    else f.items.push(node);
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const top = stack[stack.length - 1];
    if (t.kind === 'word') {
      last = readCdcWord(ctx, t, counters, top);
      continue;
    }
    if (t.kind === 'annotation') {
      annotate(ctx, t, last);
      continue;
    }
    last = undefined;
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[') {
        const kind = t.text === '(' ? 'parallel' : 'series';
        const merged = top.kind === kind;
        stack.push({ kind, items: merged ? top.items : [], from: merged ? top.items.length : 0, open: t, merged });
        continue;
      }
      if (t.text === ')' || t.text === ']') {
        const kind = t.text === ')' ? 'parallel' : 'series';
        if (!top.open) fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `unmatched "${t.text}"`);
        const open = top.open as Token;
        if (top.kind !== kind) {
          const want = top.kind === 'parallel' ? ')' : ']';
          fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `expected "${want}" to close "${open.text}" at column ${open.start + 1} but found "${t.text}"`);
        }
        const count = top.items.length - top.from;
        if (count === 0) fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `expected an element before "${t.text}"`);
        if (kind === 'parallel' && count === 1) {
          fail(ctx, 'PARALLEL_NEEDS_TWO_BRANCHES', open.start, t.end, 'a parallel group (…) needs at least two elements');
        }
        stack.pop();
        if (!top.merged) push(stack[stack.length - 1], count === 1 ? top.items[0] : { type: kind, children: top.items });
        continue;
      }
      const hint =
        t.text === '-'
          ? ': CDC writes a series by juxtaposition (RC) or [RC]'
          : ': CDC needs no commas, a parallel group is written (RC)';
      fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `unexpected "${t.text}"${hint}`);
    }
    fail(ctx, 'UNEXPECTED_CHARACTER', t.start, t.end, `unexpected character ${show(t)}`);
  }
  const open = stack[stack.length - 1];
  if (open.open) {
    if (open.kind === 'parallel') fail(ctx, 'UNCLOSED_PARALLEL', open.open.start, open.open.end, '"(" is never closed (expected ")")');
    fail(ctx, 'UNEXPECTED_END', input.length, input.length, `unexpected end: "[" at column ${open.open.start + 1} is never closed`);
  }
  const items = stack[0].items;
  if (items.length === 0) fail(ctx, 'EMPTY_CIRCUIT', 0, input.length, 'empty circuit');
  return seriesOf(items);
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Splits one CDC word (`RQ`, `R_gbC`, `Q1Zarc`) into elements, longest
 * spelling first, and appends them to `frame`. Returns the last element.
 */
function readCdcWord(ctx: Context, t: Token, counters: Map<string, number>, frame: CdcFrame): ElementNode {
  const w = t.text;
  let i = 0;
  let last: ElementNode | undefined;
  while (i < w.length) {
    const c = w.charCodeAt(i);
    const at = t.start + i;
    if (!isUpper(c) && !isLower(c)) {
      const what = isDigit(c) ? 'a number' : '"_"';
      fail(ctx, 'UNEXPECTED_CHARACTER', at, at + 1, `unexpected ${what}: a name suffix must directly follow an element letter (R1, R_gb)`);
    }
    const m = matchCdc(w, i, ctx.table);
    if (!m) {
      let run = i + 1;
      while (run < w.length && isLower(w.charCodeAt(run))) run++;
      const candidates = [...ctx.table.cdcSpelling.values(), ...ctx.table.symbols];
      // A misspelled multi-letter symbol (CEP for CPE) reads better as one word.
      const stem = /^[A-Za-z]+/.exec(w.slice(i))![0];
      const whole = stem.length > run - i ? suggest(stem, candidates) : [];
      const [word, to, sugg] = whole.length ? [stem, i + stem.length, whole] : [w.slice(i, run), run, suggest(w.slice(i, run), candidates)];
      const p = word === 'p' ? ': p(…) is impedance.py syntax; CDC writes parallel as (…)' : '';
      fail(ctx, 'UNKNOWN_ELEMENT', at, t.start + to, `unknown element "${word}"${p}`, sugg);
    }
    const { def: d, length: len } = m as NonNullable<typeof m>;
    i += len;
    let j = i;
    if (j < w.length && isDigit(w.charCodeAt(j))) {
      while (j < w.length && isDigit(w.charCodeAt(j))) j++;
    } else if (j < w.length && w[j] === '_') {
      j = w.length; // a label runs to the end of the word
      if (j === i + 1) {
        const reason = `expected a label after "_" (e.g. ${w.slice(0, i)}_gb)`;
        if (t.end >= ctx.input.length) fail(ctx, 'UNEXPECTED_END', t.end, t.end, reason);
        fail(ctx, 'UNEXPECTED_CHARACTER', t.end, t.end + 1, reason);
      }
    }
    const k = counters.get(d.symbol) ?? 0;
    counters.set(d.symbol, k + 1);
    const auto = j === i;
    const name = auto ? `${d.symbol}${k}` : d.symbol + w.slice(i, j);
    claimName(ctx, name, at, t.start + j, auto);
    last = { type: 'element', symbol: d.symbol, name };
    frame.items.push(last);
    i = j;
  }
  return last as ElementNode;
}
