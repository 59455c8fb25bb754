/**
 * The fit work a batch worker does, independent of the platform: the same
 * handler runs in Node worker threads, in Web Workers and in the calling
 * thread (`workers: 0`), which is why results agree bit for bit.
 *
 * A chunk carries several spectra packed into one buffer (one message, one
 * transferable ArrayBuffer); the reply holds one outcome per spectrum, so a
 * bad spectrum fails alone.
 *
 * @module
 */
import { compileCircuit } from '../../circuit/compileCircuit.js';
import type { CircuitModel } from '../../circuit/types.js';
import type { Spectrum } from '../../data/spectrum.js';
import { EisError, ParameterError } from '../../errors.js';
import { fitCircuit, fitCircuitRow, ROW_HEAD, warmStartValues } from '../fitCircuit.js';
import { planFit, type FitPlan } from '../problem.js';
import type { FitOptions, FitResult } from '../types.js';
import { serializeError } from './protocol.js';
import { FitResultEncoder, decodeFitResults, wireTransfer } from './resultCodec.js';
import type { StaticPartParsed, WireResults } from './resultCodec.js';
import type { SerializedError } from './protocol.js';
import type { TaskHandler } from './serveWorker.js';

/**
 * Fit options that can cross a thread boundary: everything of
 * {@link FitOptions} except functions (`guess` as a function) and custom
 * element registries (`elements`), which hold functions.
 */
export type PortableFitOptions = Omit<FitOptions, 'guess' | 'elements'> & {
  /** Only the automatic guess crosses threads. */
  guess?: 'auto';
};

/**
 * Configuration each fit worker receives once. A shared pool
 * (`createFitPool`) starts its workers without a circuit; each chunk then
 * carries its own {@link FitChunk.job}.
 */
export interface FitWorkerConfig {
  /** Circuit string, compiled once per worker and reused for every fit (absent in a shared pool). */
  circuit?: string;
  /** Options shared by every fit. */
  options: PortableFitOptions;
}

/**
 * Several spectra packed into one message: spectrum k occupies points
 * `[offsets[k], offsets[k+1])` of `frequency`, `re` and `im`. All four are
 * views of one transferable buffer, which the worker sends back for reuse.
 */
export interface FitChunk {
  /** Frequencies of all spectra, concatenated (Hz). */
  frequency: Float64Array;
  /** Re Z of all spectra (Ω). */
  re: Float64Array;
  /** Im Z of all spectra (Ω). */
  im: Float64Array;
  /** Start offsets, length = spectra + 1. */
  offsets: Int32Array;
  /**
   * Fit the spectra in order, each starting from the previous fitted values
   * (a warm-started series segment). Otherwise every fit is independent.
   */
  warmStart: boolean;
  /** Result buffers the main thread has finished decoding, for the worker to reuse. */
  recycle?: ArrayBuffer[];
  /**
   * Circuit and options of this chunk, overriding the worker's configuration
   * (a shared pool serves runs with different circuits and options). The
   * worker compiles each circuit once and keeps the last few.
   */
  job?: { circuit: string; options: PortableFitOptions };
  /**
   * Reply with lean rows ({@link FitRowsReply}, for `fitTable`) instead of
   * full results.
   */
  rows?: boolean;
}

/**
 * A worker's reply to a chunk with {@link FitChunk.rows}: one row of
 * `ROW_HEAD + 3·P` numbers per spectrum (see `fitCircuitRow`), in one
 * transferred buffer; the rows of failed spectra are NaN.
 */
export interface FitRowsReply {
  /** Rows of the chunk, spectrum after spectrum. */
  rows: Float64Array;
  /** Numbers per row. */
  stride: number;
  /** Encoded errors of the spectra that failed, by index in the chunk; absent when none failed. */
  errors?: Record<number, SerializedError>;
  /** The chunk's own buffer, sent back for reuse. */
  input?: ArrayBuffer;
}

/** The outcome of one spectrum of a chunk. */
export type FitChunkOutcome = { ok: true; result: FitResult } | { ok: false; error: SerializedError };

/** A worker's reply to a chunk: results in the compact wire form, errors per spectrum. */
export interface FitChunkReply {
  /** Encoded results (entries of failed spectra are empty). */
  wire: WireResults;
  /** Encoded errors of the spectra that failed, by index in the chunk; absent when none failed. */
  errors?: Record<number, SerializedError>;
  /** The chunk's own buffer, sent back so the main thread can pack the next chunk into it. */
  input?: ArrayBuffer;
}

