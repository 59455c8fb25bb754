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
import { fitCircuit } from '../fitCircuit.js';
import type { FitOptions, FitResult } from '../types.js';
import { serializeError } from './protocol.js';
import { decodeFitResults, encodeFitResults, wireTransfer } from './resultCodec.js';
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

/** Configuration each fit worker receives once. */
export interface FitWorkerConfig {
  /** Circuit string, compiled once per worker and reused for every fit. */
  circuit: string;
  /** Options shared by every fit. */
  options: PortableFitOptions;
}

/**
 * Several spectra packed into one message: spectrum k occupies points
 * `[offsets[k], offsets[k+1])` of `frequency`, `re` and `im`, which are views
 * of one transferable buffer.
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
}

/** The outcome of one spectrum of a chunk. */
export type FitChunkOutcome = { ok: true; result: FitResult } | { ok: false; error: SerializedError };

/** A worker's reply to a chunk: results in the compact wire form, errors per spectrum. */
export interface FitChunkReply {
  /** Encoded results (entries of failed spectra are empty). */
  wire: WireResults;
  /** Encoded errors of the spectra that failed, by index in the chunk; absent when none failed. */
  errors?: Record<number, SerializedError>;
}

/** Per-worker state: the compiled model and the shared options. */
export interface FitWorkerContext {
  /** Model compiled once from `config.circuit`. */
  model: CircuitModel;
  /** Options shared by every fit. */
  options: FitOptions;
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
 * Packs spectra into one {@link FitChunk} (one allocation, one transferable
 * buffer). Spectra whose arrays are missing or differ in length must be
 * rejected before packing.
 *
 * @param spectra - the spectra of the chunk
 * @param warmStart - see {@link FitChunk.warmStart}
 * @returns the chunk
 * @example
 * ```ts
 * const chunk = packChunk([spectrumA, spectrumB], false);
 * ```
 */
export function packChunk(spectra: readonly Spectrum[], warmStart: boolean): FitChunk {
  const offsets = new Int32Array(spectra.length + 1);
  for (let k = 0; k < spectra.length; k++) offsets[k + 1] = offsets[k] + spectra[k].frequency.length;
  const total = offsets[spectra.length];
  const buffer = new Float64Array(3 * total);
  const frequency = buffer.subarray(0, total);
  const re = buffer.subarray(total, 2 * total);
  const im = buffer.subarray(2 * total, 3 * total);
  for (let k = 0; k < spectra.length; k++) {
    const s = spectra[k];
    frequency.set(s.frequency, offsets[k]);
    re.set(s.re, offsets[k]);
    im.set(s.im, offsets[k]);
  }
  return { frequency, re, im, offsets, warmStart };
}

/**
 * The buffers of a chunk to transfer rather than copy.
 *
 * @param chunk - a packed chunk
 * @returns its ArrayBuffers
 */
export function chunkTransfer(chunk: FitChunk): ArrayBuffer[] {
  return [chunk.frequency.buffer as ArrayBuffer, chunk.offsets.buffer as ArrayBuffer];
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
  if (!c || typeof c.circuit !== 'string') throw new EisError('BAD_CONFIG', 'fit worker: config.circuit must be a circuit string');
  return { model: compileCircuit(c.circuit), options: (c.options ?? {}) as FitOptions };
}

/**
 * Fits every spectrum of a chunk. A throw fails that spectrum only; in a
 * warm-started chunk the next spectrum then starts from the last success.
 *
 * @param context - from {@link initFitWorker}
 * @param payload - a {@link FitChunk}
 * @param copy - give each spectrum its own copies of its points (default).
 *   Results handed to the caller must not keep views of the chunk buffer, or
 *   keeping one result would keep the whole chunk. A worker, which encodes
 *   the results and drops them, passes false and fits views.
 * @returns one outcome per spectrum, in chunk order
 */
export function runFitChunk(context: FitWorkerContext, payload: unknown, copy = true): FitChunkOutcome[] {
  const chunk = payload as FitChunk;
  const { offsets } = chunk;
  const count = offsets.length - 1;
  const out: FitChunkOutcome[] = new Array(count);
  let warm: Record<string, number> | undefined;
  for (let k = 0; k < count; k++) {
    const a = offsets[k];
    const b = offsets[k + 1];
    const spectrum: Spectrum = copy
      ? { frequency: chunk.frequency.slice(a, b), re: chunk.re.slice(a, b), im: chunk.im.slice(a, b) }
      : { frequency: chunk.frequency.subarray(a, b), re: chunk.re.subarray(a, b), im: chunk.im.subarray(a, b) };
    try {
      const options = chunk.warmStart && warm ? { ...context.options, initial: { ...context.options.initial, ...warm } } : context.options;
      const result = fitCircuit(context.model, spectrum, options);
      if (chunk.warmStart) warm = result.values;
      out[k] = { ok: true, result };
    } catch (e) {
      out[k] = { ok: false, error: serializeError(e) };
    }
  }
  return out;
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
  run: (context, payload): FitChunkReply => {
    const outcomes = runFitChunk(context, payload, false);
    const results: (FitResult | undefined)[] = new Array(outcomes.length);
    let errors: Record<number, SerializedError> | undefined;
    for (let k = 0; k < outcomes.length; k++) {
      const o = outcomes[k];
      if (o.ok) results[k] = o.result;
      else (errors ??= {})[k] = o.error;
    }
    const reply: FitChunkReply = { wire: encodeFitResults(results) };
    if (errors) reply.errors = errors;
    return reply;
  },
  transfer: (reply) => wireTransfer((reply as FitChunkReply).wire),
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
