import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EisError, ParameterError } from '../../../src/errors.js';
import { fitCircuit } from '../../../src/fit/fitCircuit.js';
import { fitBatch } from '../../../src/fit/batch/fitBatch.js';
import { createFitPool, FitPool } from '../../../src/fit/batch/fitPool.js';
import { fitStream } from '../../../src/fit/batch/fitStream.js';
import type { BatchProgress } from '../../../src/fit/batch/fitBatch.js';
import { CIRCUIT, makeSpectra, sameBits } from './makeSpectra.js';

const SPECTRA = makeSpectra(10);
const FIT = { multistart: 1, seed: 7, weighting: 'modulus' as const };
const DIRECT = SPECTRA.map((s) => fitCircuit(CIRCUIT, s, FIT));
const RC = 'R0-p(R1,CPE1)';
const DIRECT_RC_UNIT = SPECTRA.map((s) => fitCircuit(RC, s, { weighting: 'unit' }));

describe('createFitPool: warm workers shared by many calls', () => {
  let pool: FitPool;
  beforeAll(async () => {
    pool = await createFitPool({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('three fitBatch calls on one pool equal fitCircuit bit for bit, in input order', async () => {
    expect(pool.workers).toBe(2);
    for (let round = 0; round < 3; round++) {
      const batch = await fitBatch(SPECTRA, CIRCUIT, { ...FIT, pool, chunkSize: 3 });
      expect([batch.succeeded, batch.failed, batch.cancelled, batch.aborted]).toEqual([10, 0, 0, false]);
      batch.items.forEach((item, i) => {
        expect(item.index).toBe(i);
        if (!item.ok) throw item.error;
        expect(sameBits(item.result, DIRECT[i])).toBeUndefined();
      });
      // Per-call counters, not the pool's running totals.
      expect([batch.stats?.fits, batch.stats?.tasks]).toEqual([10, 4]);
    }
    expect(pool.closed).toBe(false);
  });

  it('another circuit and other options on the same pool, also concurrently with the first', async () => {
    const [a, b] = await Promise.all([
      fitBatch(SPECTRA, RC, { weighting: 'unit', pool, chunkSize: 2 }),
      fitBatch(SPECTRA, CIRCUIT, { ...FIT, pool, chunkSize: 4 }),
    ]);
    a.items.forEach((item, i) => {
      if (!item.ok) throw item.error;
      expect(item.result.circuit).toBe(RC);
      expect(sameBits(item.result, DIRECT_RC_UNIT[i])).toBeUndefined();
    });
    b.items.forEach((item, i) => {
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, DIRECT[i])).toBeUndefined();
    });
  });

  it('fitStream on the pool yields every spectrum with the fitCircuit bits', async () => {
    const seen = new Map<number, unknown>();
    for await (const item of fitStream(SPECTRA, CIRCUIT, { ...FIT, pool, chunkSize: 3 })) {
      if (!item.ok) throw item.error;
      seen.set(item.index, item.result);
    }
    expect(seen.size).toBe(10);
    for (const [i, r] of seen) expect(sameBits(r, DIRECT[i])).toBeUndefined();
  });

  it('aborting one call cancels only its spectra; the pool and a concurrent call go on', async () => {
    const controller = new AbortController();
    const progress: BatchProgress[] = [];
    const aborted = fitBatch(SPECTRA, CIRCUIT, {
      ...FIT,
      pool,
      chunkSize: 1,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.completed >= 2) controller.abort(new Error('user stop'));
      },
    });
    const other = fitBatch(SPECTRA.slice(0, 4), RC, { weighting: 'unit', pool, chunkSize: 1 });
    const [x, y] = await Promise.all([aborted, other]);
    expect(x.aborted).toBe(true);
    expect(x.succeeded).toBeGreaterThanOrEqual(2);
    expect(x.succeeded).toBeLessThan(10);
    expect(x.succeeded + x.cancelled).toBe(10);
    for (const item of x.items) {
      if (item.ok) expect(sameBits(item.result, DIRECT[item.index])).toBeUndefined();
      else {
        expect(item.cancelled).toBe(true);
        expect((item.error as EisError).code).toBe('CANCELLED');
      }
    }
    expect([y.succeeded, y.failed, y.cancelled]).toEqual([4, 0, 0]);
    y.items.forEach((item, i) => {
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, DIRECT_RC_UNIT[i])).toBeUndefined();
    });
    expect(pool.closed).toBe(false);
    // The pool still serves full runs afterwards.
    const after = await fitBatch(SPECTRA.slice(0, 3), CIRCUIT, { ...FIT, pool });
    expect(after.succeeded).toBe(3);
    after.items.forEach((item, i) => {
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, DIRECT[i])).toBeUndefined();
    });
  });

  it.each([
    ['workers', { workers: 2 }],
    ['createWorker', { createWorker: () => Promise.reject(new Error('unused')) }],
    ['resourceLimits', { resourceLimits: {} }],
  ])('%s together with pool is a ParameterError naming %s', async (key, extra) => {
    const call = fitBatch(SPECTRA.slice(0, 1), CIRCUIT, { pool, ...extra });
    await expect(call).rejects.toBeInstanceOf(ParameterError);
    await expect(call).rejects.toMatchObject({ code: 'BAD_OPTION', parameter: key });
  });

  it('a value that is not a pool is a ParameterError', async () => {
    const call = fitBatch(SPECTRA.slice(0, 1), CIRCUIT, { pool: {} as FitPool });
    await expect(call).rejects.toMatchObject({ code: 'BAD_OPTION', parameter: 'pool' });
  });
});

