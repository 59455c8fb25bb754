/**
 * Inline annotations of circuit elements: `R_gb{R=200:50..2000, role=grain-boundary}`.
 *
 * Grammar (whitespace allowed between all parts):
 * ```
 * annotation := '{' entry (',' entry)* '}'
 * entry      := 'role' '=' ROLE
 *             | NAME '=' value ['fixed']
 *             | NAME 'fixed'
 * value      := NUM                      initial value
 *             | [NUM] '..' [NUM]         bounds only (either side may be open)
 *             | NUM ':' [NUM] '..' [NUM] initial value and bounds
 * NUM        := decimal or exponent number, or inf / -inf / Infinity
 * ```
 *
 * @module
 */
import { CircuitSyntaxError } from '../errors.js';
import { suggest } from './suggest.js';
import { ROLES } from './types.js';
import type { ElementAnnotations, ElementDefinition, ParameterAnnotation, Role } from './types.js';

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const ROLE_WORD = /[A-Za-z][A-Za-z0-9_-]*/y;
const NUMBER = /[+-]?(?:(?:[0-9]+(?:\.(?!\.)[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[Ii]nf(?:inity)?)/y;
const NUMBER_TAIL = /[A-Za-z0-9_.]/;

/** A number read from an annotation, with its span. */
interface NumberToken {
  value: number;
  start: number;
  end: number;
}

/**
 * Parses the annotation block `{…}` that follows element `element`.
 *
 * Rejects (code `BAD_ANNOTATION`, positioned at the offending part): an
 * unclosed or empty block, unknown parameter names (with suggestions from the
 * element's {@link ParameterSpec} names), unknown roles, repeated entries,
 * malformed or non-finite numbers, `lower > upper`, bounds outside the
 * parameter's physical bounds, and an initial value outside the bounds in
 * force (the annotated ones, else the physical ones).
 *
 * @param input - the whole circuit string (for positions)
 * @param start - offset of `{`
 * @param end - offset one past `}` (or the input length when unclosed)
 * @param closed - whether `}` was found
 * @param def - the annotated element's definition
 * @param element - the element's instance name (for messages)
 * @returns the annotations
 * @throws CircuitSyntaxError with code `BAD_ANNOTATION`
 * @example
 * ```ts
 * const s = 'CPE1{alpha=0.9 fixed}';
 * parseAnnotations(s, 4, s.length, true, BUILTIN_ELEMENTS.get('CPE')!, 'CPE1');
 * // { parameters: { alpha: { initial: 0.9, fixed: true } } }
 * ```
 */
export function parseAnnotations(
  input: string,
  start: number,
  end: number,
  closed: boolean,
  def: ElementDefinition,
  element: string,
): ElementAnnotations {
  const fail = (a: number, b: number, reason: string, suggestions?: readonly string[]): never => {
    throw new CircuitSyntaxError({ code: 'BAD_ANNOTATION', reason, input, start: a, end: Math.max(b, a + 1), suggestions });
  };
  if (!closed) fail(start, start + 1, `annotation of ${element} is never closed (expected "}")`);
  const limit = end - 1;
  let pos = start + 1;
  const skip = () => {
    while (pos < limit && /\s/.test(input[pos])) pos++;
  };
  const readName = (re: RegExp): [string, number] | undefined => {
    re.lastIndex = pos;
    const m = re.exec(input);
    if (!m || pos + m[0].length > limit) return undefined;
    const at = pos;
    pos += m[0].length;
    return [m[0], at];
  };
  const readNumber = (): NumberToken | undefined => {
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(input);
    if (!m || pos + m[0].length > limit) {
      // Something that starts like a number or word but is not one.
      if (pos < limit && NUMBER_TAIL.test(input[pos]) && !input.startsWith('..', pos)) {
        let e = pos;
        while (e < limit && NUMBER_TAIL.test(input[e]) && !input.startsWith('..', e)) e++;
        if (/^[A-Za-z]/.test(input[pos]) && input.slice(pos, e) === 'fixed') return undefined;
        fail(pos, e, `"${input.slice(pos, e)}" is not a number`);
      }
      return undefined;
    }
    const at = pos;
    let e = pos + m[0].length;
    if (e < limit && NUMBER_TAIL.test(input[e]) && !input.startsWith('..', e)) {
      while (e < limit && NUMBER_TAIL.test(input[e]) && !input.startsWith('..', e)) e++;
      fail(at, e, `"${input.slice(at, e)}" is not a number`);
    }
    pos = e;
    const text = m[0];
    const value = /inf/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
    if (!/inf/i.test(text) && !Number.isFinite(value)) fail(at, e, `number ${text} is out of range`);
    return { value, start: at, end: e };
  };

  skip();
  if (pos >= limit) fail(start, end, `empty annotation on ${element}`);
  const parameters: Record<string, ParameterAnnotation> = {};
  let nParams = 0;
  let role: Role | undefined;
  const names = def.parameters.map((p) => p.name);
  for (;;) {
    skip();
    const nm = readName(NAME);
    if (!nm) {
      return fail(pos, pos + 1, `expected a parameter name (${names.join(', ')}) or "role" in the annotation of ${element}`);
    }
    const [name, nameAt] = nm;
    const nameEnd = nameAt + name.length;
    skip();
    if (name === 'role' && !names.includes('role')) {
      if (input[pos] !== '=') fail(pos, pos + 1, `expected "=" after "role"`);
      pos++;
      skip();
      const rw = readName(ROLE_WORD);
      if (!rw) return fail(pos, pos + 1, `expected a role (${ROLES.join(', ')})`);
      if (role !== undefined) fail(nameAt, rw[1] + rw[0].length, `role of ${element} is given twice`);
      if (!(ROLES as readonly string[]).includes(rw[0])) {
        fail(rw[1], rw[1] + rw[0].length, `unknown role "${rw[0]}" (roles: ${ROLES.join(', ')})`, suggest(rw[0], ROLES));
      }
      role = rw[0] as Role;
    } else {
      const spec = def.parameters.find((p) => p.name === name);
      if (!spec) {
        fail(nameAt, nameEnd, `unknown parameter "${name}" of ${element} (${def.symbol} has ${names.join(', ')})`, suggest(name, names));
        return {};
      }
      if (parameters[name]) fail(nameAt, nameEnd, `parameter ${name} of ${element} is annotated twice`);
      const ann: ParameterAnnotation = {};
      let given = false;
      let initialTok: NumberToken | undefined;
      if (input[pos] === '=') {
        pos++;
        skip();
        const first = readNumber();
        skip();
        let rangeStart = -1;
        if (input.startsWith('..', pos) && pos + 2 <= limit) {
          rangeStart = first ? first.start : pos;
          if (first) ann.lower = first.value;
        } else if (input[pos] === ':') {
          if (!first) fail(pos, pos + 1, `expected an initial value before ":"`);
          initialTok = first;
          pos++;
          skip();
          rangeStart = pos;
          const lo = readNumber();
          skip();
          if (!input.startsWith('..', pos) || pos + 2 > limit) {
            fail(pos, pos + 1, `expected ".." in the bounds of ${element}.${name} (e.g. ${name}=1:0.5..2)`);
          }
          if (lo) ann.lower = lo.value;
        } else {
          if (!first) fail(pos, pos + 1, `expected a number after "${name}="`);
          initialTok = first;
        }
        if (rangeStart >= 0) {
          const dots = pos;
          pos += 2;
          skip();
          const hi = readNumber();
          if (hi) ann.upper = hi.value;
          const rangeEnd = hi ? hi.end : dots + 2;
          if (ann.lower === undefined && ann.upper === undefined) fail(dots, dots + 2, `empty range ".." for ${element}.${name}`);
          if (ann.lower !== undefined && ann.upper !== undefined && ann.lower > ann.upper) {
            fail(rangeStart, rangeEnd, `lower bound ${ann.lower} of ${element}.${name} is above its upper bound ${ann.upper}`);
          }
          if (ann.lower !== undefined && ann.lower < spec.bounds[0]) {
            fail(rangeStart, rangeEnd, `lower bound ${ann.lower} of ${element}.${name} is below its physical limit ${spec.bounds[0]}`);
          }
          if (ann.upper !== undefined && ann.upper > spec.bounds[1]) {
            fail(rangeStart, rangeEnd, `upper bound ${ann.upper} of ${element}.${name} is above its physical limit ${spec.bounds[1]}`);
          }
          if (ann.lower === Infinity || ann.upper === -Infinity) {
            fail(rangeStart, rangeEnd, `bounds of ${element}.${name} leave no finite value`);
          }
        }
        given = true;
        skip();
      }
      if (input.startsWith('fixed', pos) && !/[A-Za-z0-9_]/.test(input[pos + 5] ?? '') && pos + 5 <= limit) {
        ann.fixed = true;
        pos += 5;
        given = true;
      }
      if (!given) fail(pos, pos + 1, `expected "=" or "fixed" after "${name}"`);
      if (initialTok) {
        const v = initialTok.value;
        if (!Number.isFinite(v)) fail(initialTok.start, initialTok.end, `initial value of ${element}.${name} must be finite`);
        const lo = ann.lower ?? spec.bounds[0];
        const hi = ann.upper ?? spec.bounds[1];
        if (v < lo || v > hi) {
          fail(initialTok.start, initialTok.end, `initial value ${v} of ${element}.${name} is outside its bounds [${lo}, ${hi}]`);
        }
        ann.initial = v;
      }
      parameters[name] = ordered(ann);
      nParams++;
    }
    skip();
    if (pos >= limit) break;
    if (input[pos] !== ',') fail(pos, pos + 1, `expected "," or "}" in the annotation of ${element}`);
    pos++;
    skip();
    if (pos >= limit) fail(pos, pos + 1, `expected an entry after "," in the annotation of ${element}`);
  }
  const out: ElementAnnotations = {};
  if (nParams) out.parameters = parameters;
  if (role !== undefined) out.role = role;
  return out;
}

/** Copies an annotation with its keys in a stable order (initial, lower, upper, fixed). */
function ordered(a: ParameterAnnotation): ParameterAnnotation {
  const o: ParameterAnnotation = {};
  if (a.initial !== undefined) o.initial = a.initial;
  if (a.lower !== undefined) o.lower = a.lower;
  if (a.upper !== undefined) o.upper = a.upper;
  if (a.fixed) o.fixed = true;
  return o;
}

/**
 * Prints a number so that `Number()` reads back exactly the same value: the
 * shortest round-trip decimal, plain for 1e-3 ≤ |x| < 1e6 and in exponent
 * form otherwise (`1e-9`, `2.5e7`), `inf`/`-inf` for infinities and `-0` for
 * negative zero.
 *
 * @param x - the number
 * @returns its annotation spelling
 * @example
 * ```ts
 * formatNumber(1e-9);     // '1e-9'
 * formatNumber(Infinity); // 'inf'
 * ```
 */
export function formatNumber(x: number): string {
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-3 && a < 1e6)) return String(x);
  return x.toExponential().replace('e+', 'e');
}

/**
 * Prints annotations as a `{…}` block, parameters in the element's declaration
 * order (then any others), the role last; entries separated by `, `. Returns an
 * empty string when there is nothing to print.
 *
 * @param annotations - the annotations, or undefined
 * @param def - the element definition (for parameter order), if known
 * @returns e.g. `{Q=1e-9:1e-12..1e-6, alpha=0.9 fixed, role=grain-boundary}`
 * @example
 * ```ts
 * formatAnnotations({ parameters: { R: { initial: 200, lower: 50, upper: 2000 } } }); // '{R=200:50..2000}'
 * ```
 */
export function formatAnnotations(annotations: ElementAnnotations | undefined, def?: ElementDefinition): string {
  if (!annotations) return '';
  const entries: string[] = [];
  const params = annotations.parameters ?? {};
  const keys = Object.keys(params);
  const order = def ? def.parameters.map((p) => p.name).filter((k) => keys.includes(k)) : [];
  for (const k of keys) if (!order.includes(k)) order.push(k);
  for (const k of order) {
    const a = params[k];
    if (!a) continue;
    const hasInit = a.initial !== undefined;
    const hasBounds = a.lower !== undefined || a.upper !== undefined;
    let s = k;
    if (hasInit || hasBounds) s += '=';
    if (hasInit) s += formatNumber(a.initial as number);
    if (hasBounds) {
      s += (hasInit ? ':' : '') + (a.lower !== undefined ? formatNumber(a.lower) : '') + '..';
      s += a.upper !== undefined ? formatNumber(a.upper) : '';
    }
    if (a.fixed) s += ' fixed';
    if (s !== k) entries.push(s);
  }
  if (annotations.role !== undefined) entries.push(`role=${annotations.role}`);
  return entries.length ? `{${entries.join(', ')}}` : '';
}
