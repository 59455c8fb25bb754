import { describe, expect, it } from 'vitest';
import { modulus } from '../../src/internal/complex.js';
import { expectClose } from '../helpers/close.js';

describe('modulus', () => {
  it.each([
    [3, -4, 5],
    [0, 0, 0],
    [-2.5, 0, 2.5],
    [1e-200, 1e-200, Math.SQRT2 * 1e-200],
    [3e200, 4e200, 5e200],
    [1e300, 1e300, Math.SQRT2 * 1e300],
    [5e-324, 0, 5e-324],
  ])('|%d + j%d| = %d, also where a² + b² would overflow or underflow', (a, b, expected) => {
    expectClose(modulus(a, b), expected, 2.3e-16);
    expectClose(modulus(a, b), Math.hypot(a, b), 2.3e-16);
    expect(Number.isFinite(modulus(a, b))).toBe(true);
  });
});
