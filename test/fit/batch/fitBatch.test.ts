import { describe, expect, it } from 'vitest';
import { CircuitSyntaxError, DataFormatError, EisError, ParameterError } from '../../../src/errors.js';
import { fitCircuit } from '../../../src/fit/fitCircuit.js';
import { fitBatch } from '../../../src/fit/batch/fitBatch.js';
import type { BatchProgress } from '../../../src/fit/batch/fitBatch.js';
import type { Spectrum } from '../../../src/data/spectrum.js';
import { expectClose } from '../../helpers/close.js';
import { CIRCUIT, makeSpectra, sameBits, truthOf } from './makeSpectra.js';
import { builtInWorkerFactory } from '../../../src/fit/batch/fitRunner.js';
import type { FitChunk, FitChunkReply } from '../../../src/fit/batch/fitTask.js';
import type { WorkerHandle } from '../../../src/fit/batch/spawnWorker.js';

const SPECTRA = makeSpectra(12);
const FIT = { multistart: 1, seed: 7, weighting: 'modulus' as const };
const DIRECT = SPECTRA.map((s) => fitCircuit(CIRCUIT, s, FIT));

describe('fitBatch', () => {
  it.each([
    { label: 'workers: 1', workers: 1, chunkSize: undefined },
    { label: 'workers: 2, chunkSize: 1', workers: 2, chunkSize: 1 },
    { label: 'workers: 3, chunkSize: 5', workers: 3, chunkSize: 5 },
    { label: 'workers: 0 (calling thread)', workers: 0, chunkSize: 7 },
  ])('fitBatch(12 spectra, multistart seed 7, $label) equals fitCircuit bit for bit, in input order', async ({ workers, chunkSize }) => {
    const batch = await fitBatch(SPECTRA, CIRCUIT, { ...FIT, workers, chunkSize });
    expect(batch.workers).toBe(workers);
    expect(batch.items).toHaveLength(12);
    expect([batch.succeeded, batch.failed, batch.cancelled, batch.aborted]).toEqual([12, 0, 0, false]);
    batch.items.forEach((item, i) => {
      expect(item.index).toBe(i);
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, DIRECT[i])).toBeUndefined();
      // Order check against the independent truth (R1 differs per spectrum).
      expectClose(item.result.values.R1, truthOf(i)[1], 0.05, 0, `R1 of spectrum ${i}`);
    });
  });

  it('a bad spectrum fails alone with its typed error; the others keep their results', async () => {
    const bad: Spectrum[] = SPECTRA.slice(0, 8).map((s) => ({ ...s }));
    const nanRe = SPECTRA[2].re.slice();
    nanRe[10] = NaN;
    bad[2] = { ...SPECTRA[2], re: nanRe };
    bad[5] = { ...SPECTRA[5], im: SPECTRA[5].im.slice(0, 70) };
    const batch = await fitBatch(bad, CIRCUIT, { ...FIT, workers: 2, chunkSize: 3 });
    expect([batch.succeeded, batch.failed, batch.cancelled]).toEqual([6, 2, 0]);
    const e2 = batch.items[2];
    const e5 = batch.items[5];
    if (e2.ok || e5.ok) throw new Error('expected failures');
    expect(e2.error).toBeInstanceOf(DataFormatError);
    expect((e2.error as DataFormatError).code).toBe('NON_FINITE');
    expect((e2.error as DataFormatError).issues[0]).toMatchObject({ line: 11, column: 're' });
    expect(e2.cancelled).toBe(false);
    expect(e5.error).toBeInstanceOf(DataFormatError);
    expect((e5.error as DataFormatError).code).toBe('LENGTH_MISMATCH');
    for (const i of [0, 1, 3, 4, 6, 7]) {
      const item = batch.items[i];
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, DIRECT[i])).toBeUndefined();
    }
  });

  it('abort after the first chunk: finished items keep results, the rest carry CANCELLED', async () => {
    const controller = new AbortController();
    const seen: BatchProgress[] = [];
    const batch = await fitBatch(SPECTRA, CIRCUIT, {
      ...FIT,
      workers: 1,
      chunkSize: 2,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.completed >= 2) controller.abort(new Error('user stop'));
      },
    });
    expect(batch.aborted).toBe(true);
    expect(batch.succeeded).toBeGreaterThanOrEqual(2);
    expect(batch.succeeded).toBeLessThan(12);
    expect(batch.succeeded + batch.failed + batch.cancelled).toBe(12);
    expect(batch.failed).toBe(0);
    for (const item of batch.items) {
      if (item.ok) expect(sameBits(item.result, DIRECT[item.index])).toBeUndefined();
      else {
        expect(item.cancelled).toBe(true);
        expect(item.error).toBeInstanceOf(EisError);
        expect((item.error as EisError).code).toBe('CANCELLED');
        expect((item.error as Error & { cause?: Error }).cause?.message).toBe('user stop');
      }
    }
    expect(seen[0].completed).toBe(2);
  });

  it('an already aborted signal cancels every item without starting workers', async () => {
    const batch = await fitBatch(SPECTRA.slice(0, 3), CIRCUIT, { signal: AbortSignal.abort() });
    expect([batch.succeeded, batch.failed, batch.cancelled, batch.aborted]).toEqual([0, 0, 3, true]);
  });

  it('resourceLimits reach the workers: a 1 MB heap kills them and every item fails with WORKER_FAILED', async () => {
    const batch = await fitBatch(SPECTRA.slice(0, 2), CIRCUIT, {
      workers: 1,
      resourceLimits: { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 },
    });
    expect(batch.failed).toBe(2);
    for (const item of batch.items) {
      if (item.ok) throw new Error('expected failure');
      expect((item.error as EisError).code).toBe('WORKER_FAILED');
      expect(item.cancelled).toBe(false);
    }
  });

  it('stats count every chunk and byte: 6 spectra in chunks of 2 on 2 workers', async () => {
    const batch = await fitBatch(SPECTRA.slice(0, 6), CIRCUIT, { workers: 2, chunkSize: 2 });
    const stats = batch.stats;
    if (!stats) throw new Error('expected stats');
    expect([stats.fits, stats.tasks, stats.pipeline]).toEqual([6, 3, 3]);
    // Spectra go out as 3 × 71 doubles each, plus per chunk 3 Int32 offsets padded to 16 bytes.
    expect(stats.bytesToWorkers).toBe(6 * 71 * 3 * 8 + 3 * 16);
    // Each result returns at least its 5 point arrays.
    expect(stats.bytesFromWorkers).toBeGreaterThan(6 * 5 * 71 * 8);
    expect(Math.min(stats.workerBusyMs, stats.workerIdleMs, stats.mainCodecMs)).toBeGreaterThanOrEqual(0);
    expect((await fitBatch(SPECTRA.slice(0, 1), CIRCUIT, { workers: 0 })).stats).toBeUndefined();
  });

  it('reused buffers: spectra of 71, 40, 71, 55, … points through one worker in chunks of 1 and 2 equal fitCircuit bit for bit', async () => {
    const lengths = [71, 40, 71, 55, 30, 71, 64, 45];
    const mixed: Spectrum[] = lengths.map((n, i) => ({
      frequency: SPECTRA[i].frequency.slice(0, n),
      re: SPECTRA[i].re.slice(0, n),
      im: SPECTRA[i].im.slice(0, n),
    }));
    for (const chunkSize of [1, 2]) {
      const batch = await fitBatch(mixed, CIRCUIT, { workers: 1, chunkSize });
      batch.items.forEach((item, i) => {
        if (!item.ok) throw item.error;
        expect(item.result.residuals.re.length).toBe(lengths[i]);
        expect(sameBits(item.result, fitCircuit(CIRCUIT, mixed[i])), `spectrum ${i}, chunkSize ${chunkSize}`).toBeUndefined();
      });
    }
  });

  it('fitBatch([]) resolves with no items', async () => {
    const batch = await fitBatch([], CIRCUIT);
    expect([batch.items.length, batch.succeeded, batch.failed, batch.cancelled]).toEqual([0, 0, 0, 0]);
  });

  it('progress counts rise to the total and the last report equals the result counts', async () => {
    const seen: BatchProgress[] = [];
    const batch = await fitBatch(SPECTRA.slice(0, 6), CIRCUIT, { workers: 2, chunkSize: 2, onProgress: (p) => seen.push(p) });
    const completed = seen.map((p) => p.completed);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ completed: 6, succeeded: batch.succeeded, failed: 0, total: 6 });
  });

  it.each([
    { label: 'a bad circuit throws CircuitSyntaxError', circuit: 'R0-p(R1', options: {}, type: CircuitSyntaxError },
    { label: 'an unknown initial key throws ParameterError', circuit: CIRCUIT, options: { initial: { R9: 1 } }, type: ParameterError },
    { label: 'a guess function with workers throws ParameterError', circuit: CIRCUIT, options: { workers: 1, guess: () => [] }, type: ParameterError },
    { label: 'workers: -1 throws ParameterError', circuit: CIRCUIT, options: { workers: -1 }, type: ParameterError },
    { label: 'segments without warmStart throws ParameterError', circuit: CIRCUIT, options: { segments: [0, 2] }, type: ParameterError },
  ])('fitBatch: $label before any work', async ({ circuit, options, type }) => {
    await expect(fitBatch(SPECTRA.slice(0, 2), circuit, options)).rejects.toBeInstanceOf(type);
  });

  it('a guess function works with workers: 0 and gives the same result as fitCircuit', async () => {
    const guess = () => ({ R0: 40 });
    const batch = await fitBatch(SPECTRA.slice(0, 2), CIRCUIT, { workers: 0, guess });
    batch.items.forEach((item, i) => {
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, fitCircuit(CIRCUIT, SPECTRA[i], { guess }))).toBeUndefined();
    });
  });

  it('warmStart with segments [0, 3]: each spectrum starts from the previous fit in its segment, for any worker count', async () => {
    const series = SPECTRA.slice(0, 6);
    const one = await fitBatch(series, CIRCUIT, { warmStart: true, segments: [0, 3], workers: 1 });
    const two = await fitBatch(series, CIRCUIT, { warmStart: true, segments: [0, 3], workers: 2 });
    expect(two.workers).toBe(2);
    expect(sameBits(one.items, two.items)).toBeUndefined();
    // Independent replay with fitCircuit.
    let prev: Record<string, number> | undefined;
    series.forEach((s, i) => {
      if (i === 0 || i === 3) prev = undefined;
      const expected = fitCircuit(CIRCUIT, s, prev ? { initial: prev } : {});
      const item = one.items[i];
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, expected), `spectrum ${i}`).toBeUndefined();
      prev = expected.values;
    });
  });
});

