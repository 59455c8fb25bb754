import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpectra } from '../../src/data/parseSpectra.js';
import { baseName, FIXTURE_FILES, FIXTURES, fixtureBytes } from './fixtures.js';

// pyimpspec's control spectrum (Boukamp TC-1 circuit, 29 points 10 kHz → 1 Hz).
const control = JSON.parse(readFileSync(FIXTURES + 'expected/pyimpspec_control_data.json', 'utf8')) as Record<string, Record<string, number>>;
const col = (k: string): number[] => Object.keys(control[k]).sort((a, b) => Number(a) - Number(b)).map((i) => control[k][i]);
const F = col('f (Hz)');
const RE = col('Re(Z) (ohm)');
const IM = col('Im(Z) (ohm)');

// Relative tolerance per file from the digits it stores (|ΔZ| ≤ tol·|Z|, |Δf| ≤ tol·f).
const ROUNDING: [RegExp, number][] = [
  [/\.P00$/, 1e-3], // mantissas like 11.210e+01: 4 significant digits in practice
  [/\.(idf|ids)$/, 1e-5], // 6 significant digits
  [/\.z$/, 1e-6], // 7 significant digits
  [/\.mpt$/, 1e-7], // 8 significant digits
  [/./, 1e-10], // full precision (the control itself holds 10 decimals)
];

const files = FIXTURE_FILES.filter((f) => baseName(f).startsWith('pyimpspec_') && !/drift-corrected/.test(f));

describe('cross-format: every pyimpspec file carries the same Boukamp TC-1 spectrum', () => {
  it('covers the 16 control-carrying files', () => {
    expect(files.length).toBe(16);
    expect(F.length).toBe(29);
  });

  it.each(files)('%s agrees with the control within its rounding', (rel) => {
    const tol = ROUNDING.find(([re]) => re.test(rel))![1];
    const { spectra } = parseSpectra(fixtureBytes(rel), { fileName: baseName(rel) });
    expect(spectra.length).toBeGreaterThanOrEqual(1);
    for (const s of spectra) {
      expect(s.frequency.length).toBe(29);
      for (let i = 0; i < 29; i++) {
        const dz = Math.hypot(s.re[i] - RE[i], s.im[i] - IM[i]);
        const mod = Math.hypot(RE[i], IM[i]);
        if (Math.abs(s.frequency[i] - F[i]) > tol * F[i] || dz > tol * mod) {
          expect.fail(`${rel} point ${i}: f ${s.frequency[i]} vs ${F[i]}, Z ${s.re[i]}${s.im[i]}j vs ${RE[i]}${IM[i]}j (tol ${tol})`);
        }
      }
    }
  });
});
