import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

// esbuild comes with tsx (devDependency); it is the bundler the issue names for this check.
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('browser safety of the "." entry', () => {
  it('esbuild bundles src/index.ts for the browser; no node: module and no Node worker entry is pulled in', async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [`${root}src/index.ts`],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith('src/fit/batch/fitBatch.ts'))).toBe(true);
    expect(inputs.filter((p) => p.startsWith('node:') || /batch\/(worker|nodePort)\.ts$/.test(p))).toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
  });
});

describe('bundler-visible worker URLs', () => {
  it('no new URL(`…${…}…`, import.meta.url) in src: Vite turns such a template into a glob and copies every file of the folder (.d.ts, maps) into the app build (checked with Vite 8.4 on 2026-12-06)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = (readdirSync(`${root}src`, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) => /new URL\(\s*`[^`]*\$\{[^`]*`\s*,\s*import\.meta\.url/.test(readFileSync(`${root}src/${f}`, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
