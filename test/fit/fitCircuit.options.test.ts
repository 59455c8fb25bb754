import { describe, expect, it } from 'vitest';
import { snapshotOptions } from '../../src/fit/fitCircuit.js';
import type { FitOptions } from '../../src/fit/types.js';

/** The documented meaning of "JSON-safe copy": what a JSON round trip of each kept value gives. */
const viaJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('snapshotOptions', () => {
  const primitives: [string, unknown][] = [
    ['string', 'modulus'],
    ['true', true],
    ['false', false],
    ['integer', 7],
    ['fraction', 1e-300],
    ['negative', -2.5],
    ['−0 becomes 0', -0],
    ['NaN becomes null', NaN],
    ['∞ becomes null', Infinity],
    ['−∞ becomes null', -Infinity],
  ];
  it.each(primitives)('%s: same as a JSON round trip', (_, v) => {
    const out = snapshotOptions({ seed: v } as unknown as FitOptions) as Record<string, unknown>;
    expect(Object.is(out.seed, viaJson(v))).toBe(true);
  });

  it('objects are deep-copied as JSON; functions, undefined and the registry are dropped; arrays become plain', () => {
    const initial = { R0: -0, R1: NaN, CPE1_1: 0.9 };
    const options = {
      weighting: { re: new Float64Array([1, 2]), im: [3, 4] },
      mask: [true, false],
      initial,
      bounds: { R0: [0, Infinity] },
      tolerances: { gtol: 1e-3, xtol: undefined },
      guess: () => [1],
      elements: {},
      seed: undefined,
      multistart: 2,
    } as unknown as FitOptions;
    const out = snapshotOptions(options);
    expect(out).toEqual({
      weighting: { re: [1, 2], im: [3, 4] },
      mask: [true, false],
      initial: { R0: 0, R1: null, CPE1_1: 0.9 },
      bounds: { R0: [0, null] },
      tolerances: { gtol: 1e-3 },
      multistart: 2,
    });
    expect(Object.keys(out)).toEqual(['weighting', 'mask', 'initial', 'bounds', 'tolerances', 'multistart']);
    expect(out.initial).not.toBe(initial);
  });
});