/** Per-worker state: the compiled model and the shared options. */
export interface FitWorkerContext {
  /** Model compiled once from `config.circuit` (absent in a shared pool's workers). */
  model?: CircuitModel;
  /** Options shared by every fit. */
  options: FitOptions;
  /** Result buffers sent back by the main thread, reused by the next chunks. */
  spares?: ArrayBuffer[];
  /** Models compiled for chunks that carry their own circuit ({@link FitChunk.job}), most recent last. */
  models?: Map<string, CircuitModel>;
}

/** Compiled models a worker keeps for jobs (a compiled model also keys the fitter's per-model caches). */
const MAX_JOB_MODELS = 8;

/**
 * The context a chunk runs in: the worker's own, or, for a chunk with a
 * {@link FitChunk.job}, the job's circuit (compiled once per worker and kept
 * among the last {@link MAX_JOB_MODELS}) with the job's options.
 *
 * @param context - the worker's context
 * @param chunk - the chunk
 * @returns the context to run the chunk in
 * @example
 * ```ts
 * contextFor(initFitWorker({ options: {} }), { ...chunk, job: { circuit: 'R0-p(R1,C1)', options: {} } }).model;
 * ```
 */
export function contextFor(context: FitWorkerContext, chunk: FitChunk): FitWorkerContext {
  const job = chunk.job;
  if (!job) return context;
  const models = (context.models ??= new Map());
  let model = models.get(job.circuit);
  if (model) models.delete(job.circuit);
  else model = compileCircuit(job.circuit);
  models.set(job.circuit, model);
  if (models.size > MAX_JOB_MODELS) models.delete(models.keys().next().value as string);
  return { model, options: job.options as FitOptions, spares: context.spares };
}

/**
 * Throws a `ParameterError` (`BAD_OPTION`) when `options` hold something that
 * cannot be sent to a worker.
 *
 * @param options - fit options
 * @returns the same options, typed as portable
 */
export function checkPortable(options: FitOptions): PortableFitOptions {
  if (typeof options.guess === 'function') {
    throw new ParameterError(
      'BAD_OPTION',
      'guess: a guess function cannot be sent to worker threads; use workers: 0 (calling thread) or fit in a custom worker',
      'guess',
    );
  }
  if (options.elements !== undefined) {
    throw new ParameterError(
      'BAD_OPTION',
      'elements: a custom element registry holds functions and cannot be sent to worker threads; use workers: 0 (calling thread)',
      'elements',
    );
  }
  return options as PortableFitOptions;
}

/**
 * Bytes of the buffer that holds a chunk: the Int32 offsets (padded to 8
 * bytes), then frequency, Re and Im as doubles.
 *
 * @param count - spectra in the chunk
 * @param points - points of all spectra together
 * @returns the byte length
 * @example
 * ```ts
 * chunkBytes(2, 142); // 16 (three Int32 offsets, padded) + 3·142·8 = 3424
 * ```
 */
export function chunkBytes(count: number, points: number): number {
  return 8 * Math.ceil((count + 1) / 2) + 24 * points;
}

/**
 * Packs spectra into one {@link FitChunk}: one buffer, transferable, holding
 * the offsets and the points. Spectra whose arrays are missing or differ in
 * length must be rejected before packing.
 *
 * @param spectra - the spectra of the chunk
 * @param warmStart - see {@link FitChunk.warmStart}
 * @param spare - a buffer to pack into (a worker sent it back), used when large enough
 * @returns the chunk
 * @example
 * ```ts
 * const chunk = packChunk([spectrumA, spectrumB], false);
 * ```
 */
export function packChunk(spectra: readonly Spectrum[], warmStart: boolean, spare?: ArrayBuffer): FitChunk {
  let total = 0;
  for (const s of spectra) total += s.frequency.length;
  const head = 8 * Math.ceil((spectra.length + 1) / 2);
  const bytes = chunkBytes(spectra.length, total);
  const buffer = spare && spare.byteLength >= bytes ? spare : new ArrayBuffer(bytes);
  const offsets = new Int32Array(buffer, 0, spectra.length + 1);
  const frequency = new Float64Array(buffer, head, total);
  const re = new Float64Array(buffer, head + 8 * total, total);
  const im = new Float64Array(buffer, head + 16 * total, total);
  offsets[0] = 0;
  for (let k = 0; k < spectra.length; k++) {
    const s = spectra[k];
    const o = offsets[k];
    frequency.set(s.frequency, o);
    re.set(s.re, o);
    im.set(s.im, o);
    offsets[k + 1] = o + s.frequency.length;
  }
  return { frequency, re, im, offsets, warmStart };
}

/**
 * The buffers of a chunk to transfer rather than copy: its own buffer and
 * any recycled result buffers.
 *
 * @param chunk - a packed chunk
 * @returns its ArrayBuffers
 */
