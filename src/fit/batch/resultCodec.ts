/**
 * Compact wire form of {@link FitResult}s for the worker → main-thread
 * message. Structured clone of one full result costs 50–80 µs of CPU on the
 * two sides together (about a hundred small objects, strings and five typed
 * arrays). Here a chunk of results travels as two things:
 *
 * - `numbers`: one Float64Array with every number of every result. Its
 *   buffer is transferred, not copied.
 * - `text`: one JSON string with the rest. The strings that repeat from fit
 *   to fit (keys, units, the circuit) appear once per chunk as a "static
 *   part". Per result it holds only the stop reason, the warnings, the flags
 *   and top-level fields the codec does not know (such as `options`).
 *
 * Cloning a string and a transferred buffer costs almost nothing. Decoding
 * on the main thread is one `JSON.parse` per chunk plus the object literals
 * of each result, and one typed-array copy per result for its five point
 * arrays (which then share one buffer).
 *
 * The codec knows the layout of `FitResult` and checks it for every result.
 * An unexpected key inside a parameter, statistics or multistart, a NaN where
 * the format uses NaN to mean null, a `values` entry that differs from
 * `valueArray`, or anything in the JSON part that JSON would not reproduce
 * exactly (a -0, a NaN, `undefined`, a class instance) makes that result
 * travel whole (structured clone). Nothing is ever lost, at worst the speed-up.
 *
 * @module
 */
import type { FitResult, FitWarning, FittedParameter } from '../types.js';

/** What the static part of a result describes (JSON, shared by results of a chunk). */
interface StaticPart {
  /** `Object.keys` of the result. */
  r: string[];
  /** `Object.keys` of each parameter. */
  p: string[][];
  /** Static string/boolean fields of each parameter, by key. */
  ps: Record<string, string | boolean>[];
  /** `Object.keys` of statistics / multistart. */
  sk: string[];
  mk: string[];
  /** circuit, solver, weighting. */
  circuit: string;
  solver: string;
  weighting: string;
  freeKeys: string[];
}

/** A parsed static part with what the decoder derives from it once. */
interface ParsedStatic extends StaticPart {
  /** Per parameter: keys in the order `fitCircuit` builds them. */
  canonicalParam: boolean[];
  /** 0: `r` is the canonical key order; k > 0: canonical order followed by k unknown keys; -1: other order. */
  tail: number;
}

/**
 * Per-result JSON part: static index, offset in `numbers`, reason, warnings,
 * flags (1 = converged, 2 = reordered), unknown top-level fields (or 0).
 */
type ItemMeta = [number, number, string, FitWarning[], number, Record<string, unknown> | 0];

/** The JSON part of a chunk. */
interface WireText {
  /** JSON of the distinct static parts. */
  s: string[];
  /** One entry per result; 0 where the spectrum failed or the result travels raw. */
  i: (ItemMeta | 0)[];
}

/**
 * A chunk of results on the wire. Transfer `numbers.buffer` (see
 * {@link wireTransfer}); the rest is cheap to clone.
 * @example
 * ```ts
 * const wire = encodeFitResults([fit]);
 * port.postMessage(wire, wireTransfer(wire));
 * ```
 */
export interface WireResults {
  /** JSON of the static parts and of the per-result strings. */
  text: string;
  /** All numbers of the compact results. */
  numbers: Float64Array;
  /** Results that could not be packed, by index in the chunk (structured clone). */
  raw?: Record<number, FitResult>;
}

/** Key order of a result as `fitCircuit` builds it (the decoder's literal follows it). */
const CANONICAL_RESULT = [
  'circuit', 'parameters', 'values', 'valueArray', 'freeKeys', 'covariance', 'correlation', 'warnings', 'statistics',
  'residuals', 'fitted', 'converged', 'reason', 'iterations', 'evaluations', 'timeMs', 'solver', 'multistart', 'reordered',
];
const RESULT_KEYS = new Set(CANONICAL_RESULT);
const PARAM_NUMERIC = new Set(['value', 'stderr', 'relativeStderr', 'ci95', 'initial']);
const PARAM_STATIC = new Set(['key', 'alias', 'element', 'unit', 'role', 'fixed', 'atBound', 'identifiable']);
const STAT_STRING = 'weighting';
/** Key order of a parameter as `fitCircuit` builds it (fast path of the decoder). */
const CANONICAL_PARAM = ['key', 'alias', 'element', 'value', 'unit', 'stderr', 'relativeStderr', 'ci95', 'fixed', 'atBound', 'identifiable', 'initial'];

