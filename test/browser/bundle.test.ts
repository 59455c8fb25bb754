// Proves the "." entry runs client-side: esbuild bundles src/index.ts for the
// browser with no Node built-in reachable, and a fit runs in headless Chromium.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build, type Plugin } from 'esbuild';
import { fitCircuit, simulateImpedance } from 'eiskit';
import { expectClose } from '../helpers/close.js';
import { browserAvailable, openPage } from './chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * esbuild plugin that fails the build on any `node:` import. Bare built-in
 * names (`crypto`, `fs`) are left to esbuild: for platform "browser" it
 * cannot resolve them, so the build fails, unless the importing package maps
 * them away in its package.json `browser` field (seedrandom, a mathjs
 * dependency, maps `crypto` to false) — then nothing of Node is bundled.
 */
function forbidNodeBuiltins(seen: string[]): Plugin {
  return {
    name: 'forbid-node-builtins',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => {
        seen.push(`${args.path} (imported by ${args.importer.slice(root.length)})`);
        return { errors: [{ text: `Node built-in "${args.path}" is not allowed in the browser bundle` }] };
      });
    },
  };
}

// The page script: simulate a noise-free two-arc spectrum, fit it from the
// automatic guess, and publish the values.
const TRUTH = { R0: 20, R1: 150, CPE1_0: 2e-8, CPE1_1: 0.9, R2: 400, CPE2_0: 5e-6, CPE2_1: 0.8 };
const CIRCUIT = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const ENTRY = `
import { fitCircuit, simulateImpedance, parseCircuit, nyquistPlot } from './src/index.ts';
const f = Float64Array.from({ length: 61 }, (_, i) => 1e6 * 10 ** (-i / 8));
const spectrum = simulateImpedance(${JSON.stringify(CIRCUIT)}, ${JSON.stringify(TRUTH)}, f);
const fit = fitCircuit(${JSON.stringify(CIRCUIT)}, spectrum);
const svg = nyquistPlot(spectrum);
window.__eiskit = { converged: fit.converged, values: fit.values, nodes: parseCircuit('R0-p(R1,C1)') ? 1 : 0, svgLength: svg.length, hasProcess: typeof process !== 'undefined' };
`;

async function bundle(entry: { contents: string } | string, format: 'esm' | 'iife') {
  const seen: string[] = [];
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts' } }),
    bundle: true,
    platform: 'browser',
    format,
    write: false,
    metafile: true,
    logLevel: 'silent',
    conditions: ['source'],
    plugins: [forbidNodeBuiltins(seen)],
  }).catch((e: { errors?: { text: string }[] }) => {
    throw new Error(`browser bundle failed: ${(e.errors ?? []).map((x) => x.text).join('; ') || String(e)}`);
  });
  return { result, seen };
}

describe('browser bundle of the "." entry', () => {
  it('esbuild bundles src/index.ts for platform "browser" with no node: import', async () => {
    const { result, seen } = await bundle(`${root}src/index.ts`, 'esm');
    expect(seen).toEqual([]);
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith('src/fit/fitCircuit.ts'))).toBe(true);
    expect(inputs.filter((p) => p.startsWith('node:') || p.endsWith('src/node.ts') || p.includes('src/cli'))).toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports.filter((p) => p.startsWith('node:') || NODE_BUILTINS.has(p))).toEqual([]);
  });

  it('the forbid-node-builtins check does fail on a module that reaches node:fs (eiskit/node)', async () => {
    await expect(bundle(`${root}src/node.ts`, 'esm')).rejects.toThrow(/Node built-in "node:fs"/);
  });

  it.skipIf(!browserAvailable())('a fit runs in headless Chromium and recovers the true values', async () => {
    // Reference: the same fit in Node.
    const f = Float64Array.from({ length: 61 }, (_, i) => 1e6 * 10 ** (-i / 8));
    const nodeFit = fitCircuit(CIRCUIT, simulateImpedance(CIRCUIT, TRUTH, f));
    const { result } = await bundle({ contents: ENTRY }, 'iife');
    const code = result.outputFiles[0].text;
    const session = await openPage();
    try {
      await session.page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
      await session.page.addScriptTag({ content: code });
      const out = (await session.page.evaluate(() => (window as unknown as { __eiskit: unknown }).__eiskit)) as {
        converged: boolean;
        values: Record<string, number>;
        nodes: number;
        svgLength: number;
        hasProcess: boolean;
      };
      expect(session.errors).toEqual([]);
      expect(out.hasProcess).toBe(false);
      expect(out.converged).toBe(true);
      expect(out.svgLength).toBeGreaterThan(1000);
      for (const [k, v] of Object.entries(TRUTH)) {
        expectClose(out.values[k], v, 1e-5, 0, `browser ${k} vs truth`);
        expectClose(out.values[k], nodeFit.values[k], 1e-9, 0, `browser ${k} vs node`);
      }
    } finally {
      await session.close();
    }
  });
});
