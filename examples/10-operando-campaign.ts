/**
 * Example 10 — an operando campaign: a Li|LGPS|Li cell at rest, measured every
 * 3 minutes for 4 days (1921 spectra), fitted on all cores into one table.
 *
 * `fitTable` returns the numbers of every fit (values, standard errors, χ²,
 * flags) as typed-array columns instead of a `FitResult` per spectrum: the
 * same bits as `fitCircuit`, about twice the throughput of `fitBatch` on 2
 * cores. The interphase resistance column becomes the ASR per interface
 * (symmetric cell: ASR = R_int·A/2), and `fitGrowthLaws` ranks the growth laws
 * over the whole campaign, weighted by the fits' standard errors.
 *
 * SYNTHETIC data: the LGPS law of example 05 (ASR = 60 + 35·√(t/h) Ω·cm²,
 * parabolic as reported for LGPS on Li by Wenzel et al., Solid State Ionics
 * 286 (2016) 24), 0.5 mm × 1 cm² pellet, bulk 50 Ω, interphase CPE 1e-5
 * (α 0.9), 1 MHz – 0.1 Hz at 6 points/decade, 0.3 % noise.
 *
 * Run: npm run example -- operando
 */
import { createFitPool, createRandom, fitCircuit, fitGrowthLaws, fitTable, seriesPlot, seriesToCsv, simulateImpedance, tableColumn, tableRows, type Spectrum } from 'eiskit';
import { growthSpectra, logFrequencies, writeOut } from './shared.js';

/** Hours between spectra (3 min) and the campaign length (96 h). */
const STEP_H = 0.05;
const HOURS = 96;

/** What `main` returns (checked by test/examples.test.ts). */
export interface OperandoSummary {
  spectra: number;
  succeeded: number;
  /** Best growth law over the campaign, and its rate constant k (Ω·cm²/√h) with standard error. */
  law: string;
  k: number;
  kStderr: number;
  /** True ASR at the last time and the fitted ASR there. */
  finalAsrTrue: number;
  finalAsr: number;
  /** Rows compared with a fresh fitCircuit of the same spectrum, and how many agreed bit for bit. */
  checked: number;
  identical: number;
  fitsPerSecond: number;
}

/** The campaign's spectra (`meta.time` in h) and the true ASR per interface of each. */
export function operandoSpectra(seed = 10): { spectra: Spectrum[]; times: number[]; asr: number[]; circuit: string; area: number } {
  const { cell, circuit } = growthSpectra('lgps');
  const areaCm2 = cell.area * 1e4;
  const f = logFrequencies(1e6, 0.1, 6);
  const random = createRandom(seed);
  const times = Array.from({ length: Math.round(HOURS / STEP_H) + 1 }, (_, i) => i * STEP_H);
  const asr = times.map((t) => 60 + 35 * Math.sqrt(t));
  const spectra = times.map((t, i) => {
    const s = simulateImpedance(circuit, { R_b: 50, R_int: (2 * asr[i]) / areaCm2, CPE_int_0: 1e-5, CPE_int_1: 0.9 }, f, {
      noise: { type: 'proportional', sigma: 0.003 },
      random,
    });
    s.meta = { time: t };
    return s;
  });
  return { spectra, times, asr, circuit, area: areaCm2 };
}

/** Fits the campaign into a table, derives the ASR per interface and its growth law. */
export async function main(): Promise<OperandoSummary> {
  const { spectra, times, asr: truth, circuit, area } = operandoSpectra();
  const pool = await createFitPool(); // one worker per core; warm for every later call
  let table;
  const t0 = performance.now();
  try {
    table = await fitTable(spectra, circuit, { pool });
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${table.count} spectra (every ${STEP_H * 60} min for ${HOURS} h) fitted on ${table.workers} workers in ${seconds.toFixed(2)} s, pool start-up and warm-up included`);
  console.log(`  ${table.succeeded} fitted, ${table.failed} failed, ${table.converged.filter((c) => c === 1).length} converged; columns: ${table.keys.join(', ')}`);

  // Symmetric cell: the interphase arc holds both Li|LGPS interfaces, so ASR per interface = R_int·A/2.
  const rInt = tableColumn(table, 'R_int');
  const rIntErr = tableColumn(table, 'R_int', 'stderr');
  const asr = Array.from(rInt, (r) => (r * area) / 2);
  const asrErr = Array.from(rIntErr, (s) => (s * area) / 2);
  const growth = fitGrowthLaws(times, asr, { stderr: asrErr });
  for (const g of growth.fits) {
    console.log(`  ${g.law.padEnd(14)} ΔAICc ${g.deltaAicc.toFixed(1).padStart(9)}  ${g.parameters.map((p) => `${p.name} = ${p.value.toPrecision(4)} ± ${p.stderr.toPrecision(2)}`).join(', ')}`);
  }
  const k = growth.best.parameters.find((p) => p.name === 'k');
  console.log(`  best law: ${growth.best.law} (${growth.best.formula}); truth: ASR = 60 + 35·√t Ω·cm² (ASR per interface = R_int·A/2)`);
  const last = times.length - 1;
  console.log(`  ASR per interface at ${HOURS} h: ${asr[last].toFixed(1)} ± ${asrErr[last].toFixed(1)} Ω·cm² (true ${truth[last].toFixed(1)})`);

  // Any row can be reproduced with fitCircuit, bit for bit, to look at its residuals and covariance.
  const P = table.keys.length;
  const sample = [0, 960, last];
  let identical = 0;
  for (const i of sample) {
    const r = fitCircuit(circuit, spectra[i]);
    const same = r.valueArray.every((v, p) => Object.is(v, table.values[i * P + p])) && Object.is(r.statistics.chiSquare, table.chiSquare[i]);
    if (same) identical++;
  }
  console.log(`  rows ${sample.join(', ')} refitted with fitCircuit: ${identical} of ${sample.length} identical bit for bit`);

  // One CSV row per spectrum: time (from meta), status, χ², every value with its standard error, warning codes.
  const csv = writeOut('10-operando-fits.csv', seriesToCsv(tableRows(table, spectra)));
  console.log(`  wrote ${csv.split(/[\\/]/).slice(-3).join('/')} (${table.count} rows)`);

  const every = (a: number[]) => a.filter((_, i) => i % 10 === 0);
  writeOut(
    '10-operando-asr.svg',
    seriesPlot({ time: every(times).map((t) => t * 3600), value: every(asr), error: every(asrErr), label: 'Li|LGPS|Li, every 10th spectrum' }, { title: 'ASR per interface during 96 h at rest (SYNTHETIC)', yLabel: 'ASR per interface / Ω·cm²', timeUnit: 'h' }),
  );
  return {
    spectra: table.count,
    succeeded: table.succeeded,
    law: growth.best.law,
    k: k?.value ?? NaN,
    kStderr: k?.stderr ?? NaN,
    finalAsrTrue: truth[last],
    finalAsr: asr[last],
    checked: sample.length,
    identical,
    fitsPerSecond: table.count / seconds,
  };
}