/** Appends numbers to a growable buffer. */
class NumberSink {
  buf: Float64Array;
  n = 0;
  constructor(capacity: number, spare?: ArrayBuffer) {
    this.buf = spare && spare.byteLength >= 8 * 64 ? new Float64Array(spare) : new Float64Array(Math.max(64, capacity));
  }
  reserve(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    const b = new Float64Array(Math.max(this.buf.length * 2, this.n + extra));
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
  pushAll(a: Float64Array): void {
    this.buf.set(a, this.n);
    this.n += a.length;
  }
}

/**
 * True when `JSON.parse(JSON.stringify(v))` rebuilds `v` exactly: strings,
 * booleans, null, finite numbers other than -0, arrays and plain objects of
 * those.
 */
function jsonExact(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonExact(v[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k of Object.keys(v)) {
        if (k === '__proto__' || !jsonExact((v as Record<string, unknown>)[k])) return false;
      }
      return Object.getOwnPropertySymbols(v).length === 0;
    }
    default:
      return false;
  }
}

interface LastStatic {
  /**
   * The static part of the previous compact result of the chunk and its index.
   * Only this is kept, never the result itself: a result kept until the next
   * fit would survive a scavenge and be promoted, filling the worker's old
   * generation with garbage.
   */
  st: StaticPart | undefined;
  index: number;
}

const sameList = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * True when a result's static part equals the previous one: key lists equal
 * and every static parameter field identical (field comparison, no JSON).
 */
function sameStatic(r: FitResult, rk: string[], pk: string[][], sk: string[], mk: string[], last: LastStatic): boolean {
  const st = last.st;
  if (!st) return false;
  if (st.circuit !== r.circuit || st.solver !== r.solver || st.weighting !== r.statistics.weighting) return false;
  if (!sameList(st.freeKeys, r.freeKeys) || !sameList(st.sk, sk) || !sameList(st.mk, mk) || st.p.length !== pk.length) return false;
  if (!sameList(st.r, rk)) return false;
  for (let j = 0; j < pk.length; j++) {
    const keys = pk[j];
    if (!sameList(st.p[j], keys)) return false;
    const a = st.ps[j];
    const b = r.parameters[j] as unknown as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (PARAM_STATIC.has(k) && a[k] !== b[k]) return false;
    }
  }
  return true;
}

/** Writes `v` (null → NaN); false for a real NaN, which cannot be told from null. */
function putNullable(x: Float64Array, o: number, v: number | null): boolean {
  if (v === null) x[o] = NaN;
  else if (v !== v) return false;
  else x[o] = v;
  return true;
}

