/**
 * Example 07 — a real Gamry export (`.DTA`).
 *
 * `impedancepy_exampleDataGamry.DTA` is impedance.py's Gamry example (MIT,
 * see test/fixtures/PROVENANCE.md): 72 points, 200 kHz – 16 mHz. The file is
 * read with `readSpectraFile` (format detected from its content), checked
 * with lin-KK, and fitted with two R∥CPE arcs from automatic starting values.
 * The fit warnings are printed as they are: the series resistance is not
 * identifiable from this spectrum (the first arc starts near the origin).
 *
 * Run: npm run example -- gamry
 */
import { join } from 'node:path';
import { compileCircuit, fitCircuit, linKK, nyquistPlot, residualsPlot } from 'eiskit';
import { readSpectraFile } from 'eiskit/node';
import { FIXTURES_DIR, fitCurve, writeOut } from './shared.js';

/** Reads, validates and fits the Gamry file; returns point count, the verdict and the arc resistances. */
export function main(): { points: number; kkValid: boolean; R1: number; R2: number; converged: boolean } {
  const file = join(FIXTURES_DIR, 'gamry-dta/impedancepy_exampleDataGamry.DTA');
  const { spectra, format, warnings } = readSpectraFile(file);
  const spectrum = spectra[0];
  console.log(`${format}: ${spectrum.frequency.length} points; loader warnings: ${warnings.map((w) => w.code).join(', ') || 'none'}`);
  const kk = linKK(spectrum);
  console.log(`lin-KK: ${kk.verdict.valid ? 'valid' : 'invalid'} (M = ${kk.M}, µ = ${kk.mu.toFixed(3)}, noise ≈ ${(100 * kk.noise).toFixed(2)} %)${kk.verdict.reasons.map((r) => `\n  ${r}`).join('')}`);
  const model = compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
  const fit = fitCircuit(model, spectrum, { weighting: 'modulus' });
  console.log(`fit ${fit.circuit}: converged ${fit.converged}, reduced χ² ${fit.statistics.reducedChiSquare.toExponential(2)}`);
  for (const p of fit.parameters) console.log(`  ${p.key.padEnd(7)} ${p.value.toPrecision(4).padStart(10)} ${p.unit.padEnd(9)} ± ${p.stderr === null ? '—' : p.stderr.toPrecision(2)}`);
  for (const w of fit.warnings) console.log(`  warning: ${w.message}`);
  writeOut('07-gamry-nyquist.svg', nyquistPlot([{ data: spectrum, fit: fitCurve(fit, spectrum, model), label: 'Gamry example' }], { title: 'Gamry .DTA (impedance.py example)', frequencyLabels: true }));
  writeOut('07-gamry-residuals.svg', residualsPlot(fit.residuals, { title: 'Gamry example: relative fit residuals' }));
  return { points: spectrum.frequency.length, kkValid: kk.verdict.valid, R1: fit.values.R1, R2: fit.values.R2, converged: fit.converged };
}