export function chunkTransfer(chunk: FitChunk): ArrayBuffer[] {
  const own = chunk.frequency.buffer as ArrayBuffer;
  return chunk.recycle ? [own, ...chunk.recycle] : [own];
}

/**
 * Builds the per-worker context: compiles the circuit once.
 *
 * @param config - a {@link FitWorkerConfig}
 * @returns the context
 * @throws CircuitSyntaxError for a bad circuit
 */
export function initFitWorker(config: unknown): FitWorkerContext {
  const c = config as FitWorkerConfig;
  if (!c || (c.circuit !== undefined && typeof c.circuit !== 'string')) {
    throw new EisError('BAD_CONFIG', 'fit worker: config.circuit must be a circuit string (or absent in a shared pool)');
  }
  const options = (c.options ?? {}) as FitOptions;
  return c.circuit === undefined ? { options } : { model: compileCircuit(c.circuit), options };
}

/**
 * Fits every spectrum of a chunk. A throw fails that spectrum only; in a
 * warm-started chunk the next spectrum then starts from the last success.
 *
 * @param context - from {@link initFitWorker}
 * @param payload - a {@link FitChunk}
 * @param copy - give each spectrum its own copies of its points (default).
 *   Results handed to the caller must not keep views of the chunk buffer, or
 *   keeping one result would keep the whole chunk (a `guess` function on the
 *   calling thread could capture its spectrum). A worker encodes each result
 *   at once and passes `false`: on 2026-12-06 `fitCircuit` ran 2–3 % faster on
 *   views than on copies (medians of 10 interleaved rounds on each core; an
 *   earlier measurement on the loaded Intel VM had views 17 % slower), and the
 *   copies cost ≈ 1.8 kB of garbage per fit.
 * @param each - called with each outcome as soon as it exists; the returned
 *   array then stays empty (the worker encodes each result at once and keeps none)
 * @returns one outcome per spectrum, in chunk order (empty with `each`)
 * @example
 * ```ts
 * const outcomes = runFitChunk(initFitWorker({ circuit: 'R0-p(R1,C1)' }), packChunk([spectrum], false));
 * ```
 */
export function runFitChunk(
  context: FitWorkerContext,
  payload: unknown,
  copy = true,
  each?: (outcome: FitChunkOutcome, k: number) => void,
): FitChunkOutcome[] {
  const chunk = payload as FitChunk;
  const { offsets } = chunk;
  const count = offsets.length - 1;
  const { model, options: baseOptions } = contextFor(context, chunk);
  if (!model) throw new EisError('BAD_CONFIG', 'fit worker: no circuit (neither in the worker configuration nor in the chunk)');
  const out: FitChunkOutcome[] = each ? [] : new Array(count);
  let warm: Record<string, number> | undefined;
  for (let k = 0; k < count; k++) {
    const a = offsets[k];
    const b = offsets[k + 1];
    const spectrum: Spectrum = copy
      ? { frequency: chunk.frequency.slice(a, b), re: chunk.re.slice(a, b), im: chunk.im.slice(a, b) }
      : { frequency: chunk.frequency.subarray(a, b), re: chunk.re.subarray(a, b), im: chunk.im.subarray(a, b) };
    try {
      const options = chunk.warmStart && warm ? { ...baseOptions, initial: { ...baseOptions.initial, ...warm } } : baseOptions;
      const result = fitCircuit(model, spectrum, options);
      if (chunk.warmStart) warm = warmStartValues(model, result.valueArray);
      if (each) each({ ok: true, result }, k);
      else out[k] = { ok: true, result };
    } catch (e) {
      const failed: FitChunkOutcome = { ok: false, error: serializeError(e) };
      if (each) each(failed, k);
      else out[k] = failed;
    }
  }
  return out;
}

/**
 * Fits every spectrum of a chunk into lean rows (see `fitCircuitRow`): the
 * numbers of each fit without building its `FitResult`. Failure is per
 * spectrum as in {@link runFitChunk}, and a warm-started chunk passes the last
 * successful values on in the same way, so every row equals the
 * corresponding fields of `runFitChunk`'s results bit for bit.
 *
 * @param context - from {@link initFitWorker}
 * @param payload - a {@link FitChunk}
 * @param spare - a buffer to write the rows into, used when large enough
 * @returns the rows and the errors
 * @example
 * ```ts
 * const { rows, stride } = runRowChunk(initFitWorker({ circuit: 'R0-p(R1,C1)', options: {} }), packChunk([spectrum], false));
 * ```
 */
