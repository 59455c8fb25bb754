/**
 * Example 05 — interphase growth on lithium: Li10GeP2S12 against Li7P3S11.
 *
 * LGPS is reduced by lithium continuously (the interphase keeps growing,
 * ASR ∝ √t); Li7P3S11 forms a self-limiting interphase. Seventeen synthetic
 * spectra over 48 h per electrolyte are fitted as a series, the ASR per
 * interface is extracted (symmetric: R·A/2), and `fitGrowthLaws` ranks
 * constant, linear, parabolic, self-limiting and step laws by AICc.
 *
 * Run: npm run example -- growth
 */
import { fitGrowthLaws, fitSeries, nyquistPlot, seriesPlot, type GrowthLaw, type TrendSeries } from 'eiskit';
import { GROWTH_TIMES, growthSpectra, writeOut } from './shared.js';

/** Fits both series and returns the best growth law of each. */
export function main(): { lgps: GrowthLaw; li7p3s11: GrowthLaw; lgpsFinalAsr: number } {
  const best: Record<string, GrowthLaw> = {};
  let lgpsFinalAsr = NaN;
  const trends: TrendSeries[] = [];
  for (const kind of ['lgps', 'li7p3s11'] as const) {
    const g = growthSpectra(kind);
    const series = fitSeries(g.spectra, g.circuit, { cell: g.cell });
    const asr = series.points.map((p) => p.properties!.interfaces[0].asr.value);
    const asrErr = series.points.map((p) => p.properties!.interfaces[0].asr.stderr ?? 0);
    const laws = fitGrowthLaws(GROWTH_TIMES, asr);
    best[kind] = laws.best.law;
    trends.push({ time: GROWTH_TIMES.map((t) => t * 3600), value: asr, error: asrErr, label: `${kind === 'lgps' ? 'Li10GeP2S12' : 'Li7P3S11'} (${laws.best.law})` });
    if (kind === 'lgps') lgpsFinalAsr = asr[asr.length - 1];
    console.log(g.label);
    console.log(`  ASR per interface: ${asr.map((a) => a.toFixed(0)).join(', ')} Ω·cm² at t = ${GROWTH_TIMES.join(', ')} h`);
    for (const f of laws.fits) {
      console.log(`  ${f.law.padEnd(14)} ΔAICc ${f.deltaAicc.toFixed(1).padStart(7)}  weight ${f.weight.toFixed(3)}  ${f.parameters.map((p) => `${p.name} = ${p.value.toPrecision(3)}`).join(', ')}`);
    }
    console.log(`  best law: ${laws.best.law} (${laws.best.formula})`);
    writeOut(`05-${kind}-nyquist.svg`, nyquistPlot(g.spectra.filter((_, i) => i % 4 === 0).map((s) => ({ data: s, label: s.meta?.label })), { title: g.label }));
  }
  writeOut('05-growth-asr.svg', seriesPlot(trends, { title: 'ASR per interface at rest', yLabel: 'ASR per interface / Ω·cm²', timeUnit: 'h' }));
  return { lgps: best.lgps, li7p3s11: best.li7p3s11, lgpsFinalAsr };
}
