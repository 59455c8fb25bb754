// fitBatch on real Web Workers in headless Chromium (issue 8: "Node
// worker_threads, and Web Workers in the browser behind the same API").
// esbuild bundles the page script (test/browser/batch-page.ts, which imports
// fitBatch from src/index.ts) and the Web Worker entry (src/fit/batch/webWorker.ts)
// as two ESM files side by side; a node:http server on 127.0.0.1 serves them
// (module workers need http, not file://). The page simulates 40 noisy spectra
// with a seeded generator and returns bit-exact fingerprints of every result.
//
// Bit for bit is a same-engine property: Chromium's V8 and Node 20's V8 round
// Math.pow/exp/log/sin/cos/atan2 differently in the last bit for a few percent
// of arguments. So fitBatch in the page (2 Web Workers, the built-in factory,
// workers: 0) is compared bit for bit with a plain fitCircuit loop in the same
// page, and with fitCircuit in Node on the page's exact spectra to a tolerance.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { fitCircuit } from '../../src/index.js';
import type { FitResult, Spectrum } from '../../src/index.js';
import { expectAllClose, expectClose } from '../helpers/close.js';
import { COUNT, CIRCUIT, makeSpectra, spectraFromBits, truthOf } from './batch-fixture.js';
import type { ItemSummary, PageReference, Scenario, ScenarioSummary, TableSummary } from './batch-page.js';
import { browserAvailable, openPage } from './chromium.js';
import type { BrowserSession } from './chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The parts of playwright's Page used here beyond chromium.ts's minimal type. */
interface BatchPage {
  goto(url: string): Promise<unknown>;
  waitForFunction(expression: string, arg?: unknown, options?: { timeout?: number }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** One ESM file for the browser. */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [`${root}${entry}`],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    conditions: ['source'],
  });
  return result.outputFiles[0].text;
}

/** Serves `files` (path → body) on 127.0.0.1 at a random port and records every request path. */
async function serve(files: Record<string, { type: string; body: string }>, requests: string[]): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(path);
    const file = files[path];
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const BAD = [0, 17];
/** Relative agreement of Chromium's and Node's fits on identical spectra (see the header). */
const REL_NODE = 1e-11; // measured: ≤ 7.3e-15 (37 of 40 fits differ in the last bits) // 0 is also the sample fitBatch validates the options against

