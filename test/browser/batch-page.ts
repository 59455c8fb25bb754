// Page script of batchWorkers.test.ts: bundled by esbuild (platform browser,
// ESM) to /app/page.js, next to the bundled Web Worker entry /app/webWorker.js.
// It exposes window.__batch.run(scenario), which runs fitBatch in the page and
// returns a JSON-safe summary with bit-exact fingerprints of every result.
import { EisError, DataFormatError, createFitPool, createLmWorkspace, fitBatch, fitCircuit, fitTable, wrapWebWorker } from '../../src/index.js';
import type { BatchItem, FitBatchOptions, FitResult, Spectrum } from '../../src/index.js';
import { CIRCUIT, COUNT, fingerprint, makeSpectra, spectraToBits } from './batch-fixture.js';
import type { SpectrumBits } from './batch-fixture.js';

/** How the page starts its workers. */
export type WorkerMode =
  | 'createWorker' // options.createWorker: () => wrapWebWorker(new Worker('/app/webWorker.js', { type: 'module' }))
  | 'default' // no createWorker: fitRunner's defaultFactory, new URL('./webWorker.js', import.meta.url)
  | 'calling-thread' // workers: 0
  | 'pool'; // createFitPool({ workers }) with the built-in factory, then two fitBatch calls on it

/** One run of fitBatch in the page. */
export interface Scenario {
  /** Worker start-up route. */
  mode: WorkerMode;
  /** Worker count (ignored for 'calling-thread', which uses 0). */
  workers?: number;
  /** Spectra per chunk (default: fitBatch's automatic choice). */
  chunkSize?: number;
  /** Indices of spectra whose re[3] is set to NaN. */
  bad?: number[];
  /** Abort the run (reason: Error('stop requested by the test')) once this many spectra have finished. */
  abortAfter?: number;
}

/** A JSON-safe copy of one batch item. */
export interface ItemSummary {
  index: number;
  ok: boolean;
  /** fingerprint(result) when ok: every field, bit for bit. */
  result?: unknown;
  /** result.values when ok. */
  values?: Record<string, number>;
  /** result.statistics.chiSquare when ok. */
  chiSquare?: number;
  /** result.converged when ok. */
  converged?: boolean;
  /** The error when not ok. */
  error?: {
    name: string;
    message: string;
    code?: string;
    isEisError: boolean;
    isDataFormatError: boolean;
    issues?: unknown;
    cancelled: boolean;
    cause?: string;
  };
}

/** What a scenario returns to the test. */
export interface ScenarioSummary {
  /** fitBatch's `workers` field. */
  workers: number;
  aborted: boolean;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** `stats.tasks` (chunks answered by workers; undefined in the calling thread). */
  workerTasks?: number;
  /** Calls of options.createWorker. */
  factoryCalls: number;
  /** URLs given to `new Worker` while the run lasted. */
  workerUrls: string[];
  /** `completed` of every progress report, in order. */
  progress: number[];
  items: ItemSummary[];
  /** True when `process` exists in the page (it must not). */
  hasProcess: boolean;
  /** 'pool' mode: the first of the two calls gave exactly the same items as the second (the summary's). */
  firstRunSame?: boolean;
}

function summarizeResult(index: number, r: FitResult): ItemSummary {
  return { index, ok: true, result: fingerprint(r), values: { ...r.values }, chiSquare: r.statistics.chiSquare, converged: r.converged };
}

function summarize(item: BatchItem): ItemSummary {
  if (item.ok) return summarizeResult(item.index, item.result);
  const e = item.error as Error & { code?: string; issues?: unknown; cause?: unknown };
  return {
    index: item.index,
    ok: false,
    error: {
      name: e.name,
      message: e.message,
      code: e.code,
      isEisError: e instanceof EisError,
      isDataFormatError: e instanceof DataFormatError,
      issues: e.issues === undefined ? undefined : JSON.parse(JSON.stringify(e.issues)),
      cancelled: item.cancelled,
      cause: e.cause instanceof Error ? e.cause.message : e.cause === undefined ? undefined : String(e.cause),
    },
  };
}

