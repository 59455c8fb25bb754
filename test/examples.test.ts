// Runs every bundled example in-process (each exports main()) and checks that
// it finishes, prints, writes its plots, and recovers the numbers it was built
// from (published figures for the synthetic cases, documented values for the
// real files).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeTextFile } from 'eiskit/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectClose } from './helpers/close.js';
import { EXAMPLES, resolveExample, runExample } from '../examples/run.js';

let printed = '';
function capture(): void {
  printed = '';
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed += args.join(' ') + '\n';
  });
}
afterEach(() => vi.restoreAllMocks());

type Check = (r: Record<string, unknown>) => void;
const num = (r: Record<string, unknown>, k: string) => r[k] as number;

const CHECKS: Record<string, { check: Check; prints: RegExp[]; svg: string[] }> = {
  llzo: {
    check: (r) => {
      expectClose(num(r, 'asrPristine'), 1710, 0.02, 0, 'ASR pristine');
      expectClose(num(r, 'asrCoated'), 1, 0.5, 0, 'ASR coated'); // 1 Ω·cm² hides under the GB arc: 50 % is the honest bound
      expectClose(num(r, 'sigmaTotal'), 4e-4, 0.02, 0, 'σ_total');
    },
    prints: [/ASR per interface 17\d\d/, /σ_total 0\.4\d* mS\/cm/],
    svg: ['01-llzo-pristine-nyquist.svg', '01-llzo-coated-nyquist.svg'],
  },
  llzto: {
    check: (r) => {
      expectClose(num(r, 'asrPristine'), 1192, 0.02, 0, 'ASR pristine');
      expectClose(num(r, 'asrCoated'), 32, 0.05, 0, 'ASR coated');
    },
    prints: [/ASR per interface 119\d/, /ITO lowers the ASR 3\dx|ITO lowers the ASR 3\d×/],
    svg: ['02-llzto-pristine-nyquist.svg', '02-llzto-coated-nyquist.svg'],
  },
  llto: {
    check: (r) => {
      expectClose(num(r, 'sigmaBulk'), 1e-3, 0.03, 0, 'σ_bulk');
      expectClose(num(r, 'sigmaGb'), 5e-6, 0.03, 0, 'σ_gb');
      expect(r.gbLabel).toBe('grain-boundary');
    },
    prints: [/σ_bulk 9\.\d+e-4|σ_bulk 1\.0\d+e-3/, /grain-boundary/],
    svg: ['03-llto-nyquist.svg', '03-llto-bode.svg'],
  },
  halide: {
    check: (r) => {
      expectClose(num(r, 'eaCl'), 0.4, 0.03, 0, 'Ea Li3YCl6');
      expectClose(num(r, 'eaBr'), 0.37, 0.03, 0, 'Ea Li3YBr6');
      expectClose(num(r, 'sigma25Cl'), 0.51e-3, 0.03, 0, 'σ25 Li3YCl6');
    },
    prints: [/Ea = 0\.4\d\d/, /σ = σ0·exp/],
    svg: ['04-Li3YCl6-nyquist.svg', '04-Li3YBr6-nyquist.svg', '04-halide-arrhenius.svg'],
  },
  operando: {
    check: (r) => {
      expect([num(r, 'spectra'), num(r, 'succeeded')]).toEqual([1921, 1921]);
      expect(r.law).toBe('parabolic');
      // Truth k = 35 Ω·cm²/√h; with 1921 points at 0.3 % noise the estimate is within a few standard errors.
      expect(Math.abs(num(r, 'k') - 35)).toBeLessThan(5 * num(r, 'kStderr') + 1e-3);
      expectClose(num(r, 'finalAsr'), num(r, 'finalAsrTrue'), 0.01, 0, 'ASR at 96 h');
      expect([num(r, 'identical'), num(r, 'checked')]).toEqual([3, 3]);
    },
    prints: [/1921 spectra .* fitted on \d+ workers/, /best law: parabolic/, /3 of 3 identical bit for bit/, /10-operando-fits\.csv \(1921 rows\)/],
    svg: ['10-operando-asr.svg'],
  },
  growth: {
    check: (r) => {
      expect(r.lgps).toBe('parabolic');
      expect(r.li7p3s11).toBe('self-limiting');
      expectClose(num(r, 'lgpsFinalAsr'), 60 + 35 * Math.sqrt(48), 0.03, 0, 'LGPS ASR at 48 h');
    },
    prints: [/best law: parabolic/, /best law: self-limiting/],
    svg: ['05-lgps-nyquist.svg', '05-li7p3s11-nyquist.svg', '05-growth-asr.svg'],
  },
  lagp: {
    check: (r) => {
      expect(r.law).toBe('step');
      expect(num(r, 'tStep')).toBeGreaterThan(10);
      expect(num(r, 'tStep')).toBeLessThanOrEqual(12);
      expectClose(num(r, 'before'), 2810, 0.02, 0, 'ASR before');
      expectClose(num(r, 'after'), 6800, 0.02, 0, 'ASR after');
    },
    prints: [/best law step/],
    svg: ['06-lagp-asr.svg'],
  },
  gamry: {
    check: (r) => {
      expect(r.points).toBe(72);
      expect(r.converged).toBe(true);
      expect(num(r, 'R1')).toBeGreaterThan(1e3);
      expect(num(r, 'R2')).toBeGreaterThan(num(r, 'R1'));
    },
    prints: [/gamry-dta: 72 points/, /lin-KK: (valid|invalid)/],
    svg: ['07-gamry-nyquist.svg', '07-gamry-residuals.svg'],
  },
  biologic: {
    check: (r) => {
      expect(r.points).toBe(43);
      expect(r.converged).toBe(true);
      expect(num(r, 'capacitance')).toBeGreaterThan(0);
    },
    prints: [/biologic-mpt: 43 points/, /Brug/],
    svg: ['08-biologic-nyquist.svg'],
  },
  zplot: {
    // impedance.py's documented unweighted fit of the same file (reference_fits.json).
    check: (r) => {
      expect(r.converged).toBe(true);
      expectClose(num(r, 'R0'), 1507.03, 0.002, 0, 'R0');
      expectClose(num(r, 'R1'), 4630.26, 0.002, 0, 'R1');
      expectClose(num(r, 'C1'), 2.01932e-8, 0.005, 0, 'C1');
    },
    prints: [/R0 {2}15\d\d/],
    svg: ['09-zplot-nyquist.svg'],
  },
  demo: {
    // Truth of the bundled spectrum: examples/data/make-demo-data.ts.
    check: (r) => {
      expect(r.kkValid).toBe(true);
      expect(r.converged).toBe(true);
      expectClose(num(r, 'R0'), 210, 0.02, 0, 'R_b');
      expectClose(num(r, 'R1'), 150, 0.03, 0, 'R_gb');
      expectClose(num(r, 'R2'), 382, 0.02, 0, 'R_int');
      expectClose(num(r, 'asr'), 150, 0.02, 0, 'ASR per interface');
      expectClose(num(r, 'sigmaTotal'), 0.1 / ((210 + 150) * 0.785), 0.02, 0, 'σ_total');
      expect(r.gamryConverged).toBe(true);
    },
    prints: [/lin-KK: VALID/, /ASR per interface = R·A\/2/, /σ total/, /grain-boundary/],
    svg: ['demo-nyquist.svg', 'demo-bode.svg', 'demo-residuals.svg', 'demo-drt.svg', 'demo-gamry-nyquist.svg'],
  },
};

