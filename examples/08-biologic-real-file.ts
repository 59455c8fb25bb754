/**
 * Example 08 — a real BioLogic EC-Lab export (`.mpt`).
 *
 * `impedancepy_exampleDataBioLogic.mpt` is impedance.py's BioLogic example
 * (MIT, see test/fixtures/PROVENANCE.md): 43 points. It is fitted with
 * R0-p(R1,CPE1) from automatic starting values and modulus weighting, and
 * the effective capacitance of the arc is computed with Brug's formula.
 *
 * Run: npm run example -- biologic
 */
import { join } from 'node:path';
import { compileCircuit, effectiveCapacitance, fitCircuit, nyquistPlot } from 'eiskit';
import { readSpectraFile } from 'eiskit/node';
import { FIXTURES_DIR, fitCurve, writeOut } from './shared.js';

/** Fits the BioLogic file; returns the resistances and the arc's effective capacitance. */
export function main(): { points: number; R0: number; R1: number; capacitance: number; converged: boolean } {
  const file = join(FIXTURES_DIR, 'biologic-mpt/impedancepy_exampleDataBioLogic.mpt');
  const { spectra, format, rows } = readSpectraFile(file);
  const spectrum = spectra[0];
  console.log(`${format}: ${spectrum.frequency.length} points (${rows.read} rows read, ${rows.skipped} skipped)`);
  const model = compileCircuit('R0-p(R1,CPE1)');
  const fit = fitCircuit(model, spectrum, { weighting: 'modulus' });
  const v = fit.values;
  const c = effectiveCapacitance(v.CPE1_0, v.CPE1_1, v.R1);
  console.log(`fit ${fit.circuit}: converged ${fit.converged}, reduced χ² ${fit.statistics.reducedChiSquare.toExponential(2)}`);
  for (const p of fit.parameters) console.log(`  ${p.key.padEnd(7)} ${p.value.toPrecision(4).padStart(10)} ${p.unit.padEnd(9)} 95% CI [${p.ci95?.map((x) => x.toPrecision(4)).join(', ')}]`);
  console.log(`  effective capacitance of R1∥CPE1 (Brug 1984): ${c.toExponential(3)} F`);
  writeOut('08-biologic-nyquist.svg', nyquistPlot([{ data: spectrum, fit: fitCurve(fit, spectrum, model), label: 'BioLogic example' }], { title: 'BioLogic .mpt (impedance.py example)' }));
  return { points: spectrum.frequency.length, R0: v.R0, R1: v.R1, capacitance: c, converged: fit.converged };
}