export function runRowChunk(context: FitWorkerContext, payload: unknown, spare?: ArrayBuffer): FitRowsReply {
  const chunk = payload as FitChunk;
  const { offsets } = chunk;
  const count = offsets.length - 1;
  const { model, options: baseOptions } = contextFor(context, chunk);
  if (!model) throw new EisError('BAD_CONFIG', 'fit worker: no circuit (neither in the worker configuration nor in the chunk)');
  const stride = ROW_HEAD + 3 * model.parameters.length;
  const bytes = 8 * stride * count;
  const rows = spare && spare.byteLength >= bytes ? new Float64Array(spare, 0, stride * count) : new Float64Array(stride * count);
  let errors: Record<number, SerializedError> | undefined;
  let warm: Record<string, number> | undefined;
  // Without warm starts every spectrum has the same options: resolve them once. If they are bad,
  // every fit throws the same error, which the per-spectrum path reports row by row.
  let plan: FitPlan | undefined;
  if (!chunk.warmStart) {
    try {
      plan = planFit(model, baseOptions);
    } catch {
      plan = undefined;
    }
  }
  for (let k = 0; k < count; k++) {
    const a = offsets[k];
    const b = offsets[k + 1];
    // Views of the chunk, not copies: a row keeps no reference to its spectrum, and on 2026-12-06
    // fitCircuitRow ran as fast on views as on copies (time ratio 0.975–0.993, medians of 10
    // interleaved rounds on each core), while the three copies cost ≈ 1.8 kB of garbage per fit.
    const spectrum: Spectrum = { frequency: chunk.frequency.subarray(a, b), re: chunk.re.subarray(a, b), im: chunk.im.subarray(a, b) };
    try {
      const options = chunk.warmStart && warm ? { ...baseOptions, initial: { ...baseOptions.initial, ...warm } } : baseOptions;
      fitCircuitRow(model, spectrum, options, rows, k * stride, plan);
      if (chunk.warmStart) warm = warmStartValues(model, rows.subarray(k * stride + ROW_HEAD, k * stride + ROW_HEAD + model.parameters.length));
    } catch (e) {
      rows.fill(NaN, k * stride, (k + 1) * stride);
      (errors ??= {})[k] = serializeError(e);
    }
  }
  const reply: FitRowsReply = { rows, stride };
  if (errors) reply.errors = errors;
  return reply;
}

/**
 * The fit {@link TaskHandler}, used by the Node and browser worker entries and
 * by the calling-thread runner.
 *
 * @example
 * ```ts
 * serveWorker(port, fitTaskHandler);
 * ```
 */
export const fitTaskHandler: TaskHandler<FitWorkerContext> = {
  init: initFitWorker,
  run: (context, payload): FitChunkReply | FitRowsReply => {
    const chunk = payload as FitChunk;
    const spares = (context.spares ??= []);
    if (chunk.recycle) for (const b of chunk.recycle) if (spares.length < 4) spares.push(b);
    if (chunk.rows) {
      const rowsReply = runRowChunk(context, chunk, spares.pop());
      rowsReply.input = chunk.frequency.buffer as ArrayBuffer;
      return rowsReply;
    }
    const encoder = new FitResultEncoder(spares.pop());
    let errors: Record<number, SerializedError> | undefined;
    runFitChunk(context, chunk, false, (o, k) => {
      if (o.ok) encoder.add(o.result);
      else {
        encoder.add(undefined);
        (errors ??= {})[k] = o.error;
      }
    });
    const reply: FitChunkReply = { wire: encoder.finish(), input: chunk.frequency.buffer as ArrayBuffer };
    if (errors) reply.errors = errors;
    return reply;
  },
  transfer: (reply) => {
    const rowsReply = reply as Partial<FitRowsReply>;
    if (rowsReply.rows) {
      const own = rowsReply.rows.buffer as ArrayBuffer;
      return rowsReply.input ? [own, rowsReply.input] : [own];
    }
    const r = reply as FitChunkReply;
    return r.input ? [...wireTransfer(r.wire), r.input] : wireTransfer(r.wire);
  },
};

/**
 * Decodes a worker's {@link FitChunkReply} (main-thread side).
 *
 * @param reply - the reply
 * @param cache - parsed static parts, reused across chunks of one run
 * @returns one outcome per spectrum
 */
export function decodeChunkReply(reply: FitChunkReply, cache: Map<string, StaticPartParsed>): FitChunkOutcome[] {
  const results = decodeFitResults(reply.wire, cache);
  const errors = reply.errors;
  return results.map((result, k): FitChunkOutcome => {
    const error = errors?.[k];
    if (error) return { ok: false, error };
    if (!result) return { ok: false, error: { name: 'EisError', code: 'INTERNAL', message: `no result for spectrum ${k} of the chunk` } };
    return { ok: true, result };
  });
}
