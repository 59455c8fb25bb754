/**
 * Regenerates examples/data/li-llzo-li_25C_synthetic.csv, the bundled demo
 * spectrum: a SYNTHETIC Li|LLZO|Li symmetric cell (no public raw LLZO file
 * exists in the corpus; see test/fixtures/PROVENANCE.md). Parameters are
 * typical literature magnitudes for Ta-doped LLZO at 25 °C, pellet 1.00 mm
 * thick, 10 mm diameter (0.785 cm²):
 *
 *   R_b   = 210 Ω   (bulk; its arc lies above 7 MHz at 25 °C, so it appears as a series resistance)
 *   R_gb  = 150 Ω, CPE_gb  Q = 5e-9 Ω⁻¹sᵅ, α = 0.90   (grain boundary)
 *   R_int = 382 Ω, CPE_int Q = 3e-6 Ω⁻¹sᵅ, α = 0.85   (two Li|LLZO interfaces: ASR = 150 Ω·cm² each)
 *
 * 0.5 % proportional Gaussian noise, seed 2026, 7 MHz → 0.1 Hz at 10 points per decade.
 * Written like a BioLogic CSV export (`freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm`).
 *
 * Run: npx tsx --conditions=source examples/data/make-demo-data.ts
 */
import { writeFileSync } from 'node:fs';
import { compileCircuit, createRandom, randomNormal } from 'eiskit';

const model = compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
const truth = [210, 150, 5e-9, 0.9, 382, 3e-6, 0.85];
const decades = Math.log10(7e6 / 0.1);
const n = Math.round(decades * 10) + 1;
const frequency = Float64Array.from({ length: n }, (_, i) => 7e6 * 10 ** (-i / 10));
const z = model.evaluate(truth, frequency);
const random = createRandom(2026);
const lines = ['freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm'];
for (let i = 0; i < n; i++) {
  const mod = Math.hypot(z.re[i], z.im[i]);
  const re = z.re[i] + 0.005 * mod * randomNormal(random);
  const im = z.im[i] + 0.005 * mod * randomNormal(random);
  lines.push(`${frequency[i].toPrecision(7)},${re.toPrecision(7)},${(-im).toPrecision(7)}`);
}
writeFileSync(new URL('./li-llzo-li_25C_synthetic.csv', import.meta.url), lines.join('\n') + '\n');
console.log(`wrote ${n} points`);
