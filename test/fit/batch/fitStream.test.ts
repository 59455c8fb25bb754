import { describe, expect, it } from 'vitest';
import { DataFormatError, EisError, ParameterError } from '../../../src/errors.js';
import type { Spectrum } from '../../../src/data/spectrum.js';
import { fitCircuit } from '../../../src/fit/fitCircuit.js';
import { fitStream } from '../../../src/fit/batch/fitStream.js';
import type { FitStreamOptions, StreamItem, StreamRowItem } from '../../../src/fit/batch/fitStream.js';
import type { FitRow } from '../../../src/fit/batch/fitTable.js';
import type { FitResult } from '../../../src/fit/types.js';
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

describe("fitStream with output: 'rows'", () => {
  /** Every number of a row against the FitResult; undefined when all agree bit for bit. */
  function rowMismatch(row: FitRow, r: FitResult): string | undefined {
    const pairs: [string, number, number][] = [
      ['chiSquare', row.chiSquare, r.statistics.chiSquare],
      ['reducedChiSquare', row.reducedChiSquare, r.statistics.reducedChiSquare],
      ['aic', row.aic, r.statistics.aic],
      ['aicc', row.aicc, r.statistics.aicc],
      ['bic', row.bic, r.statistics.bic],
      ['iterations', row.iterations, r.iterations],
      ['evaluations', row.evaluations, r.evaluations],
      ...r.parameters.flatMap((p, k): [string, number, number][] => [
        [`value ${p.key}`, row.values[k], p.value],
        [`stderr ${p.key}`, row.stderr[k], p.stderr ?? NaN],
        [`flags ${p.key}`, row.parameterFlags[k], (p.fixed ? 1 : 0) | (p.atBound ? 2 : 0) | (p.identifiable ? 0 : 4)],
      ]),
    ];
    const bad = pairs.find(([, a, b]) => !Object.is(a, b));
    if (bad) return `${bad[0]}: ${bad[1]} !== ${bad[2]}`;
    if (row.converged !== r.converged || row.reason !== r.reason) return `converged/reason ${row.converged}/${row.reason}`;
    return undefined;
  }

  it.each([
    { label: 'unordered, 2 workers, chunkSize 3', options: { workers: 2, chunkSize: 3 } },
    { label: 'ordered, calling thread', options: { workers: 0, ordered: true } },
  ])('$label: every spectrum once, each row equal to fitCircuit’s result bit for bit, meta kept', async ({ options }) => {
    const log = { pulled: 0, finished: false };
    const items: StreamRowItem[] = [];
    for await (const item of fitStream(source(SPECTRA, log), CIRCUIT, { ...options, output: 'rows' })) items.push(item);
    expect(items.map((i) => i.index).sort((a, b) => a - b)).toEqual(SPECTRA.map((_, i) => i));
    if (options.ordered) expect(items.map((i) => i.index)).toEqual(SPECTRA.map((_, i) => i));
    for (const item of items) {
      if (!item.ok) throw item.error;
      expect(rowMismatch(item.row, DIRECT[item.index])).toBeUndefined();
      expect(item.meta?.label).toBe(`spectrum ${item.index}`);
    }
    expect(log).toEqual({ pulled: 10, finished: true });
  });

  it('a spectrum with a NaN fails alone with its DataFormatError', async () => {
    const input = SPECTRA.slice(0, 4).map((s) => ({ ...s }));
    const im = input[1].im.slice();
    im[5] = NaN;
    input[1] = { ...input[1], im };
    const items: StreamRowItem[] = [];
    for await (const item of fitStream(input, CIRCUIT, { workers: 2, chunkSize: 2, output: 'rows' })) items.push(item);
    const bad = items.find((i) => i.index === 1);
    if (!bad || bad.ok) throw new Error('expected a failure');
    expect(bad.error).toBeInstanceOf(DataFormatError);
    expect(bad.cancelled).toBe(false);
    for (const item of items.filter((i) => i.index !== 1)) {
      if (!item.ok) throw item.error;
      expect(rowMismatch(item.row, DIRECT[item.index])).toBeUndefined();
    }
  });

  it('abort: finished rows keep their numbers, rows in flight end CANCELLED, the source is not read further', async () => {
    const log = { pulled: 0, finished: false };
    const controller = new AbortController();
    const items: StreamRowItem[] = [];
    const stream = fitStream(source(SPECTRA, log), CIRCUIT, { workers: 1, chunkSize: 1, maxInFlight: 4, signal: controller.signal, output: 'rows' });
    for await (const item of stream) {
      items.push(item);
      if (items.length === 2) controller.abort();
    }
    expect(items.filter((i) => i.ok).length).toBeGreaterThanOrEqual(2);
    expect(items.length).toBe(log.pulled);
    expect(log.pulled).toBeLessThan(10);
    for (const item of items) {
      if (item.ok) expect(rowMismatch(item.row, DIRECT[item.index])).toBeUndefined();
      else {
        expect(item.cancelled).toBe(true);
        expect((item.error as EisError).code).toBe('CANCELLED');
      }
    }
    expect(log.finished).toBe(true);
  });

  it.each([
    { label: "output: 'table'", options: { output: 'table' } },
    { label: 'profile with rows', options: { output: 'rows', profile: true } },
  ])('$label throws ParameterError BAD_OPTION on first next()', async ({ options }) => {
    const run = async () => {
      for await (const _ of fitStream(SPECTRA, CIRCUIT, options as never)) void _;
    };
    await expect(run()).rejects.toMatchObject({ name: 'ParameterError', code: 'BAD_OPTION' });
  });
});
