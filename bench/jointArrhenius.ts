// Joint vs two-step Arrhenius on the synthetic Li3YBr6 / Li3YCl6 temperature series:
// interval coverage and width over seeded replicates, plus median timings.
// Run: npx tsx --conditions=source bench/jointArrhenius.ts [replicates]
import { fitArrhenius } from '../src/analysis/arrhenius.js';
import { deriveProperties } from '../src/analysis/deriveProperties.js';
import { fitJointArrhenius } from '../src/analysis/jointArrhenius.js';
import { fitCircuit } from '../src/fit/fitCircuit.js';
import { halideSeries } from '../test/analysis/scenarios.js';

const reps = Number(process.argv[2] ?? 200);
const SHARED = ['CPE_gb_0', 'CPE_gb_1', 'CPE_el_0', 'CPE_el_1'];
const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];

for (const material of ['Li3YBr6', 'Li3YCl6'] as const) {
  let cTwo = 0;
  let cJoint = 0;
  let cJointGb = 0;
  const wTwo: number[] = [];
  const wJoint: number[] = [];
  const tFits: number[] = [];
  const tJoint: number[] = [];
  for (let r = 0; r < reps; r++) {
    const s = halideSeries(material, 10000 + r);
    const t0 = performance.now();
    const fits = s.spectra.map((sp, i) => fitCircuit(s.circuit, sp, { weighting: 'modulus', initial: s.truth[i] }));
    const t1 = performance.now();
    const two = fitArrhenius(
      { temperature: s.celsius, value: fits.map((f) => f.values.R_b), stderr: fits.map((f) => f.parameters[0].stderr) },
      { form: 'resistance', temperatureUnit: 'C' },
    );
    const t2 = performance.now();
    const joint = fitJointArrhenius(s.spectra, s.circuit, { arrhenius: ['R_b', 'R_gb'], shared: SHARED, start: fits });
    const t3 = performance.now();
    tFits.push(t1 - t0);
    tJoint.push(t3 - t2);
    const e = s.expected.ea;
    const [b, g] = joint.activation;
    if (two.ea.ci[0] <= e && e <= two.ea.ci[1]) cTwo++;
    if (b.ea.ci[0] <= e && e <= b.ea.ci[1]) cJoint++;
    if (g.ea.ci[0] <= e && e <= g.ea.ci[1]) cJointGb++;
    wTwo.push(two.ea.ci[1] - two.ea.ci[0]);
    wJoint.push(b.ea.ci[1] - b.ea.ci[0]);
  }
  console.log(
    `${material}: ${reps} replicates; coverage of the 95 % interval: two-step (R_b) ${(100 * cTwo / reps).toFixed(1)} %, ` +
      `joint R_b ${(100 * cJoint / reps).toFixed(1)} %, joint R_gb ${(100 * cJointGb / reps).toFixed(1)} %; ` +
      `median width two-step ${median(wTwo).toFixed(4)} eV, joint ${median(wJoint).toFixed(4)} eV (ratio ${(median(wJoint) / median(wTwo)).toFixed(2)}); ` +
      `median time: 7 per-temperature fits ${median(tFits).toFixed(1)} ms, joint fit ${median(tJoint).toFixed(1)} ms`,
  );
}

// deriveProperties cost on one fit.
const s = halideSeries('Li3YCl6', 1);
const fit = fitCircuit(s.circuit, s.spectra[2], { weighting: 'modulus' });
const times: number[] = [];
for (let i = 0; i < 2000; i++) {
  const t0 = performance.now();
  deriveProperties(fit, s.cell);
  times.push(performance.now() - t0);
}
console.log(`deriveProperties: median ${(median(times) * 1000).toFixed(1)} µs per call`);
