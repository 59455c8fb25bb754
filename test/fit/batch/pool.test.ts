import { describe, expect, it } from 'vitest';
import { EisError, ParameterError } from '../../../src/errors.js';
import { WorkerPool } from '../../../src/fit/batch/pool.js';
import { nodeWorkerFactory } from '../../../src/fit/batch/spawnWorker.js';

const url = new URL('./fixtures/mathWorker.ts', import.meta.url);

describe('WorkerPool with a simple task', () => {
  it('runs 200 tasks on 2 workers and returns each task its own answer', async () => {
    const pool = await WorkerPool.create({ factory: nodeWorkerFactory(url), workers: 2, config: { offset: 1 } });
    try {
      const xs = Array.from({ length: 200 }, (_, i) => i - 100);
      const out = await Promise.all(xs.map((x) => pool.run({ op: 'square', x })));
      expect(out).toEqual(xs.map((x) => x * x + 1));
    } finally {
      await pool.close();
    }
  });

  it('rebuilds a ParameterError thrown in a worker with its code and parameter, and keeps serving', async () => {
    const pool = await WorkerPool.create({ factory: nodeWorkerFactory(url), workers: 1, config: { offset: 0 } });
    try {
      const [bad, good] = await Promise.allSettled([pool.run({ op: 'throw', key: 'R1' }), pool.run({ op: 'square', x: 3 })]);
      expect(bad.status).toBe('rejected');
      const e = (bad as PromiseRejectedResult).reason;
      expect(e).toBeInstanceOf(ParameterError);
      expect(e.code).toBe('OUT_OF_BOUNDS');
      expect(e.parameter).toBe('R1');
      expect(good).toEqual({ status: 'fulfilled', value: 9 });
    } finally {
      await pool.close();
    }
  });

  it('a crashing worker fails only its own task (WORKER_FAILED); a replacement serves the rest', async () => {
    const pool = await WorkerPool.create({ factory: nodeWorkerFactory(url), workers: 1, config: { offset: 0 }, pipeline: 1 });
    try {
      const crash = pool.run({ op: 'crash' });
      const after = pool.run({ op: 'square', x: 4 });
      await expect(crash).rejects.toMatchObject({ code: 'WORKER_FAILED' });
      await expect(after).resolves.toBe(16);
    } finally {
      await pool.close();
    }
  });

  it('an init error answers every task with that error', async () => {
    const pool = await WorkerPool.create({ factory: nodeWorkerFactory(url), workers: 1, config: { offset: 0, failInit: true } });
    try {
      await expect(pool.run({ op: 'square', x: 2 })).rejects.toMatchObject({ name: 'ParameterError', code: 'BAD_OPTION', parameter: 'failInit' });
    } finally {
      await pool.close();
    }
  });

  it('close() rejects queued and running tasks with CANCELLED', async () => {
    const pool = await WorkerPool.create({ factory: nodeWorkerFactory(url), workers: 1, config: { offset: 0 } });
    const settled = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err);
    const running = settled(pool.run({ op: 'sleep', ms: 5000, x: 1 }));
    const queued = settled(pool.run({ op: 'square', x: 2 }));
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    for (const p of [running, queued]) {
      const e = await p;
      expect(e).toBeInstanceOf(EisError);
      expect((e as EisError).code).toBe('CANCELLED');
    }
    await expect(pool.run({ op: 'square', x: 1 })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('cancel(group) rejects that group\'s queued and running tasks at once; other tasks and the workers go on', async () => {
    const pool = await WorkerPool.create({ factory: nodeWorkerFactory(url), workers: 1, config: { offset: 0 } });
    try {
      const settled = (p: Promise<unknown>) => p.then((v) => ({ v }), (err: unknown) => ({ err }));
      const run = {};
      const running = settled(pool.run({ op: 'sleep', ms: 300, x: 1 }, undefined, run));
      const queued = settled(pool.run({ op: 'square', x: 2 }, undefined, run));
      const other = settled(pool.run({ op: 'square', x: 3 }));
      await new Promise((r) => setTimeout(r, 50));
      const t = performance.now();
      pool.cancel(run, new EisError('CANCELLED', 'test cancel'));
      for (const p of [running, queued]) expect((await p as { err: EisError }).err.message).toBe('test cancel');
      expect(performance.now() - t).toBeLessThan(200); // not after the running task's 300 ms
      expect(await other).toEqual({ v: 9 }); // runs once the worker has finished the abandoned task
      expect(await pool.run({ op: 'square', x: 4 })).toBe(16);
      expect(pool.stats().tasks).toBe(2); // the dropped replies are not counted
    } finally {
      await pool.close();
    }
  });

  it('workerIdleMs counts waits while work was queued, not gaps with no work (a shared pool between calls)', async () => {
    const pool = await WorkerPool.create({ factory: nodeWorkerFactory(url), workers: 1, config: { offset: 0 }, pipeline: 1 });
    try {
      await pool.run({ op: 'square', x: 1 });
      await new Promise((r) => setTimeout(r, 300)); // nothing to do for 300 ms
      await Promise.all([pool.run({ op: 'square', x: 2 }), pool.run({ op: 'square', x: 3 })]);
      const s = pool.stats();
      expect(s.tasks).toBe(3);
      expect(s.workerIdleMs).toBeGreaterThanOrEqual(0);
      expect(s.workerIdleMs).toBeLessThan(150); // the 300 ms gap is not starvation
    } finally {
      await pool.close();
    }
  });
});