describe('examples', () => {
  it('every example in examples/run.ts has a check here, and names resolve by number and prefix', () => {
    expect(Object.keys(CHECKS).sort()).toEqual(Object.keys(EXAMPLES).sort());
    expect(resolveExample('3')).toBe('llto');
    expect(resolveExample('09')).toBe('zplot');
    expect(resolveExample('hal')).toBe('halide');
    expect(resolveExample('nope')).toBeUndefined();
  });

  it.each(Object.keys(CHECKS))('npm run example -- %s runs, prints its numbers and writes its plots', async (name) => {
    capture();
    const result = (await runExample(name)) as Record<string, unknown>;
    const { check, prints, svg } = CHECKS[name];
    check(result);
    for (const re of prints) expect(printed).toMatch(re);
    for (const f of svg) {
      const path = new URL(`../examples/out/${f}`, import.meta.url);
      expect(existsSync(path), f).toBe(true);
      expect(statSync(path).size).toBeGreaterThan(1000);
      expect(readFileSync(path, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    }
  });

  it('the demo writes a self-contained HTML report', async () => {
    capture();
    await runExample('demo');
    const html = readFileSync(new URL('../examples/out/demo-report.html', import.meta.url), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('ASR');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});

describe('README library example (docs/examples.md)', () => {
  it('the 15-line example runs as written and prints σ and the ASR per interface', async () => {
    const md = readFileSync(new URL('../docs/examples.md', import.meta.url), 'utf8');
    const block = md.slice(md.indexOf('## README section (Library example')).match(/```ts\n([\s\S]*?)```/)![1];
    expect(block.trim().split('\n')).toHaveLength(15);
    // Outside the type-checked folders (tsconfig includes examples/), inside the package so 'eiskit' resolves.
    const file = new URL('../node_modules/.cache/eiskit-readme/readme-example.ts', import.meta.url);
    writeTextFile(fileURLToPath(file), block);
    capture();
    await import(/* @vite-ignore */ file.href);
    expect(printed).toContain('lin-KK valid: true');
    expect(printed).toMatch(/ASR per interface 1[45]\d\.\d+ Ω·cm² \(R·A\/2\)/);
    expect(readFileSync(new URL('../examples/out/nyquist.svg', import.meta.url), 'utf8')).toMatch(/^<svg/);
  });
});
