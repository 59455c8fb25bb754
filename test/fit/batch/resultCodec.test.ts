import { describe, expect, it } from 'vitest';
import { fitCircuit } from '../../../src/fit/fitCircuit.js';
import type { FitResult } from '../../../src/fit/types.js';
import { decodeFitResult, encodeFitResults } from '../../../src/fit/batch/resultCodec.js';
import { CIRCUIT, makeSpectra, sameBits } from './makeSpectra.js';

const [A, B] = makeSpectra(2).map((s) => fitCircuit(CIRCUIT, s));
const roundTrip = (results: (FitResult | undefined)[]) => {
  const wire = structuredClone(encodeFitResults(results));
  const cache = new Map();
  return { wire, back: results.map((r, k) => (r ? decodeFitResult(wire, k, cache) : undefined)) };
};

describe('result codec (worker → main thread)', () => {
  const withRole = structuredClone(B);
  (withRole.parameters[1] as { role?: string }).role = 'grain-boundary';
  const withNull = structuredClone(A);
  withNull.parameters[2].stderr = null;
  withNull.parameters[2].ci95 = null;
  withNull.covariance[0][1] = null;
  const extraKey = { ...structuredClone(A), extra: 1 } as FitResult;
  const profiled = structuredClone(A);
  profiled.parameters[0].profile95 = [1, 2];
  const nanValue = structuredClone(A);
  nanValue.statistics.aic = NaN;
  it.each([
    { label: 'plain results', input: [A, B], compact: true },
    { label: 'a role on one parameter (other key order)', input: [withRole], compact: true },
    { label: 'null stderr, ci95 and covariance entries', input: [withNull], compact: true },
    { label: 'an unknown top-level key (carried as is)', input: [extraKey], compact: true },
    { label: 'a profile95 interval (sent raw)', input: [profiled], compact: false },
  ])('encode → structuredClone → decode of $label is identical bit for bit and in key order', ({ input, compact }) => {
    const { wire, back } = roundTrip(input);
    input.forEach((r, k) => {
      expect(sameBits(back[k], r)).toBeUndefined();
      expect(JSON.stringify(back[k])).toBe(JSON.stringify(r));
      expect(wire.items[k] && 'raw' in wire.items[k]!).toBe(!compact);
    });
  });

  it('keeps a NaN statistic (no null sentinel there) and leaves failed slots empty', () => {
    const { back } = roundTrip([nanValue, undefined, B]);
    expect(Number.isNaN(back[0]!.statistics.aic)).toBe(true);
    expect(back[1]).toBeUndefined();
    expect(sameBits(back[2], B)).toBeUndefined();
  });

  it('sends the repeated strings once per chunk', () => {
    const { wire } = roundTrip([A, B, A, B]);
    expect(wire.statics).toHaveLength(1);
  });
});
