/**
 * Example 09 — a real ZPlot file (`.z`) of a dummy R–(RC) circuit.
 *
 * `impedancepy_Circuit3_EIS_1.z` (impedance.py, MIT) was measured on a dummy
 * circuit whose author knew it to be R–(RC). impedance.py's notebook reports
 * R0 = 1510 Ω, R1 = 4630 Ω, C1 = 2.02e-8 F (unweighted curve_fit). The same
 * unweighted fit from automatic starting values should land on the same
 * numbers.
 *
 * Run: npm run example -- zplot
 */
import { join } from 'node:path';
import { compileCircuit, fitCircuit, nyquistPlot } from 'eiskit';
import { readSpectraFile } from 'eiskit/node';
import { FIXTURES_DIR, fitCurve, writeOut } from './shared.js';

/** Fits the ZPlot file; returns R0, R1, C1. */
export function main(): { R0: number; R1: number; C1: number; converged: boolean } {
  const file = join(FIXTURES_DIR, 'zplot-z/impedancepy_Circuit3_EIS_1.z');
  const spectrum = readSpectraFile(file).spectra[0];
  const model = compileCircuit('R0-p(R1,C1)');
  const fit = fitCircuit(model, spectrum);
  const reference: Record<string, number> = { R0: 1510, R1: 4630, C1: 2.02e-8 };
  console.log(`zplot: ${spectrum.frequency.length} points; fit ${fit.circuit}: converged ${fit.converged}`);
  for (const p of fit.parameters) {
    console.log(`  ${p.key}  ${p.value.toPrecision(4)} ± ${p.stderr?.toPrecision(3)} ${p.unit}   (impedance.py: ${reference[p.key]})`);
  }
  writeOut('09-zplot-nyquist.svg', nyquistPlot([{ data: spectrum, fit: fitCurve(fit, spectrum, model), label: 'dummy R-(RC)' }], { title: 'ZPlot .z dummy circuit', frequencyLabels: true }));
  return { R0: fit.values.R0, R1: fit.values.R1, C1: fit.values.C1, converged: fit.converged };
}
