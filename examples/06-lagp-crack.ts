/**
 * Example 06 — a crack in Li|LAGP|Li.
 *
 * Published: the ASR jumps from 2.81 to 6.80 kΩ·cm² when the LAGP pellet
 * cracks. The synthetic series puts the event at 11 h; `fitGrowthLaws`
 * must prefer the `step` law over smooth growth and locate the step.
 *
 * Run: npm run example -- lagp
 */
import { fitGrowthLaws, fitSeries, seriesPlot } from 'eiskit';
import { GROWTH_TIMES, growthSpectra, writeOut } from './shared.js';

/** Fits the series and returns the detected law, step time and the two levels. */
export function main(): { law: string; tStep: number; before: number; after: number } {
  const g = growthSpectra('lagp-crack');
  const series = fitSeries(g.spectra, g.circuit, { cell: g.cell });
  const asr = series.points.map((p) => p.properties!.interfaces[0].asr.value);
  const laws = fitGrowthLaws(GROWTH_TIMES, asr);
  const step = laws.fits.find((f) => f.law === 'step')!;
  const p = Object.fromEntries(step.parameters.map((x) => [x.name, x]));
  console.log(g.label);
  console.log(`  best law ${laws.best.law} (Akaike weight ${laws.best.weight.toFixed(3)})`);
  console.log(
    `  ASR ${p.R1.value.toFixed(0)} ± ${p.R1.stderr.toFixed(0)} → ${p.R2.value.toFixed(0)} ± ${p.R2.stderr.toFixed(0)} Ω·cm² at t between ${p.tStep.ci95[0]} and ${p.tStep.ci95[1]} h (published 2810 → 6800 Ω·cm²)`,
  );
  const err = series.points.map((q) => q.properties!.interfaces[0].asr.stderr ?? 0);
  writeOut('06-lagp-asr.svg', seriesPlot({ time: GROWTH_TIMES.map((t) => t * 3600), value: asr, error: err, label: 'Li|LAGP|Li' }, { title: 'LAGP crack: ASR per interface', yLabel: 'ASR per interface / Ω·cm²', timeUnit: 'h' }));
  return { law: laws.best.law, tStep: p.tStep.value, before: p.R1.value, after: p.R2.value };
}
