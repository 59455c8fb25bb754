import { expect } from 'vitest';

/**
 * Relative closeness: |a − b| ≤ rel·max(|a|, |b|) + abs.
 */
export function isClose(a: number, b: number, rel = 1e-9, abs = 0): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}

/** Asserts relative closeness with a readable failure message. */
export function expectClose(actual: number, expected: number, rel = 1e-9, abs = 0, label = ''): void {
  if (!isClose(actual, expected, rel, abs)) {
    const r = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
    expect.fail(`${label ? label + ': ' : ''}expected ${actual} ≈ ${expected} (rel ${rel}, abs ${abs}); relative error ${r.toExponential(3)}`);
  }
}

/** Element-wise {@link expectClose}. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-9, abs = 0, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], rel, abs, `${label}[${i}]`);
}

/** Seeded generator (mulberry32) for reproducible tests. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
