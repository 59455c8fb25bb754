/**
 * Platform adapters that start workers: Node `worker_threads` and browser Web
 * Workers behind one {@link WorkerHandle} interface.
 *
 * This module is reachable from the browser-safe "." entry, so it never
 * imports a `node:` module statically: Node built-ins are fetched at run time
 * through `process.getBuiltinModule` (Node ≥ 20.16) or a dynamic `import()`
 * of a non-literal specifier that bundlers leave alone.
 *
 * @module
 */
import type { Worker as NodeWorker, WorkerOptions as NodeWorkerOptions } from 'node:worker_threads';
import type { FromWorkerMessage, ToWorkerMessage } from './protocol.js';

/**
 * A started worker, as the pool sees it.
 *
 * @example
 * ```ts
 * const handle: WorkerHandle = await nodeWorkerFactory(new URL('./worker.js', import.meta.url))();
 * handle.onMessage((m) => console.log(m));
 * ```
 */
export interface WorkerHandle {
  /** Sends a message; `transfer` lists ArrayBuffers whose ownership moves to the worker. */
  post(message: ToWorkerMessage, transfer?: ArrayBuffer[]): void;
  /** Registers the receiver of the worker's messages. */
  onMessage(receive: (message: FromWorkerMessage) => void): void;
  /** Registers the receiver of a crash or an unexpected exit of the worker. */
  onFailure(fail: (error: Error) => void): void;
  /** Stops the worker at once (a running task is abandoned). */
  terminate(): Promise<void>;
  /**
   * Optional: told whether the worker has tasks in flight. The Node factory
   * keeps a busy worker referenced and unreferences an idle one, so a pool
   * that is not closed never keeps a finished Node process alive.
   */
  setBusy?(busy: boolean): void;
}

/** Starts one worker. */
export type WorkerFactory = () => WorkerHandle | Promise<WorkerHandle>;

interface MaybeNodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): MaybeNodeProcess | undefined {
  const p = (globalThis as { process?: MaybeNodeProcess }).process;
  return p && p.versions && typeof p.versions.node === 'string' ? p : undefined;
}

/**
 * True when running in Node.js (also inside a Node worker thread).
 *
 * @returns whether `process.versions.node` exists
 * @example
 * ```ts
 * isNodeRuntime(); // true under Node, false in a browser
 * ```
 */
export function isNodeRuntime(): boolean {
  return nodeProcess() !== undefined;
}

/**
 * Loads a Node built-in module at run time without a static import.
 *
 * @param id - e.g. `node:worker_threads`
 * @returns the module namespace
 */
async function loadBuiltin<T>(id: string): Promise<T> {
  const p = nodeProcess();
  if (p && typeof p.getBuiltinModule === 'function') return p.getBuiltinModule(id) as T;
  const specifier = id; // non-literal: bundlers do not try to resolve it
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as T;
}

/**
 * Default worker count: the number of logical cores the process may use
 * (`os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in a
 * browser), at least 1.
 *
 * @returns the core count
 * @example
 * ```ts
 * const n = await defaultWorkerCount(); // e.g. 8
 * ```
 */
export async function defaultWorkerCount(): Promise<number> {
  if (isNodeRuntime()) {
    const os = await loadBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:os');
    const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    return Math.max(1, n | 0);
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, (nav?.hardwareConcurrency ?? 1) | 0);
}

/**
 * Removes development bundle directories of processes that no longer run
 * (killed test runners cannot clean up after themselves).
 */
function removeStaleBundles(
  tmp: string,
  readdirSync: (path: string) => string[],
  rmSync: (path: string, options: { recursive: boolean; force: boolean }) => void,
): void {
  const kill = (nodeProcess() as { kill?: (pid: number, signal: number) => void }).kill;
  for (const name of readdirSync(tmp)) {
    const m = /^eiskit-dev-workers-(\d+)$/.exec(name);
    if (!m || !kill) continue;
    try {
      kill(Number(m[1]), 0);
    } catch (e) {
      if ((e as { code?: string }).code === 'ESRCH') rmSync(`${tmp}/${name}`, { recursive: true, force: true });
    }
  }
}

