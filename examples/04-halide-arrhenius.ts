/**
 * Example 04 — Arrhenius series of the halide electrolytes Li3YCl6 and Li3YBr6.
 *
 * Published (Asano et al. 2018): σ(25 °C) 0.51 and 0.72 mS/cm, Ea 0.40 and
 * 0.37 eV. Seven synthetic spectra per material (−20…100 °C) are fitted as a
 * warm-started series (`fitSeries`), and σ_total(T) goes into
 * `fitArrhenius` in the form σ = σ0·exp(−Ea/kT) (form stated in the output).
 *
 * Run: npm run example -- halide
 */
import { arrheniusPlot, fitArrhenius, fitSeries, nyquistPlot, type ArrheniusSeries } from 'eiskit';
import { halideSeries, writeOut } from './shared.js';

/** Fits both series and returns their activation energies (eV). */
export function main(): { eaCl: number; eaBr: number; sigma25Cl: number } {
  const result: Record<string, { ea: number; sigma25: number }> = {};
  const arrhenius: ArrheniusSeries[] = [];
  for (const material of ['Li3YCl6', 'Li3YBr6'] as const) {
    const hs = halideSeries(material);
    const series = fitSeries(hs.spectra, hs.circuit, { cell: hs.cell, weighting: 'modulus' });
    const sigma = series.points.map((p) => p.properties!.conductivity.total!);
    const arr = fitArrhenius(
      { temperature: hs.celsius, value: sigma.map((s) => s.value), stderr: sigma.map((s) => s.stderr) },
      { form: 'sigma', temperatureUnit: 'C' },
    );
    const ea = arr.ea;
    const sigma25 = arr.prefactor.value * Math.exp(-ea.value / (8.617333262e-5 * 298.15));
    result[material] = { ea: ea.value, sigma25 };
    arrhenius.push({
      temperature: hs.celsius.map((c) => c + 273.15),
      conductivity: sigma.map((s) => s.value),
      conductivityStderr: sigma.map((s) => s.stderr ?? 0),
      fit: { activationEnergy: ea.value, prefactor: arr.prefactor.value, activationEnergyStderr: ea.stderr },
      label: material,
    });
    console.log(hs.label);
    console.log(`  ${series.points.filter((p) => p.fit.converged).length}/${series.points.length} fits converged; ${arr.formula}`);
    for (const [i, s] of sigma.entries()) console.log(`  ${String(hs.celsius[i]).padStart(4)} °C  σ_total ${s.value.toExponential(3)} S/cm`);
    console.log(
      `  Ea = ${ea.value.toFixed(3)} ± ${ea.stderr.toPrecision(2)} eV (${arr.eaKJPerMol.value.toFixed(1)} kJ/mol), truth ${hs.ea} eV; σ(25 °C) = ${(sigma25 * 1e3).toFixed(3)} mS/cm, truth ${(hs.sigma25 * 1e3).toFixed(2)}`,
    );
    writeOut(
      `04-${material}-nyquist.svg`,
      nyquistPlot(
        hs.spectra.map((s, i) => ({ data: s, label: `${hs.celsius[i]} °C` })),
        { title: `${material}: spectra −20…100 °C` },
      ),
    );
  }
  writeOut('04-halide-arrhenius.svg', arrheniusPlot(arrhenius, { title: 'Halide electrolytes: σ_total against 1000/T', form: 'sigma' }));
  console.log('  wrote examples/out/04-halide-arrhenius.svg and the Nyquist plots');
  return { eaCl: result.Li3YCl6.ea, eaBr: result.Li3YBr6.ea, sigma25Cl: result.Li3YCl6.sigma25 };
}