describe('createFitPool: lifecycle', () => {
  it('a closed pool is refused by fitBatch and fitStream with BAD_OPTION', async () => {
    const pool = await createFitPool({ workers: 1 });
    await pool.close();
    expect(pool.closed).toBe(true);
    await expect(fitBatch(SPECTRA.slice(0, 1), CIRCUIT, { pool })).rejects.toMatchObject({ code: 'BAD_OPTION', parameter: 'pool' });
    const stream = fitStream(SPECTRA.slice(0, 1), CIRCUIT, { pool });
    await expect(stream.next()).rejects.toMatchObject({ code: 'BAD_OPTION', parameter: 'pool' });
  });

  it('closing the pool during a call cancels the rest of that call', async () => {
    const pool = await createFitPool({ workers: 1 });
    let closing: Promise<void> | undefined;
    const batch = await fitBatch(SPECTRA, CIRCUIT, {
      ...FIT,
      pool,
      chunkSize: 1,
      onProgress: (p) => {
        if (p.completed >= 1 && !closing) closing = pool.close();
      },
    });
    await closing;
    expect(batch.succeeded).toBeGreaterThanOrEqual(1);
    expect(batch.succeeded).toBeLessThan(10);
    expect(batch.succeeded + batch.cancelled).toBe(10);
    for (const item of batch.items) if (!item.ok) expect((item.error as EisError).code).toBe('CANCELLED');
  });

  it('a pool that is never closed does not keep a finished Node process alive (idle workers are unreferenced)', () => {
    const script = fileURLToPath(new URL('./fixtures/openPool.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.signal).toBeNull(); // not killed by the timeout
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('fitted 3 of 3, pool closed: false');
  });

  it('workers: 0 is refused (a pool needs workers)', async () => {
    await expect(createFitPool({ workers: 0 })).rejects.toMatchObject({ code: 'BAD_OPTION', parameter: 'workers' });
    await expect(createFitPool({ workers: 1.5 })).rejects.toBeInstanceOf(ParameterError);
  });
});

describe('contextFor: the compiled models a worker keeps for jobs', () => {
  it('compiles a circuit once, keeps the last 8, and uses the job options', async () => {
    const { contextFor, initFitWorker, packChunk } = await import('../../../src/fit/batch/fitTask.js');
    const context = initFitWorker({ options: {} });
    expect(context.model).toBeUndefined();
    const chunk = packChunk(SPECTRA.slice(0, 1), false);
    const job = (circuit: string) => ({ ...chunk, job: { circuit, options: { weighting: 'unit' as const } } });
    const first = contextFor(context, job(RC));
    expect(first.model?.circuit).toBe(RC);
    expect(first.options).toEqual({ weighting: 'unit' });
    expect(contextFor(context, job(RC)).model).toBe(first.model);
    for (let k = 2; k <= 9; k++) contextFor(context, job(`R0-p(R1,CPE1)-R${k}`));
    expect(context.models?.size).toBe(8);
    expect(context.models?.has(RC)).toBe(false);
    expect(contextFor(context, job(RC)).model).not.toBe(first.model);
    // Without a job the worker's own context is used.
    expect(contextFor(context, chunk)).toBe(context);
  });
});
