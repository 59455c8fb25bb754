/**
 * Compact wire form of {@link FitResult}s for the worker → main-thread
 * message. Structured clone of one full result costs about 50 µs on each side
 * (many small objects and strings); here the numbers of a whole chunk travel
 * in one Float64Array and the strings that repeat from fit to fit (keys,
 * units, the circuit) travel once per chunk, so decoding a result is a few
 * object literals.
 *
 * The codec knows the layout of `FitResult` and checks it for every result.
 * Top-level fields it does not know (such as `options`) are carried as they
 * are; an unexpected key inside a parameter, statistics or multistart, a NaN
 * where the format uses NaN to mean null, or a `values` entry that differs
 * from `valueArray` makes that result travel whole (structured clone).
 * Nothing is ever lost, at worst the speed-up.
 *
 * @module
 */
import type { FitResult, FittedParameter } from '../types.js';

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

/** One result on the wire: either compact (`s` = static index, numbers at `o`) or raw. */
export type WireResult =
  | {
      s: number;
      o: number;
      reason: string;
      warnings: FitResult['warnings'];
      flags: number;
      /** Top-level fields the codec does not know (e.g. `options`), carried as they are. */
      extra?: Record<string, unknown>;
    }
  | { raw: FitResult };

/** A chunk of results on the wire. */
export interface WireResults {
  /** JSON of the distinct static parts. */
  statics: string[];
  /** All numbers of the compact results. */
  numbers: Float64Array;
  /** One entry per result; undefined where the spectrum failed. */
  items: (WireResult | undefined)[];
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
  buf = new Float64Array(4096);
  n = 0;
  reserve(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    const b = new Float64Array(Math.max(this.buf.length * 2, this.n + extra));
    b.set(this.buf);
    this.buf = b;
  }
  push(x: number): void {
    if (this.n === this.buf.length) this.reserve(1);
    this.buf[this.n++] = x;
  }
  pushAll(a: Float64Array): void {
    this.reserve(a.length);
    this.buf.set(a, this.n);
    this.n += a.length;
  }
}

/** null → NaN; a real NaN cannot be encoded (returns false). */
function nullable(sink: NumberSink, v: number | null): boolean {
  if (v === null) sink.push(NaN);
  else if (Number.isNaN(v)) return false;
  else sink.push(v);
  return true;
}

interface LastStatic {
  st: StaticPart | undefined;
  index: number;
}

const sameList = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** True when a result's static part equals the previous one (cheap field comparison, no JSON). */
function sameStatic(
  r: FitResult,
  pk: string[][],
  ps: Record<string, string | boolean>[],
  sk: string[],
  mk: string[],
  last: LastStatic,
): boolean {
  const st = last.st;
  if (!st) return false;
  if (st.circuit !== r.circuit || st.solver !== r.solver || st.weighting !== r.statistics.weighting) return false;
  if (!sameList(st.freeKeys, r.freeKeys) || !sameList(st.sk, sk) || !sameList(st.mk, mk) || st.p.length !== pk.length) return false;
  if (!sameList(st.r, Object.keys(r))) return false;
  for (let j = 0; j < pk.length; j++) {
    if (!sameList(st.p[j], pk[j])) return false;
    const a = st.ps[j];
    const b = ps[j];
    for (const k in b) if (a[k] !== b[k]) return false;
    for (const k in a) if (!(k in b)) return false;
  }
  return true;
}

