/**
 * `npm run demo` — eiskit end to end on a bundled spectrum.
 *
 * examples/data/li-llzo-li_25C_synthetic.csv is a SYNTHETIC Li|LLZO|Li
 * symmetric cell at 25 °C (1.00 mm thick, 0.785 cm², 0.5 % noise; its truth
 * is documented in examples/data/make-demo-data.ts): R_b 210 Ω,
 * R_gb 150 Ω, R_int 382 Ω → ASR 150 Ω·cm² per interface.
 *
 * Steps: load → lin-KK → fit with automatic starting values (no initial
 * guesses) → σ, ASR per interface, capacitances and arc labels → SVG and
 * HTML files in examples/out/ → the report table. Then one real instrument
 * file (impedance.py's Gamry example) goes through the same path.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  bodePlot,
  compileCircuit,
  computeDrt,
  createCell,
  deriveProperties,
  drtPlot,
  fitCircuit,
  formatFitReport,
  linKK,
  nyquistPlot,
  renderReport,
  residualsPlot,
  type FitResult,
  type SolidStateProperties,
  type Spectrum,
} from 'eiskit';
import { readSpectraFile } from 'eiskit/node';
import { DATA_DIR, FIXTURES_DIR, fitCurve, reportInputFor, writeOut } from './shared.js';

const fmt = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? '—' : Math.abs(v) < 1e-2 || Math.abs(v) >= 1e5 ? v.toExponential(digits - 1) : v.toPrecision(digits));

/** Prints the fit report table (the library's formatFitReport), indented. */
function printParameters(fit: FitResult): void {
  console.log(formatFitReport(fit).replace(/^/gm, '  '));
}

/** Prints σ, ASR, capacitances and labels. */
function printProperties(p: SolidStateProperties): void {
  console.log('  arcs (high → low frequency):');
  for (const a of p.arcs) {
    console.log(`    ${a.elements.join('∥').padEnd(10)} ${(a.role ?? 'unlabelled').padEnd(16)} R ${fmt(a.resistance).padEnd(8)} Ω  C_eff ${fmt(a.capacitance)} F  f0 ${fmt(a.frequency)} Hz`);
  }
  const q = (label: string, d: { value: number; stderr: number | null; unit: string } | null) => d && console.log(`  ${label.padEnd(34)} ${fmt(d.value)} ± ${fmt(d.stderr, 2)} ${d.unit}`);
  q('σ bulk', p.conductivity.bulk);
  q('σ grain boundary (apparent)', p.conductivity.grainBoundary);
  q('σ total', p.conductivity.total);
  for (const i of p.interfaces) q(`ASR per interface (${i.key}, ${i.role})`, i.asr);
  for (const n of p.notes) console.log(`  note: ${n}`);
}

/** Dense model curve for the plot. */
function curve(fit: FitResult, spectrum: Spectrum) {
  return fitCurve(fit, spectrum, compileCircuit(fit.circuit));
}

/** Runs the demo; returns the key numbers (used by the test). */
export function main(): { kkValid: boolean; converged: boolean; R0: number; R1: number; R2: number; asr: number; sigmaTotal: number; files: string[]; gamryConverged: boolean } {
  const files: string[] = [];
  // 1. Load (format detected from content: a BioLogic-style CSV export).
  const path = join(DATA_DIR, 'li-llzo-li_25C_synthetic.csv');
  const loaded = readSpectraFile(path);
  const spectrum = loaded.spectra[0];
  console.log(`1. loaded ${path.split(/[\\/]/).pop()}: ${loaded.format}, ${spectrum.frequency.length} points, ${fmt(spectrum.frequency[0])} Hz → ${fmt(spectrum.frequency[spectrum.frequency.length - 1])} Hz`);

  // 2. Lin-KK: is the spectrum linear, causal and stationary?
  const kk = linKK(spectrum);
  console.log(`2. lin-KK: ${kk.verdict.valid ? 'VALID' : 'INVALID'} (M = ${kk.M}, µ = ${kk.mu.toFixed(3)}, noise ≈ ${(100 * kk.noise).toFixed(2)} %)`);

  // 3. Fit with automatic starting values: no initial guesses given.
  const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
  const fit = fitCircuit(circuit, spectrum);
  console.log(`3. fit ${circuit}: ${fit.converged ? 'converged' : 'NOT converged'} in ${fit.iterations} iterations, reduced χ² ${fmt(fit.statistics.reducedChiSquare)}`);
  printParameters(fit);

  // 4. Solid-state analysis: Li|LLZO|Li, 1.00 mm, 0.785 cm², symmetric.
  const cell = createCell({ area: '0.785 cm^2', thickness: '1.00 mm', electrode: 'non-blocking', electrodeMaterial: 'Li', electrolyte: 'LLZO', symmetric: true });
  const props = deriveProperties(fit, cell);
  console.log('4. derived properties (symmetric cell: ASR per interface = R·A/2):');
  printProperties(props);

  // 5. Plots and the HTML report.
  const model = curve(fit, spectrum);
  const drt = computeDrt(spectrum);
  const drtSvg = drtPlot({ tau: drt.tau, gamma: drt.gamma }, { id: 'drt', title: 'DRT γ(τ)', peaks: drt.peaks.map((p) => ({ tau: p.tau })) });
  files.push(writeOut('demo-nyquist.svg', nyquistPlot([{ data: spectrum, fit: model, label: 'Li|LLZO|Li 25 °C' }], { title: 'Li|LLZO|Li, 25 °C (synthetic)', frequencyLabels: true })));
  files.push(writeOut('demo-bode.svg', bodePlot([{ data: spectrum, fit: model, label: 'Li|LLZO|Li 25 °C' }], { title: 'Bode' })));
  files.push(writeOut('demo-residuals.svg', residualsPlot(fit.residuals, { title: 'Relative residuals of the fit' })));
  files.push(writeOut('demo-drt.svg', drtSvg));
  const report = reportInputFor('Li|LLZO|Li, 25 °C (synthetic demo spectrum)', spectrum, kk, fit, props, [{ title: 'Distribution of relaxation times', svg: drtSvg }]);
  files.push(writeOut('demo-report.html', renderReport(report)));
  console.log(`5. wrote ${files.map((f) => f.split(/[\\/]/).slice(-2).join('/')).join(', ')}`);

  // 6. A real instrument file through the same path.
  const gamryPath = join(FIXTURES_DIR, 'gamry-dta/impedancepy_exampleDataGamry.DTA');
  const gamry = readSpectraFile(gamryPath).spectra[0];
  const gkk = linKK(gamry);
  const gfit = fitCircuit('R0-p(R1,CPE1)-p(R2,CPE2)', gamry, { weighting: 'modulus' });
  console.log(`6. real Gamry file (impedance.py example, ${gamry.frequency.length} points): lin-KK ${gkk.verdict.valid ? 'valid' : 'invalid'}; fit ${gfit.converged ? 'converged' : 'NOT converged'}`);
  printParameters(gfit);
  files.push(writeOut('demo-gamry-nyquist.svg', nyquistPlot([{ data: gamry, fit: curve(gfit, gamry), label: 'Gamry example' }], { title: 'Gamry .DTA (impedance.py example)' })));

  const asr = props.interfaces[0]?.asr.value ?? NaN;
  return {
    kkValid: kk.verdict.valid,
    converged: fit.converged,
    R0: fit.values.R0,
    R1: fit.values.R1,
    R2: fit.values.R2,
    asr,
    sigmaTotal: props.conductivity.total?.value ?? NaN,
    files,
    gamryConverged: gfit.converged,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = performance.now();
  main();
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
