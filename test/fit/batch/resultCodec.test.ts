import { describe, expect, it } from 'vitest';
import { fitCircuit } from '../../../src/fit/fitCircuit.js';
import type { FitResult } from '../../../src/fit/types.js';
import { decodeFitResults, encodeFitResults, wireTransfer } from '../../../src/fit/batch/resultCodec.js';
import { CIRCUIT, makeSpectra, sameBits } from './makeSpectra.js';

const [A, B] = makeSpectra(2).map((s) => fitCircuit(CIRCUIT, s));
const roundTrip = (results: (FitResult | undefined)[]) => {
  const sent = encodeFitResults(results);
  const wire = structuredClone(sent, { transfer: wireTransfer(sent) });
  const text = JSON.parse(wire.text) as { s: string[]; i: unknown[] };
  return { wire, text, back: decodeFitResults(wire, new Map()) };
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
    const { wire, text, back } = roundTrip(input);
    input.forEach((r, k) => {
      expect(sameBits(back[k], r)).toBeUndefined();
      expect(JSON.stringify(back[k])).toBe(JSON.stringify(r));
      expect(wire.raw?.[k] !== undefined).toBe(!compact);
      expect(text.i[k] !== 0).toBe(compact);
    });
  });

  it('keeps a NaN statistic (no null sentinel there) and leaves failed slots empty', () => {
    const { back } = roundTrip([nanValue, undefined, B]);
    expect(Number.isNaN(back[0]!.statistics.aic)).toBe(true);
    expect(back[1]).toBeUndefined();
    expect(sameBits(back[2], B)).toBeUndefined();
  });

  it('sends the repeated strings once per chunk and moves the numbers buffer', () => {
    const sent = encodeFitResults([A, B, A, B]);
    const bytes = sent.numbers.byteLength;
    const wire = structuredClone(sent, { transfer: wireTransfer(sent) });
    expect(sent.numbers.byteLength).toBe(0); // detached: transferred, not copied
    expect(wire.numbers.byteLength).toBe(bytes);
    expect((JSON.parse(wire.text) as { s: string[] }).s).toHaveLength(1);
    const back = decodeFitResults(wire, new Map());
    [A, B, A, B].forEach((r, k) => expect(sameBits(back[k], r)).toBeUndefined());
  });

  it.each([
    { label: '-0 in options', edit: (r: FitResult) => ({ ...r, options: { initial: { R0: -0 } } }) },
    { label: 'NaN in a warning', edit: (r: FitResult) => ({ ...r, warnings: [{ code: 'X', parameters: [], message: 'm', value: NaN }] }) },
    { label: 'a typed array in an unknown field', edit: (r: FitResult) => ({ ...r, extra: new Float64Array(2) }) },
    { label: 'a NaN stderr (NaN means null on the wire)', edit: (r: FitResult) => ({ ...r, parameters: r.parameters.map((p, j) => (j ? p : { ...p, stderr: NaN })) }) },
  ])('a result with $label travels whole and comes back identical', ({ edit }) => {
    const odd = edit(structuredClone(A)) as FitResult;
    const { wire, back } = roundTrip([B, odd]);
    expect(wire.raw?.[1]).toBeDefined();
    expect(wire.raw?.[0]).toBeUndefined();
    expect(sameBits(back[1], odd)).toBeUndefined();
    expect(Object.is((back[1]!.options as { initial?: { R0?: number } }).initial?.R0, (odd.options as { initial?: { R0?: number } }).initial?.R0)).toBe(true);
    expect(sameBits(back[0], B)).toBeUndefined();
  });
});
