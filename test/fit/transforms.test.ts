import { describe, expect, it } from 'vitest';
import { chooseTransform, createTransforms, fromNatural, isAtBound, toNatural, transformDerivative, type TransformKind } from '../../src/fit/transforms.js';
import { expectClose } from '../helpers/close.js';

const cases: [TransformKind, number, number, number[]][] = [
  ['identity', -Infinity, Infinity, [-3, 0, 2.5]],
  ['log', 0, Infinity, [1e-12, 1, 3e5]],
  ['log-lower', 1e-3, Infinity, [2e-3, 1, 1e4]],
  ['log-upper', 0, 10, [1e-6, 1, 9.9]],
  ['log-bounded', 1e-9, 1e-3, [2e-9, 1e-6, 9e-4]],
  ['logit', 0, 1, [0.01, 0.5, 0.97]],
  ['lower', -2, Infinity, [-1.5, 0, 100]],
  ['upper', -Infinity, 3, [-100, 0, 2.9]],
];

describe('transforms', () => {
  it.each(cases)('%s on [%d, %d]: fromNatural → toNatural round-trips and dp/dx matches central differences', (kind, lo, hi, values) => {
    const t = createTransforms([kind], [lo], [hi]);
    for (const p of values) {
      const x = fromNatural(t, 0, p);
      expect(Number.isFinite(x)).toBe(true);
      expectClose(toNatural(t, 0, x), p, 1e-9, 1e-12);
      const h = 1e-6 * Math.max(1, Math.abs(x));
      const fd = (toNatural(t, 0, x + h) - toNatural(t, 0, x - h)) / (2 * h);
      expectClose(transformDerivative(t, 0, x), fd, 1e-6, 1e-300);
    }
  });

  it.each(cases)('%s: every x maps inside [lower, upper]', (kind, lo, hi) => {
    const t = createTransforms([kind], [lo], [hi]);
    for (const x of [-700, -30, -1, 0, 1, 30, 700]) {
      const p = toNatural(t, 0, x);
      expect(p >= lo && p <= hi).toBe(true);
    }
  });

  it.each([
    ['log', 0, Infinity, 'log'],
    ['log', 1, Infinity, 'log-lower'],
    ['log', 0, 5, 'log-upper'],
    ['log', 1, 5, 'log-bounded'],
    ['linear', 0, 1, 'logit'],
    ['linear', -Infinity, Infinity, 'identity'],
    ['linear', 0, Infinity, 'lower'],
    ['linear', -Infinity, 0, 'upper'],
    ['log', -1, 1, 'logit'],
  ] as const)('chooseTransform(%s, %d, %d) is %s', (scale, lo, hi, kind) => {
    expect(chooseTransform(scale, lo, hi)).toBe(kind);
  });

  it('values on a bound are moved inside by fromNatural and reported by isAtBound', () => {
    const t = createTransforms(['logit'], [0], [1]);
    expect(Number.isFinite(fromNatural(t, 0, 1))).toBe(true);
    expect(isAtBound(t, 0, 1 - 1e-9)).toBe(true);
    expect(isAtBound(t, 0, 0.5)).toBe(false);
  });
});