function encodeOne(
  r: FitResult,
  sink: NumberSink,
  statics: string[],
  staticIndex: Map<string, number>,
  last: LastStatic,
): WireResult | undefined {
  let extra: Record<string, unknown> | undefined;
  let known = 0;
  for (const k of Object.keys(r)) {
    if (RESULT_KEYS.has(k)) known++;
    else (extra ??= {})[k] = (r as unknown as Record<string, unknown>)[k];
  }
  if (known !== RESULT_KEYS.size) return undefined;
  const P = r.parameters.length;
  const F = r.freeKeys.length;
  const N = r.residuals.frequency.length;
  if (r.valueArray.length !== P || r.covariance.length !== F || r.correlation.length !== F) return undefined;
  if (!(r.residuals.frequency instanceof Float64Array && r.residuals.re instanceof Float64Array && r.residuals.im instanceof Float64Array)) return undefined;
  if (!(r.fitted.re instanceof Float64Array && r.fitted.im instanceof Float64Array)) return undefined;
  if (r.residuals.re.length !== N || r.residuals.im.length !== N || r.fitted.re.length !== N || r.fitted.im.length !== N) return undefined;
  if (Object.keys(r.residuals).join() !== 'frequency,re,im' || Object.keys(r.fitted).join() !== 're,im') return undefined;
  if (Object.keys(r.values).length !== P) return undefined;
  const start = sink.n;
  const pk: string[][] = [];
  const ps: Record<string, string | boolean>[] = [];
  for (let j = 0; j < P; j++) {
    const p = r.parameters[j];
    const keys = Object.keys(p);
    const st: Record<string, string | boolean> = {};
    for (const k of keys) {
      if (PARAM_STATIC.has(k)) st[k] = (p as unknown as Record<string, string | boolean>)[k];
      else if (!PARAM_NUMERIC.has(k)) return undefined;
    }
    if (!Object.is(r.values[p.key], r.valueArray[j]) || !Object.is(p.value, r.valueArray[j])) return undefined;
    pk.push(keys);
    ps.push(st);
    sink.push(p.value);
    if (!nullable(sink, p.stderr) || !nullable(sink, p.relativeStderr)) return undefined;
    if (p.ci95 === null) {
      sink.push(NaN);
      sink.push(NaN);
    } else if (Array.isArray(p.ci95) && p.ci95.length === 2 && !Number.isNaN(p.ci95[0]) && !Number.isNaN(p.ci95[1])) {
      sink.push(p.ci95[0]);
      sink.push(p.ci95[1]);
    } else return undefined;
    sink.push(p.initial);
  }
  for (const m of [r.covariance, r.correlation]) {
    for (const row of m) {
      if (row.length !== F) return undefined;
      for (const v of row) if (!nullable(sink, v)) return undefined;
    }
  }
  const sk = Object.keys(r.statistics);
  for (const k of sk) {
    if (k === STAT_STRING) continue;
    const v = (r.statistics as unknown as Record<string, unknown>)[k];
    if (typeof v !== 'number') return undefined;
    sink.push(v);
  }
  const mk = Object.keys(r.multistart);
  for (const k of mk) {
    const v = (r.multistart as unknown as Record<string, unknown>)[k];
    if (typeof v !== 'number') return undefined;
    sink.push(v);
  }
  sink.push(r.iterations);
  sink.push(r.evaluations);
  sink.push(r.timeMs);
  sink.push(N);
  sink.pushAll(r.residuals.frequency);
  sink.pushAll(r.residuals.re);
  sink.pushAll(r.residuals.im);
  sink.pushAll(r.fitted.re);
  sink.pushAll(r.fitted.im);
  let s = sameStatic(r, pk, ps, sk, mk, last) ? last.index : -1;
  if (s < 0) {
    const st: StaticPart = {
      r: Object.keys(r),
      p: pk,
      ps,
      sk,
      mk,
      circuit: r.circuit,
      solver: r.solver,
      weighting: r.statistics.weighting,
      freeKeys: r.freeKeys,
    };
    const json = JSON.stringify(st);
    const known = staticIndex.get(json);
    if (known === undefined) {
      s = statics.length;
      statics.push(json);
      staticIndex.set(json, s);
    } else s = known;
    last.st = st;
    last.index = s;
  }
  const item: WireResult = { s, o: start, reason: r.reason, warnings: r.warnings, flags: (r.converged ? 1 : 0) | (r.reordered ? 2 : 0) };
  if (extra) item.extra = extra;
  return item;
}

/**
 * Encodes the results of one chunk (worker side).
 *
 * @param results - fit results, or undefined for spectra that failed
 * @returns the wire form; `items[k]` is undefined where `results[k]` was
 */
export function encodeFitResults(results: readonly (FitResult | undefined)[]): WireResults {
  const sink = new NumberSink();
  const statics: string[] = [];
  const staticIndex = new Map<string, number>();
  const last: LastStatic = { st: undefined, index: -1 };
  const items = results.map((r) => {
    if (!r) return undefined;
    const mark = sink.n;
    const compact = encodeOne(r, sink, statics, staticIndex, last);
    if (compact) return compact;
    sink.n = mark;
    return { raw: r };
  });
  return { statics, numbers: sink.buf.slice(0, sink.n), items };
}