/** Development bundles of `.ts` worker entries, one build per entry and process. */
const devBundles = new Map<string, Promise<URL>>();

/**
 * Bundles a TypeScript worker entry into one `.mjs` file in the OS temp
 * directory with esbuild (installed with tsx, the devDependency that runs
 * TypeScript here), once per process. About 0.3 s, then every worker starts
 * as plain JavaScript. The directory is removed when the process exits.
 *
 * @param url - `.ts` entry
 * @returns URL of the bundle
 */
function bundleDevEntry(url: URL): Promise<URL> {
  let built = devBundles.get(url.href);
  if (!built) {
    built = (async () => {
      const { createRequire } = await loadBuiltin<typeof import('node:module')>('node:module');
      const { pathToFileURL, fileURLToPath } = await loadBuiltin<typeof import('node:url')>('node:url');
      const { tmpdir } = await loadBuiltin<typeof import('node:os')>('node:os');
      const { join, basename } = await loadBuiltin<typeof import('node:path')>('node:path');
      const require = createRequire(import.meta.url);
      const tsxRequire = createRequire(require.resolve('tsx/package.json'));
      const esbuild = (await import(/* @vite-ignore */ pathToFileURL(tsxRequire.resolve('esbuild')).href)) as {
        build(options: Record<string, unknown>): Promise<unknown>;
      };
      const { rmSync, readdirSync } = await loadBuiltin<typeof import('node:fs')>('node:fs');
      const proc = nodeProcess() as { pid?: number; once?: (event: string, f: () => void) => void };
      const dir = join(tmpdir(), `eiskit-dev-workers-${proc.pid ?? 0}`);
      const outfile = join(dir, `${basename(url.pathname, '.ts')}-${devBundles.size}.mjs`);
      if (devBundles.size === 1) {
        proc.once?.('exit', () => rmSync(dir, { recursive: true, force: true }));
        removeStaleBundles(tmpdir(), readdirSync, rmSync);
      }
      await esbuild.build({
        entryPoints: [fileURLToPath(url)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile,
        logLevel: 'silent',
        conditions: ['source'],
        // CommonJS dependencies inside an ESM bundle need a real `require`.
        banner: { js: "import { createRequire as __eiskitCreateRequire } from 'node:module'; const require = __eiskitCreateRequire(import.meta.url);" },
      });
      return pathToFileURL(outfile);
    })();
    devBundles.set(url.href, built);
  }
  return built;
}

/**
 * How to start a worker entry in Node. A compiled `.js` entry runs as is. A
 * TypeScript entry (the URL ends in `.ts`: vitest, tsx, development) is
 * bundled once per process by {@link bundleDevEntry}; if esbuild cannot be
 * loaded, the entry is loaded through tsx's `tsImport` (about 2 s per worker).
 * Node 20 does not apply `--import tsx` given in a worker's `execArgv` to the
 * worker's entry (verified on 20.20), hence neither uses `execArgv`.
 *
 * @param url - the worker entry
 * @returns the first argument and options of `new Worker`
 */
async function workerEntry(url: URL): Promise<{ entry: URL | string; options: NodeWorkerOptions }> {
  if (!url.pathname.endsWith('.ts')) return { entry: url, options: {} };
  try {
    return { entry: await bundleDevEntry(url), options: {} };
  } catch {
    // fall through to tsx
  }
  const { createRequire } = await loadBuiltin<typeof import('node:module')>('node:module');
  const { pathToFileURL } = await loadBuiltin<typeof import('node:url')>('node:url');
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(pkg.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const target = JSON.stringify(url.href);
  const code = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${target}, ${target}));`;
  return { entry: code, options: { eval: true } };
}

/** Options of {@link nodeWorkerFactory}. */
export interface NodeWorkerFactoryOptions {
  /**
   * V8 heap limits of each worker (Node's `resourceLimits`, in MB), e.g.
   * `{ maxOldGenerationSizeMb: 256 }` to cap memory on a shared node. A worker
   * that exceeds them dies; its chunk fails with `WORKER_FAILED`.
   */
  resourceLimits?: WorkerResourceLimits;
}

/**
 * V8 limits of one Node worker (`worker_threads` `resourceLimits`), in MB.
 *
 * @example
 * ```ts
 * const limits: WorkerResourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };
 * ```
 */
export interface WorkerResourceLimits {
  /** Maximum size of the main (old-generation) heap. */
  maxOldGenerationSizeMb?: number;
  /** Maximum size of the heap space for recently created objects. */
  maxYoungGenerationSizeMb?: number;
  /** Size of the pre-allocated memory range used for generated code. */
  codeRangeSizeMb?: number;
  /** Default maximum stack size of the thread. */
  stackSizeMb?: number;
}

/**
 * Worker factory for Node `worker_threads`. A `.ts` entry is loaded through
 * tsx (development and tests); a `.js` entry runs as is.
 *
 * @param url - file URL of the worker entry module
 * @param options - see {@link NodeWorkerFactoryOptions}
 * @returns a factory that starts one worker per call
 * @example
 * ```ts
 * const start = nodeWorkerFactory(new URL('./worker.js', import.meta.url));
 * const handle = await start();
 * ```
 */
export function nodeWorkerFactory(url: URL, options: NodeWorkerFactoryOptions = {}): WorkerFactory {
  return async () => {
    const { Worker } = await loadBuiltin<{ Worker: new (u: URL | string, o?: NodeWorkerOptions) => NodeWorker }>('node:worker_threads');
    const { entry, options: entryOptions } = await workerEntry(url);
    const worker = new Worker(entry, options.resourceLimits ? { ...entryOptions, resourceLimits: options.resourceLimits } : entryOptions);
    let terminating = false;
    let failed = false;
    let fail: (error: Error) => void = () => undefined;
    const report = (error: Error) => {
      if (terminating || failed) return;
      failed = true;
      fail(error);
    };
    worker.on('error', (e: unknown) => report(e instanceof Error ? e : new Error(String(e))));
    worker.on('messageerror', (e: unknown) => report(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code: number) => report(new Error(`worker exited unexpectedly with code ${code}`)));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (receive) => {
        worker.on('message', receive);
      },
      onFailure: (f) => {
        fail = f;
      },
      terminate: async () => {
        terminating = true;
        await worker.terminate();
      },
      setBusy: (busy) => {
        if (busy) worker.ref();
        else worker.unref();
      },
    };
  };
}

/**
 * The subset of the DOM `Worker` that {@link wrapWebWorker} uses.
 *
 * @example
 * ```ts
 * const w: WebWorkerLike = new Worker(new URL('./webWorker.js', import.meta.url), { type: 'module' });
 * ```
 */
export interface WebWorkerLike {
  /** Sends a message (structured clone; `transfer` moves buffers). */
  postMessage(message: unknown, transfer?: Transferable[]): void;
  /** Subscribes to `message`, `error` and `messageerror` events. */
  addEventListener(type: string, listener: (event: { data?: unknown; message?: string; preventDefault?: () => void }) => void): void;
  /** Stops the worker at once. */
  terminate(): void;
}

/**
 * Wraps an already constructed Web Worker (module type) as a
 * {@link WorkerHandle}. Construct the worker yourself with the literal
 * `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })` so
 * that bundlers (Vite, webpack 5, Parcel) find and emit the entry.
 *
 * @param worker - a DOM `Worker`
 * @returns the handle
 * @example
 * ```ts
 * const handle = wrapWebWorker(new Worker(new URL('./webWorker.js', import.meta.url), { type: 'module' }));
 * ```
 */
export function wrapWebWorker(worker: WebWorkerLike): WorkerHandle {
  let fail: (error: Error) => void = () => undefined;
  let done = false;
  const report = (error: Error) => {
    if (done) return;
    done = true;
    fail(error);
  };
  worker.addEventListener('error', (e) => {
    e.preventDefault?.();
    report(new Error(`web worker failed: ${e.message ?? 'unknown error'}`));
  });
  worker.addEventListener('messageerror', () => report(new Error('web worker message could not be deserialised')));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (receive) => worker.addEventListener('message', (e) => receive(e.data as FromWorkerMessage)),
    onFailure: (f) => {
      fail = f;
    },
    terminate: async () => {
      done = true;
      worker.terminate();
    },
  };
}