function encodeOne(
  r: FitResult,
  sink: NumberSink,
  statics: string[],
  staticIndex: Map<string, number>,
  last: LastStatic,
): ItemMeta | undefined {
  let extra: Record<string, unknown> | undefined;
  let known = 0;
  const rk = Object.keys(r);
  for (const k of rk) {
    if (RESULT_KEYS.has(k)) known++;
    else (extra ??= {})[k] = (r as unknown as Record<string, unknown>)[k];
  }
  if (known !== RESULT_KEYS.size) return undefined;
  if (extra && !jsonExact(extra)) return undefined;
  if (typeof r.reason !== 'string' || !Array.isArray(r.warnings) || !jsonExact(r.warnings)) return undefined;
  const P = r.parameters.length;
  const F = r.freeKeys.length;
  const res = r.residuals;
  const fit = r.fitted;
  const N = res.frequency.length;
  if (r.valueArray.length !== P || r.covariance.length !== F || r.correlation.length !== F) return undefined;
  if (!(res.frequency instanceof Float64Array && res.re instanceof Float64Array && res.im instanceof Float64Array)) return undefined;
  if (!(fit.re instanceof Float64Array && fit.im instanceof Float64Array)) return undefined;
  if (res.re.length !== N || res.im.length !== N || fit.re.length !== N || fit.im.length !== N) return undefined;
  const resKeys = Object.keys(res);
  const fitKeys = Object.keys(fit);
  if (resKeys.length !== 3 || resKeys[0] !== 'frequency' || resKeys[1] !== 're' || resKeys[2] !== 'im') return undefined;
  if (fitKeys.length !== 2 || fitKeys[0] !== 're' || fitKeys[1] !== 'im') return undefined;
  if (Object.keys(r.values).length !== P) return undefined;
  const sk = Object.keys(r.statistics);
  const mk = Object.keys(r.multistart);
  const start = sink.n;
  sink.reserve(6 * P + 2 * F * F + sk.length + mk.length + 4 + 5 * N);
  const x = sink.buf;
  let o = start;
  const pk: string[][] = new Array(P);
  const lastPk = last.st?.p;
  for (let j = 0; j < P; j++) {
    const p = r.parameters[j];
    const keys = Object.keys(p);
    if (!(lastPk && j < lastPk.length && sameList(lastPk[j], keys))) {
      // Key list not seen in the previous result: check every key is known.
      for (const k of keys) if (!PARAM_STATIC.has(k) && !PARAM_NUMERIC.has(k)) return undefined;
    }
    const value = p.value;
    if (!Object.is(r.values[p.key], r.valueArray[j]) || !Object.is(value, r.valueArray[j])) return undefined;
    pk[j] = keys;
    x[o] = value;
    if (!putNullable(x, o + 1, p.stderr) || !putNullable(x, o + 2, p.relativeStderr)) return undefined;
    const ci = p.ci95;
    if (ci === null) {
      x[o + 3] = NaN;
      x[o + 4] = NaN;
    } else if (Array.isArray(ci) && ci.length === 2 && ci[0] === ci[0] && ci[1] === ci[1]) {
      x[o + 3] = ci[0];
      x[o + 4] = ci[1];
    } else return undefined;
    x[o + 5] = p.initial;
    o += 6;
  }
  for (const m of [r.covariance, r.correlation]) {
    for (let a = 0; a < F; a++) {
      const row = m[a];
      if (row.length !== F) return undefined;
      for (let b = 0; b < F; b++) if (!putNullable(x, o++, row[b])) return undefined;
    }
  }
  const stats = r.statistics as unknown as Record<string, unknown>;
  for (const k of sk) {
    if (k === STAT_STRING) continue;
    const v = stats[k];
    if (typeof v !== 'number') return undefined;
    x[o++] = v;
  }
  const ms = r.multistart as unknown as Record<string, unknown>;
  for (const k of mk) {
    const v = ms[k];
    if (typeof v !== 'number') return undefined;
    x[o++] = v;
  }
  x[o++] = r.iterations;
  x[o++] = r.evaluations;
  x[o++] = r.timeMs;
  x[o++] = N;
  sink.n = o;
  sink.pushAll(res.frequency);
  sink.pushAll(res.re);
  sink.pushAll(res.im);
  sink.pushAll(fit.re);
  sink.pushAll(fit.im);
  let s = sameStatic(r, rk, pk, sk, mk, last) ? last.index : -1;
  if (s < 0) {
    const ps = pk.map((keys, j) => {
      const st: Record<string, string | boolean> = {};
      const p = r.parameters[j] as unknown as Record<string, string | boolean>;
      for (const k of keys) if (PARAM_STATIC.has(k)) st[k] = p[k];
      return st;
    });
    const st: StaticPart = {
      r: rk,
      p: pk,
      ps,
      sk,
      mk,
      circuit: r.circuit,
      solver: r.solver,
      weighting: r.statistics.weighting,
      freeKeys: r.freeKeys.slice(),
    };
    const json = JSON.stringify(st);
    const seen = staticIndex.get(json);
    if (seen === undefined) {
      s = statics.length;
      statics.push(json);
      staticIndex.set(json, s);
    } else s = seen;
    last.st = st;
    last.index = s;
  }
  return [s, start, r.reason, r.warnings, (r.converged ? 1 : 0) | (r.reordered ? 2 : 0), extra ?? 0];
}

/**
 * Encodes the results of one chunk, one at a time (worker side): each result
 * is packed as soon as it exists, so the worker can drop it at once (it dies
 * young instead of surviving into the old generation with the whole chunk).
 *
 * @example
 * ```ts
 * const encoder = new FitResultEncoder(spareBuffer);
 * for (const s of spectra) encoder.add(fitCircuit(model, s));
 * const wire = encoder.finish();
 * port.postMessage(wire, wireTransfer(wire));
 * ```
 */