describe('fitBatch buffer reuse', () => {
  it('packs chunks as workers free up, so result and input buffers go round (60 chunks, 2 workers): later chunks carry a recycled result buffer into a buffer that came back', async () => {
    const spectra = makeSpectra(60);
    const tasks: { recycle: boolean; inputBuffer: ArrayBuffer }[] = [];
    const returnedInputs = new Set<ArrayBuffer>();
    const factory = builtInWorkerFactory(undefined);
    const createWorker = async (): Promise<WorkerHandle> => {
      const inner = await factory();
      return {
        post: (message, transfer) => {
          if (message.type === 'task') {
            const chunk = message.payload as FitChunk;
            tasks.push({ recycle: (chunk.recycle?.length ?? 0) > 0, inputBuffer: chunk.frequency.buffer as ArrayBuffer });
          }
          inner.post(message, transfer);
        },
        onMessage: (receive) =>
          inner.onMessage((m) => {
            if (m.type === 'result') {
              const input = (m.value as FitChunkReply).input;
              if (input) returnedInputs.add(input);
            }
            receive(m);
          }),
        onFailure: (fail) => inner.onFailure(fail),
        terminate: () => inner.terminate(),
        setBusy: (busy) => inner.setBusy?.(busy),
      };
    };
    const batch = await fitBatch(spectra, CIRCUIT, { workers: 2, chunkSize: 1, createWorker });
    expect(batch.succeeded).toBe(60);
    expect(tasks).toHaveLength(60);
    // At most workers × (pipeline 3 + 1) = 8 chunks are packed before the first reply comes back;
    // every later chunk reuses a result buffer the main thread has decoded, and packs into an input
    // buffer a worker returned. (Packing all 60 up front, as before, gave 0 of either.)
    const later = tasks.slice(8);
    expect(later.filter((t) => t.recycle).length).toBeGreaterThanOrEqual(later.length - 2);
    expect(later.filter((t) => returnedInputs.has(t.inputBuffer)).length).toBeGreaterThanOrEqual(later.length - 2);
  });
});
