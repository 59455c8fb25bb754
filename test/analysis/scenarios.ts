// Reusable synthetic scenarios of the solid-state analysis tests (also the seed
// of the bundled examples). Published figures are quoted from the review
// literature on solid-state interfaces; everything marked SYNTHETIC is an
// assumption made to build a spectrum and is labelled as such.
import { createRandom, randomNormal } from '../../src/random.js';

/** An ASR(t) series with its true law. */
export interface GrowthSeries {
  /** Description, with SYNTHETIC marking the assumed constants. */
  label: string;
  /** Times in h. */
  time: number[];
  /** ASR per interface in Ω·cm² (noisy). */
  asr: number[];
  /** The true law and its constants (Ω·cm², h). */
  truth: { law: string; R0?: number; k?: number; Rinf?: number; tau?: number; R1?: number; R2?: number; tStep?: number };
}

const GROWTH_TIMES = [0, 0.5, 1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 30, 36, 42, 48];

/**
 * Interfacial-resistance series with 1 % relative Gaussian noise (seeded):
 * - `lgps`: Li|Li10GeP2S12|Li, continuous (parabolic) interphase growth,
 *   ASR = 60 + 35·√(t/h) Ω·cm² (SYNTHETIC constants; the √t law follows Wenzel et al. 2016);
 * - `li7p3s11`: Li|Li7P3S11|Li, self-limiting, ASR = 400 − 250·exp(−t/5 h) Ω·cm² (SYNTHETIC constants);
 * - `lagp-crack`: Li|LAGP|Li, step from 2.81 to 6.80 kΩ·cm² (published figures) at t = 11 h (SYNTHETIC time).
 */
export function growthSeries(kind: 'lgps' | 'li7p3s11' | 'lagp-crack', seed: number, relativeNoise = 0.01): GrowthSeries {
  const random = createRandom(seed);
  const noisy = (v: number) => v * (1 + relativeNoise * randomNormal(random));
  if (kind === 'lgps') {
    const truth = { law: 'parabolic', R0: 60, k: 35 };
    return { label: 'Li|LGPS|Li, SYNTHETIC parabolic growth constants', time: GROWTH_TIMES, asr: GROWTH_TIMES.map((t) => noisy(60 + 35 * Math.sqrt(t))), truth };
  }
  if (kind === 'li7p3s11') {
    const truth = { law: 'self-limiting', R0: 150, Rinf: 400, tau: 5 };
    return {
      label: 'Li|Li7P3S11|Li, SYNTHETIC self-limiting constants',
      time: GROWTH_TIMES,
      asr: GROWTH_TIMES.map((t) => noisy(400 - 250 * Math.exp(-t / 5))),
      truth,
    };
  }
  const truth = { law: 'step', R1: 2810, R2: 6800, tStep: 11 };
  return {
    label: 'Li|LAGP|Li crack event: 2.81 → 6.80 kΩ·cm² (published), SYNTHETIC event time 11 h',
    time: GROWTH_TIMES,
    asr: GROWTH_TIMES.map((t) => noisy(t < 11 ? 2810 : 6800)),
    truth,
  };
}