describe.skipIf(!browserAvailable())('fitBatch on Web Workers in headless Chromium', () => {
  let session: BrowserSession | undefined;
  let server: Server | undefined;
  let page: BatchPage;
  const requests: string[] = [];
  const runs = new Map<string, ScenarioSummary>();
  let pageRef: PageReference; // the page's spectra and its fitCircuit loop
  let pageSpectra: Spectrum[]; // the page's spectra, decoded exactly
  let nodeFits: FitResult[]; // fitCircuit in Node on the page's spectra
  let badError: { name: string; message: string; issues: unknown } | undefined; // fitCircuit in Node on a NaN spectrum

  async function run(scenario: Scenario): Promise<ScenarioSummary> {
    const key = JSON.stringify(scenario);
    let out = runs.get(key);
    if (!out) {
      out = await page.evaluate((s) => (window as unknown as { __batch: { run(s: Scenario): Promise<ScenarioSummary> } }).__batch.run(s), scenario);
      runs.set(key, out);
    }
    return out;
  }

  beforeAll(async () => {
    const nodeSpectra = makeSpectra(COUNT);
    const bad = { ...nodeSpectra[0], re: nodeSpectra[0].re.slice() };
    bad.re[3] = Number.NaN;
    try {
      fitCircuit(CIRCUIT, bad);
    } catch (e) {
      const err = e as Error & { issues?: unknown };
      badError = { name: err.name, message: err.message, issues: JSON.parse(JSON.stringify(err.issues)) };
    }
    const [pageJs, workerJs] = await Promise.all([bundle('test/browser/batch-page.ts'), bundle('src/fit/batch/webWorker.ts')]);
    const js = 'text/javascript; charset=utf-8';
    const html = '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/app/page.js"></script></head><body></body></html>';
    const served = await serve(
      {
        '/': { type: 'text/html; charset=utf-8', body: html },
        '/favicon.ico': { type: 'image/x-icon', body: '' },
        '/app/page.js': { type: js, body: pageJs }, '/app/webWorker.js': { type: js, body: workerJs },
      },
      requests,
    );
    server = served.server;
    session = await openPage();
    page = session.page as unknown as BatchPage;
    await page.goto(`${served.base}/`);
    await page.waitForFunction('typeof window.__batch === "object"', undefined, { timeout: 10_000 });
    pageRef = await page.evaluate(() => (window as unknown as { __batch: { reference(): PageReference } }).__batch.reference(), undefined);
    pageSpectra = spectraFromBits(pageRef.spectra);
    nodeFits = pageSpectra.map((s) => fitCircuit(CIRCUIT, s));
  }, 30_000);

  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  /** Asserts that the page's items are in input order and identical, bit for bit, to the page's fitCircuit loop. */
  function expectReference(out: ScenarioSummary, skip: readonly number[] = []): void {
    expect(out.items.map((it) => it.index)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    out.items.forEach((item, i) => {
      if (skip.includes(i)) return;
      expect(item.ok, `item ${i}: ${item.error?.message}`).toBe(true);
      expect(item.result, `item ${i} vs fitCircuit in the page`).toEqual(pageRef.items[i].result);
    });
  }

  /** Asserts that the page's fits agree with fitCircuit in Node on the same (exact) spectra. */
  function expectNode(items: readonly ItemSummary[]): void {
    items.forEach((item, i) => {
      const node = nodeFits[i];
      expect(item.converged, `item ${i} converged`).toBe(node.converged);
      expect(Object.keys(item.values ?? {})).toEqual(Object.keys(node.values));
      for (const [k, v] of Object.entries(node.values)) expectClose(item.values?.[k] ?? NaN, v, REL_NODE, 0, `item ${i} ${k}: Chromium vs Node`);
      expectClose(item.chiSquare ?? NaN, node.statistics.chiSquare, REL_NODE, 0, `item ${i} chiSquare: Chromium vs Node`);
    });
  }

  it("Chromium runs the solver's WebAssembly SIMD kernel (not the JavaScript fallback)", () => {
    expect(pageRef.simd).toBe(true);
  });

  it('the page simulates the same seeded spectra as Node (up to last-bit Math differences), and its fitCircuit agrees with Node on them', () => {
    const nodeSpectra = makeSpectra(COUNT);
    pageSpectra.forEach((s, i) => {
      expectAllClose(s.frequency, nodeSpectra[i].frequency, 1e-14, 0, `frequency ${i}`);
      expectAllClose(s.re, nodeSpectra[i].re, 1e-12, 0, `re ${i}`);
      expectAllClose(s.im, nodeSpectra[i].im, 1e-12, 0, `im ${i}`);
    });
    expectNode(pageRef.items);
    // The fits recover their own truths (R1 = 150 + 10·i): the order is visible.
    pageRef.items.forEach((item, i) => expectClose(item.values?.R1 ?? NaN, truthOf(i).R1, 0.1, 0, `R1 of ${i}`));
  });

  it('createWorker → wrapWebWorker(new Worker(url, { type: "module" })): 2 Web Workers fit every spectrum, in order, bit for bit as fitCircuit in the page, and as fitCircuit in Node to 1e-11', async () => {
    const out = await run({ mode: 'createWorker', workers: 2 });
    expect(session?.errors).toEqual([]);
    expect(out.hasProcess).toBe(false);
    expect(out.workers).toBe(2);
    expect(out.factoryCalls).toBe(2);
    expect(out.workerUrls).toHaveLength(2);
    for (const u of out.workerUrls) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app\/webWorker\.js$/);
    expect(out.workerTasks).toBeGreaterThan(0); // answered by the workers, not the page
    expect(requests).toContain('/app/webWorker.js');
    expect([out.succeeded, out.failed, out.cancelled, out.aborted]).toEqual([COUNT, 0, 0, false]);
    expect(out.progress.at(-1)).toBe(COUNT);
    expectReference(out);
    expectNode(out.items);
  });

  it('fitTable on 2 Web Workers (built-in factory): every row equals fitCircuit in the page bit for bit', async () => {
    const out = await page.evaluate(
      (w) => (window as unknown as { __batch: { runTable(w: number): Promise<TableSummary> } }).__batch.runTable(w),
      2,
    );
    expect(session?.errors).toEqual([]);
    expect(out.workers).toBe(2);
    expect(out.workerUrls).toHaveLength(2);
    expect(out.workerTasks).toBe(Math.ceil(COUNT / 3));
    expect(out.succeeded).toBe(COUNT);
    expect(out.mismatches).toEqual([]);
  });

  it('workers: 0 (the page thread) gives the same items as 2 Web Workers, bit for bit', async () => {
    const main = await run({ mode: 'calling-thread' });
    const pooled = await run({ mode: 'createWorker', workers: 2 });
    expect(main.workers).toBe(0);
    expect(main.workerUrls).toEqual([]);
    expect(main.workerTasks).toBeUndefined();
    expect(main.items).toEqual(pooled.items);
    expectReference(main);
  });

  it('the built-in factory (no createWorker) starts module workers from new URL("./webWorker.js", import.meta.url) next to the bundle', async () => {
    const out = await run({ mode: 'default', workers: 2, chunkSize: 3 });
    expect(session?.errors).toEqual([]);
    expect(out.workers).toBe(2);
    expect(out.factoryCalls).toBe(0);
    expect(out.workerUrls).toHaveLength(2);
    for (const u of out.workerUrls) expect(u).toMatch(/\/app\/webWorker\.js$/);
    expect(out.workerTasks).toBe(Math.ceil(COUNT / 3));
    expect(out.succeeded).toBe(COUNT);
    expectReference(out);
  });

  it('createFitPool: two fitBatch calls on one pool of 2 Web Workers start the workers once and give fitCircuit\'s bits both times', async () => {
    const out = await run({ mode: 'pool', workers: 2, chunkSize: 4 });
    expect(session?.errors).toEqual([]);
    expect(out.workerUrls).toHaveLength(2); // started once, for both calls
    for (const u of out.workerUrls) expect(u).toMatch(/\/app\/webWorker\.js$/);
    expect(out.workerTasks).toBe(Math.ceil(COUNT / 4)); // this call's chunks only
    expect([out.succeeded, out.failed, out.cancelled, out.aborted]).toEqual([COUNT, 0, 0, false]);
    expect(out.firstRunSame).toBe(true);
    expectReference(out);
  });

  it.each([
    { label: '2 Web Workers', scenario: { mode: 'createWorker', workers: 2, chunkSize: 1, abortAfter: 3 } as Scenario },
    { label: 'the page thread', scenario: { mode: 'calling-thread', chunkSize: 1, abortAfter: 3 } as Scenario },
  ])('abort mid-batch on $label: finished items keep their results, the rest are CANCELLED with the reason as cause', async ({ scenario }) => {
    const out = await run(scenario);
    expect(out.aborted).toBe(true);
    expect(out.failed).toBe(0);
    expect(out.succeeded).toBeGreaterThanOrEqual(3);
    expect(out.cancelled).toBeGreaterThan(0);
    expect(out.succeeded + out.cancelled).toBe(COUNT);
    expect(out.items.map((it) => it.index)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    for (const item of out.items) {
      if (item.ok) {
        expect(item.result, `finished item ${item.index}`).toEqual(pageRef.items[item.index].result);
      } else {
        expect(item.error).toMatchObject({ name: 'EisError', code: 'CANCELLED', isEisError: true, cancelled: true, cause: 'stop requested by the test' });
      }
    }
    expect(out.items.filter((it) => it.ok)).toHaveLength(out.succeeded);
    if (scenario.mode === 'calling-thread') expect(out.succeeded).toBe(3); // aborts are seen between chunks
  });

  it.each([
    { label: '2 Web Workers', scenario: { mode: 'createWorker', workers: 2, bad: BAD } as Scenario },
    { label: 'the page thread', scenario: { mode: 'calling-thread', bad: BAD } as Scenario },
  ])('NaN in re fails only its own spectrum on $label, with its DataFormatError rebuilt in the page', async ({ scenario }) => {
    const out = await run(scenario);
    expect(badError?.name).toBe('DataFormatError');
    expect([out.succeeded, out.failed, out.cancelled, out.aborted]).toEqual([COUNT - BAD.length, BAD.length, 0, false]);
    for (const i of BAD) {
      const item = out.items[i];
      expect(item.ok).toBe(false);
      expect(item.error).toMatchObject({
        name: 'DataFormatError',
        code: 'NON_FINITE',
        isEisError: true,
        isDataFormatError: true,
        cancelled: false,
        message: badError?.message,
        issues: badError?.issues,
      });
    }
    expectReference(out, BAD);
  });

  it('the bad-spectrum items are identical between 2 Web Workers and the page thread', async () => {
    const pooled = await run({ mode: 'createWorker', workers: 2, bad: BAD });
    const main = await run({ mode: 'calling-thread', bad: BAD });
    expect(pooled.items).toEqual(main.items);
    expect(session?.errors).toEqual([]);
  });
});
