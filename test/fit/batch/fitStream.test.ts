import { describe, expect, it } from 'vitest';
import { DataFormatError, EisError, ParameterError } from '../../../src/errors.js';
import type { Spectrum } from '../../../src/data/spectrum.js';
import { fitCircuit } from '../../../src/fit/fitCircuit.js';
import { fitStream } from '../../../src/fit/batch/fitStream.js';
import type { FitStreamOptions, StreamItem } from '../../../src/fit/batch/fitStream.js';
import { CIRCUIT, makeSpectra, sameBits } from './makeSpectra.js';

const SPECTRA = makeSpectra(10);
const DIRECT = SPECTRA.map((s) => fitCircuit(CIRCUIT, s));

/** An async source that records how far it has been read. */
function source(spectra: Spectrum[], log: { pulled: number; finished: boolean }): AsyncGenerator<Spectrum> {
  return (async function* () {
    try {
      for (const s of spectra) {
        await new Promise((r) => setTimeout(r, 0));
        log.pulled++;
        yield s;
      }
    } finally {
      log.finished = true;
    }
  })();
}

async function collect(it: AsyncIterable<StreamItem>, each?: (item: StreamItem, seen: number) => void): Promise<StreamItem[]> {
  const out: StreamItem[] = [];
  for await (const item of it) {
    out.push(item);
    each?.(item, out.length);
  }
  return out;
}

describe('fitStream', () => {
  it.each([
    { label: 'unordered, 2 workers, chunkSize 3', options: { workers: 2, chunkSize: 3 } as FitStreamOptions },
    { label: 'ordered, 2 workers, chunkSize 1', options: { workers: 2, chunkSize: 1, ordered: true } as FitStreamOptions },
    { label: 'ordered, calling thread', options: { workers: 0, ordered: true } as FitStreamOptions },
  ])('fitStream(async source, $label) yields every spectrum once, equal to fitCircuit bit for bit', async ({ options }) => {
    const log = { pulled: 0, finished: false };
    const items = await collect(fitStream(source(SPECTRA, log), CIRCUIT, options));
    expect(items.map((i) => i.index).sort((a, b) => a - b)).toEqual(SPECTRA.map((_, i) => i));
    if (options.ordered) expect(items.map((i) => i.index)).toEqual(SPECTRA.map((_, i) => i));
    for (const item of items) {
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, DIRECT[item.index])).toBeUndefined();
      expect(item.meta?.label).toBe(`spectrum ${item.index}`);
    }
    expect(log).toEqual({ pulled: 10, finished: true });
  });

  it('never holds more than maxInFlight spectra taken from the source and not yet yielded', async () => {
    const log = { pulled: 0, finished: false };
    const many = Array.from({ length: 30 }, (_, i) => SPECTRA[i % SPECTRA.length]);
    let maxAhead = 0;
    const items = await collect(fitStream(source(many, log), CIRCUIT, { workers: 2, chunkSize: 2, maxInFlight: 5 }), (_, seen) => {
      maxAhead = Math.max(maxAhead, log.pulled - seen);
    });
    expect(items).toHaveLength(30);
    expect(maxAhead).toBeLessThanOrEqual(5);
    expect(maxAhead).toBeGreaterThan(0);
  });

  it('a bad spectrum in the stream fails alone with its typed error', async () => {
    const bad = SPECTRA.slice(0, 4);
    const re = bad[1].re.slice();
    re[0] = Infinity;
    bad[1] = { ...bad[1], re };
    const items = await collect(fitStream(bad, CIRCUIT, { workers: 1, ordered: true }));
    expect(items.map((i) => i.ok)).toEqual([true, false, true, true]);
    const failed = items[1];
    if (failed.ok) throw new Error('expected failure');
    expect(failed.error).toBeInstanceOf(DataFormatError);
    expect(failed.cancelled).toBe(false);
  });

  it('breaking out of the loop stops the workers and closes the source', async () => {
    const log = { pulled: 0, finished: false };
    let seen = 0;
    for await (const item of fitStream(source(SPECTRA, log), CIRCUIT, { workers: 1, chunkSize: 1, maxInFlight: 2 })) {
      expect(item.ok).toBe(true);
      if (++seen === 2) break;
    }
    expect(log.finished).toBe(true);
    expect(log.pulled).toBeLessThanOrEqual(4);
  });

  it('abort: finished items keep results, items in flight end CANCELLED, the source is not read further', async () => {
    const log = { pulled: 0, finished: false };
    const controller = new AbortController();
    const items = await collect(
      fitStream(source(SPECTRA, log), CIRCUIT, { workers: 1, chunkSize: 1, maxInFlight: 4, signal: controller.signal }),
      (_, n) => {
        if (n === 2) controller.abort();
      },
    );
    const ok = items.filter((i) => i.ok);
    const cancelled = items.filter((i) => !i.ok);
    expect(ok.length).toBeGreaterThanOrEqual(2);
    expect(items.length).toBe(log.pulled);
    expect(log.pulled).toBeLessThan(10);
    for (const item of ok) if (item.ok) expect(sameBits(item.result, DIRECT[item.index])).toBeUndefined();
    for (const item of cancelled) {
      if (item.ok) continue;
      expect(item.cancelled).toBe(true);
      expect((item.error as EisError).code).toBe('CANCELLED');
    }
    expect(log.finished).toBe(true);
  });

  it('abort while a pull is under way: the spectrum being pulled comes out cancelled, none is lost', async () => {
    const controller = new AbortController();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let pulled = 0;
    async function* slow() {
      pulled++;
      yield SPECTRA[0];
      await gate; // the second pull waits here until after the abort
      pulled++;
      yield SPECTRA[1];
      pulled++;
      yield SPECTRA[2];
    }
    const items = await collect(fitStream(slow(), CIRCUIT, { workers: 1, chunkSize: 1, signal: controller.signal }), (_, n) => {
      if (n === 1) {
        controller.abort();
        setTimeout(release, 20);
      }
    });
    expect(pulled).toBe(2);
    expect(items.map((i) => [i.index, i.ok])).toEqual([
      [0, true],
      [1, false],
    ]);
    if (!items[1].ok) expect(items[1].cancelled).toBe(true);
  });

  it('an empty source yields nothing and starts no workers; a non-spectrum entry fails alone', async () => {
    expect(await collect(fitStream([], CIRCUIT, { workers: 2 }))).toEqual([]);
    const items = await collect(fitStream([SPECTRA[0], undefined as unknown as Spectrum], CIRCUIT, { workers: 0, ordered: true }));
    expect(items.map((i) => i.ok)).toEqual([true, false]);
    if (!items[1].ok) expect(items[1].error).toBeInstanceOf(DataFormatError);
  });

  it('an error thrown by the source ends the stream with that error', async () => {
    async function* broken() {
      yield SPECTRA[0];
      throw new Error('disk gone');
    }
    await expect(collect(fitStream(broken(), CIRCUIT, { workers: 1 }))).rejects.toThrow('disk gone');
  });

  it.each([
    { label: 'warmStart', options: { warmStart: true } },
    { label: 'maxInFlight: 0', options: { maxInFlight: 0 } },
  ])('fitStream with $label throws ParameterError on first next()', async ({ options }) => {
    await expect(collect(fitStream(SPECTRA, CIRCUIT, options as FitStreamOptions))).rejects.toBeInstanceOf(ParameterError);
  });
});