export class FitResultEncoder {
  private readonly sink: NumberSink;
  private readonly statics: string[] = [];
  private readonly staticIndex = new Map<string, number>();
  private readonly last: LastStatic = { st: undefined, index: -1 };
  private readonly items: (ItemMeta | 0)[] = [];
  private raw: Record<number, FitResult> | undefined;

  /**
   * @param spare - a buffer to write the numbers into (e.g. one the main
   *   thread sent back after decoding an earlier chunk); it grows by copying
   *   when too small. Without it the encoder allocates 32 kB.
   */
  constructor(spare?: ArrayBuffer) {
    this.sink = new NumberSink(4096, spare);
  }

  /**
   * Appends the next result of the chunk.
   *
   * @param result - the fit result, or undefined for a spectrum that failed
   */
  add(result: FitResult | undefined): void {
    const k = this.items.length;
    this.items.push(0);
    if (!result) return;
    const mark = this.sink.n;
    const compact = encodeOne(result, this.sink, this.statics, this.staticIndex, this.last);
    if (compact) this.items[k] = compact;
    else {
      this.sink.n = mark;
      (this.raw ??= {})[k] = result;
    }
  }

  /**
   * Ends the chunk. `numbers` is a view of the whole working buffer (no
   * trimming copy); transfer its buffer with {@link wireTransfer}.
   *
   * @returns the wire form
   */
  finish(): WireResults {
    const text: WireText = { s: this.statics, i: this.items };
    const wire: WireResults = { text: JSON.stringify(text), numbers: this.sink.buf.subarray(0, this.sink.n) };
    if (this.raw) wire.raw = this.raw;
    return wire;
  }
}

/**
 * Encodes the results of one chunk (worker side). Send `numbers.buffer` in
 * the transfer list ({@link wireTransfer}).
 *
 * @param results - fit results, or undefined for spectra that failed
 * @param spare - optional buffer to reuse (see {@link FitResultEncoder})
 * @returns the wire form
 * @example
 * ```ts
 * const wire = encodeFitResults([resultA, undefined, resultB]);
 * port.postMessage(wire, wireTransfer(wire));
 * ```
 */
export function encodeFitResults(results: readonly (FitResult | undefined)[], spare?: ArrayBuffer): WireResults {
  const encoder = new FitResultEncoder(spare);
  for (const r of results) encoder.add(r);
  return encoder.finish();
}

/**
 * The buffers of a chunk's wire form to transfer rather than copy.
 *
 * @param wire - from {@link encodeFitResults}
 * @returns its ArrayBuffer
 * @example
 * ```ts
 * port.postMessage(wire, wireTransfer(wire));
 * ```
 */
export function wireTransfer(wire: WireResults): ArrayBuffer[] {
  return [wire.numbers.buffer as ArrayBuffer];
}

function parseStatic(json: string): ParsedStatic {
  const st = JSON.parse(json) as StaticPart;
  const canonicalParam = st.p.map((keys) => sameList(keys, CANONICAL_PARAM));
  let tail = -1;
  if (sameList(st.r, CANONICAL_RESULT)) tail = 0;
  else if (st.r.length > CANONICAL_RESULT.length && sameList(st.r.slice(0, CANONICAL_RESULT.length), CANONICAL_RESULT)) {
    tail = st.r.length - CANONICAL_RESULT.length;
  }
  return { ...st, canonicalParam, tail };
}