/**
 * Decodes one result of a chunk (main-thread side).
 *
 * @param wire - the chunk
 * @param k - index of the result
 * @param cache - parsed static parts by JSON (reuse across chunks)
 * @returns the result, equal bit for bit to the encoded one
 */
export function decodeFitResult(wire: WireResults, k: number, cache: Map<string, StaticPartParsed>): FitResult {
  const item = wire.items[k];
  if (!item) throw new Error(`no encoded result at ${k}`);
  if ('raw' in item) return item.raw;
  const json = wire.statics[item.s];
  let st = cache.get(json);
  if (!st) {
    st = JSON.parse(json) as StaticPart;
    cache.set(json, st);
  }
  const x = wire.numbers;
  let o = item.o;
  const P = st.p.length;
  const F = st.freeKeys.length;
  const nn = (v: number) => (Number.isNaN(v) ? null : v);
  const parameters: FittedParameter[] = new Array(P);
  const values: Record<string, number> = {};
  const valueArray: number[] = new Array(P);
  for (let j = 0; j < P; j++) {
    const value = x[o];
    const stderr = nn(x[o + 1]);
    const relativeStderr = nn(x[o + 2]);
    const ci95: [number, number] | null = Number.isNaN(x[o + 3]) ? null : [x[o + 3], x[o + 4]];
    const initial = x[o + 5];
    o += 6;
    const stat = st.ps[j] as Record<string, string & boolean>;
    const keys = st.p[j];
    if (sameList(keys, CANONICAL_PARAM)) {
      parameters[j] = {
        key: stat.key, alias: stat.alias, element: stat.element, value, unit: stat.unit, stderr, relativeStderr, ci95,
        fixed: stat.fixed, atBound: stat.atBound, identifiable: stat.identifiable, initial,
      } as FittedParameter;
    } else {
      const num: Record<string, unknown> = { value, stderr, relativeStderr, ci95, initial };
      const p: Record<string, unknown> = {};
      for (const key of keys) p[key] = key in num ? num[key] : stat[key];
      parameters[j] = p as unknown as FittedParameter;
    }
    valueArray[j] = value;
    values[stat.key as string] = value;
  }
  const matrix = (): (number | null)[][] => {
    const m: (number | null)[][] = new Array(F);
    for (let a = 0; a < F; a++) {
      const row: (number | null)[] = new Array(F);
      for (let b = 0; b < F; b++) row[b] = nn(x[o++]);
      m[a] = row;
    }
    return m;
  };
  const covariance = matrix();
  const correlation = matrix();
  const statistics: Record<string, unknown> = {};
  for (const key of st.sk) statistics[key] = key === STAT_STRING ? st.weighting : x[o++];
  const multistart: Record<string, unknown> = {};
  for (const key of st.mk) multistart[key] = x[o++];
  const iterations = x[o++];
  const evaluations = x[o++];
  const timeMs = x[o++];
  const n = x[o++];
  const frequency = x.slice(o, o + n);
  const resRe = x.slice(o + n, o + 2 * n);
  const resIm = x.slice(o + 2 * n, o + 3 * n);
  const fitRe = x.slice(o + 3 * n, o + 4 * n);
  const fitIm = x.slice(o + 4 * n, o + 5 * n);
  const fields = {
    circuit: st.circuit,
    parameters,
    values,
    valueArray,
    freeKeys: [...st.freeKeys],
    covariance,
    correlation,
    warnings: item.warnings,
    statistics,
    residuals: { frequency, re: resRe, im: resIm },
    fitted: { re: fitRe, im: fitIm },
    converged: (item.flags & 1) !== 0,
    reason: item.reason,
    iterations,
    evaluations,
    timeMs,
    solver: st.solver,
    multistart,
    reordered: (item.flags & 2) !== 0,
  };
  if (sameList(st.r, CANONICAL_RESULT)) return fields as unknown as FitResult;
  const out: Record<string, unknown> = {};
  const extra = item.extra ?? {};
  for (const key of st.r) out[key] = key in fields ? (fields as Record<string, unknown>)[key] : extra[key];
  return out as unknown as FitResult;
}

/** Parsed static part of the wire form (cache of {@link decodeFitResult}). */
export type StaticPartParsed = StaticPart;
