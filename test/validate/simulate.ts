import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import type { Spectrum } from '../../src/data/spectrum.js';
import { createRandom, randomNormal } from '../../src/random.js';

/** Log-spaced frequencies from 10^a to 10^b Hz (n points). */
export function logspace(a: number, b: number, n: number): Float64Array {
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = 10 ** (a + ((b - a) * i) / (n - 1));
  return f;
}

/**
 * Simulates `circuit` at `frequency` with relative Gaussian noise σ·|Z| on each
 * part (seeded). With `drift`, parameter `driftIndex` grows by the fraction
 * `drift` over the sweep (high → low frequency, each point lasting
 * max(3 periods, 1 s)): a non-stationary, hence non-KK, spectrum.
 */
export function simulate(
  circuit: string,
  values: number[],
  frequency: Float64Array,
  noise = 0,
  seed = 1,
  drift = 0,
  driftIndex = 0,
): Spectrum {
  const model = compileCircuit(circuit);
  const z = model.evaluate(values, frequency);
  if (drift) {
    const n = frequency.length;
    const t = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += Math.max(3 / frequency[i], 1);
      t[i] = acc;
    }
    for (let i = 0; i < n; i++) {
      const q = values.slice();
      q[driftIndex] *= 1 + (drift * t[i]) / acc;
      const zi = model.evaluate(q, frequency.subarray(i, i + 1));
      z.re[i] = zi.re[0];
      z.im[i] = zi.im[0];
    }
  }
  const random = createRandom(seed);
  for (let i = 0; i < frequency.length; i++) {
    const m = Math.hypot(z.re[i], z.im[i]);
    z.re[i] += noise * m * randomNormal(random);
    z.im[i] += noise * m * randomNormal(random);
  }
  return { frequency, re: z.re, im: z.im };
}