function decodeOne(x: Float64Array, item: ItemMeta, st: ParsedStatic): FitResult {
  let o = item[1];
  const P = st.p.length;
  const F = st.freeKeys.length;
  const parameters: FittedParameter[] = new Array(P);
  const values: Record<string, number> = {};
  const valueArray: number[] = new Array(P);
  for (let j = 0; j < P; j++) {
    const value = x[o];
    const e = x[o + 1];
    const re = x[o + 2];
    const stderr = e === e ? e : null;
    const relativeStderr = re === re ? re : null;
    const ci95: [number, number] | null = x[o + 3] === x[o + 3] ? [x[o + 3], x[o + 4]] : null;
    const initial = x[o + 5];
    o += 6;
    const stat = st.ps[j] as Record<string, string & boolean>;
    if (st.canonicalParam[j]) {
      parameters[j] = {
        key: stat.key, alias: stat.alias, element: stat.element, value, unit: stat.unit, stderr, relativeStderr, ci95,
        fixed: stat.fixed, atBound: stat.atBound, identifiable: stat.identifiable, initial,
      } as FittedParameter;
    } else {
      const num: Record<string, unknown> = { value, stderr, relativeStderr, ci95, initial };
      const p: Record<string, unknown> = {};
      for (const key of st.p[j]) p[key] = key in num ? num[key] : stat[key];
      parameters[j] = p as unknown as FittedParameter;
    }
    valueArray[j] = value;
    values[stat.key as string] = value;
  }
  const covariance: (number | null)[][] = new Array(F);
  const correlation: (number | null)[][] = new Array(F);
  for (const m of [covariance, correlation]) {
    for (let a = 0; a < F; a++) {
      const row: (number | null)[] = new Array(F);
      for (let b = 0; b < F; b++) {
        const v = x[o++];
        row[b] = v === v ? v : null;
      }
      m[a] = row;
    }
  }
  const statistics: Record<string, unknown> = {};
  for (const key of st.sk) statistics[key] = key === STAT_STRING ? st.weighting : x[o++];
  const multistart: Record<string, unknown> = {};
  for (const key of st.mk) multistart[key] = x[o++];
  const iterations = x[o++];
  const evaluations = x[o++];
  const timeMs = x[o++];
  const n = x[o++];
  // One copy for the five point arrays, which then share one buffer.
  const points = x.slice(o, o + 5 * n);
  const fields = {
    circuit: st.circuit,
    parameters,
    values,
    valueArray,
    freeKeys: st.freeKeys.slice(),
    covariance,
    correlation,
    warnings: item[3],
    statistics,
    residuals: { frequency: points.subarray(0, n), re: points.subarray(n, 2 * n), im: points.subarray(2 * n, 3 * n) },
    fitted: { re: points.subarray(3 * n, 4 * n), im: points.subarray(4 * n, 5 * n) },
    converged: (item[4] & 1) !== 0,
    reason: item[2],
    iterations,
    evaluations,
    timeMs,
    solver: st.solver,
    multistart,
    reordered: (item[4] & 2) !== 0,
  };
  const extra = item[5] || {};
  if (st.tail >= 0) {
    // Unknown keys came after the known ones: append them in order.
    const out = fields as Record<string, unknown>;
    for (let k = CANONICAL_RESULT.length; k < st.r.length; k++) out[st.r[k]] = extra[st.r[k]];
    return out as unknown as FitResult;
  }
  const out: Record<string, unknown> = {};
  for (const key of st.r) out[key] = key in fields ? (fields as Record<string, unknown>)[key] : extra[key];
  return out as unknown as FitResult;
}

/**
 * Decodes the results of one chunk (main-thread side).
 *
 * @param wire - the chunk, as received
 * @param cache - parsed static parts by JSON (reuse across chunks of a run)
 * @returns one entry per encoded slot: the result, equal bit for bit to the
 *   encoded one (typed arrays included), or undefined where the spectrum failed
 * @example
 * ```ts
 * const results = decodeFitResults(wire, new Map());
 * ```
 */
export function decodeFitResults(wire: WireResults, cache: Map<string, StaticPartParsed>): (FitResult | undefined)[] {
  const text = JSON.parse(wire.text) as WireText;
  const statics: ParsedStatic[] = text.s.map((json) => {
    let st = cache.get(json);
    if (!st) {
      st = parseStatic(json);
      cache.set(json, st);
    }
    return st;
  });
  const out: (FitResult | undefined)[] = new Array(text.i.length);
  for (let k = 0; k < text.i.length; k++) {
    const item = text.i[k];
    out[k] = item ? decodeOne(wire.numbers, item, statics[item[0]]) : wire.raw?.[k];
  }
  return out;
}

/** Parsed static part of the wire form (cache of {@link decodeFitResults}). * @example
 * ```ts
 * const cache = new Map<string, StaticPartParsed>();
 * decodeFitResults(wire, cache);
 * ```
 */
export type StaticPartParsed = ParsedStatic;