async function run(scenario: Scenario): Promise<ScenarioSummary> {
  const clean = makeSpectra(COUNT);
  const spectra: Spectrum[] = clean.map((s, i) => {
    if (!scenario.bad?.includes(i)) return s;
    const re = s.re.slice();
    re[3] = Number.NaN;
    return { ...s, re };
  });

  // Record every `new Worker` (the default factory looks the global up at call time).
  const workerUrls: string[] = [];
  const NativeWorker = globalThis.Worker;
  class RecordingWorker extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      workerUrls.push(String(url));
    }
  }
  globalThis.Worker = RecordingWorker;

  let factoryCalls = 0;
  const progress: number[] = [];
  const controller = new AbortController();
  const options: FitBatchOptions = {
    workers: scenario.mode === 'calling-thread' ? 0 : (scenario.workers ?? 2),
    signal: controller.signal,
    onProgress: (p) => {
      progress.push(p.completed);
      if (scenario.abortAfter !== undefined && p.completed >= scenario.abortAfter && !controller.signal.aborted) {
        controller.abort(new Error('stop requested by the test'));
      }
    },
  };
  if (scenario.chunkSize !== undefined) options.chunkSize = scenario.chunkSize;
  if (scenario.mode === 'createWorker') {
    options.createWorker = () => {
      factoryCalls++;
      return wrapWebWorker(new Worker(new URL('./webWorker.js', import.meta.url), { type: 'module' }));
    };
  }
  // 'pool': the same options on a persistent pool; the first call warms it, the second is summarised.
  const pool = scenario.mode === 'pool' ? await createFitPool({ workers: scenario.workers ?? 2 }) : undefined;
  let firstItems: string | undefined;
  if (pool) {
    delete options.workers;
    options.pool = pool;
    firstItems = JSON.stringify((await fitBatch(spectra, CIRCUIT, options)).items.map(summarize));
    progress.length = 0;
  }
  try {
    const batch = await fitBatch(spectra, CIRCUIT, options);
    const firstRunSame = pool ? firstItems === JSON.stringify(batch.items.map(summarize)) : undefined;
    return {
      workers: batch.workers,
      aborted: batch.aborted,
      succeeded: batch.succeeded,
      failed: batch.failed,
      cancelled: batch.cancelled,
      workerTasks: batch.stats?.tasks,
      factoryCalls,
      workerUrls,
      progress,
      items: batch.items.map(summarize),
      hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
      ...(pool ? { firstRunSame } : {}),
    };
  } finally {
    await pool?.close();
    globalThis.Worker = NativeWorker;
  }
}

/** The page's own reference: its spectra (exact bits) and a plain fitCircuit loop over them. */
export interface PageReference {
  spectra: SpectrumBits[];
  items: ItemSummary[];
  /** The solver's WebAssembly kernel (SIMD normal equations, trial step) is available in this engine. */
  simd: boolean;
}

function reference(): PageReference {
  const spectra = makeSpectra(COUNT);
  // simd: the solver's WebAssembly kernel is in use in this engine (checked on the page's thread).
  return { spectra: spectraToBits(spectra), items: spectra.map((s, i) => summarizeResult(i, fitCircuit(CIRCUIT, s))), simd: createLmWorkspace(142, 7).simd };
}

/** What {@link runTable} returns: fitTable on Web Workers checked against fitCircuit in the page. */
export interface TableSummary {
  workers: number;
  succeeded: number;
  workerTasks?: number;
  workerUrls: string[];
  /** Rows whose values, standard errors (NaN ↔ null), χ², iterations or reason differ from fitCircuit in the page. */
  mismatches: string[];
}

async function runTable(workers: number): Promise<TableSummary> {
  const spectra = makeSpectra(COUNT);
  const workerUrls: string[] = [];
  const NativeWorker = globalThis.Worker;
  globalThis.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      workerUrls.push(String(url));
    }
  };
  try {
    const table = await fitTable(spectra, CIRCUIT, { workers, chunkSize: 3 });
    const P = table.keys.length;
    const mismatches: string[] = [];
    spectra.forEach((s, i) => {
      const r = fitCircuit(CIRCUIT, s);
      const same =
        r.parameters.every((p, k) => Object.is(table.values[i * P + k], p.value) && Object.is(table.stderr[i * P + k], p.stderr ?? NaN)) &&
        Object.is(table.chiSquare[i], r.statistics.chiSquare) &&
        table.iterations[i] === r.iterations &&
        table.reason[i] === r.reason;
      if (!same) mismatches.push(`row ${i}`);
    });
    return { workers: table.workers, succeeded: table.succeeded, workerTasks: table.stats?.tasks, workerUrls, mismatches };
  } finally {
    globalThis.Worker = NativeWorker;
  }
}

(globalThis as unknown as { __batch: { run: typeof run; reference: typeof reference; runTable: typeof runTable } }).__batch = { run, reference, runTable };
