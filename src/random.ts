/**
 * Seeded randomness. eiskit never calls `Math.random` inside computations:
 * every function that needs randomness takes a generator, so results are
 * reproducible.
 *
 * @module
 */

/** A uniform generator on [0, 1). */
export type RandomSource = () => number;

/**
 * Seeded uniform generator on [0, 1) (mulberry32, 32-bit state).
 *
 * Reference: T. Ettinger, "mulberry32" (2017), a SplitMix-style 32-bit mixer.
 *
 * @param seed - any integer
 * @returns a generator; equal seeds give equal sequences
 * @example
 * ```ts
 * const random = createRandom(42);
 * random(); // 0.6011037519201636
 * ```
 */
export function createRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal deviate N(0, 1) by the Box–Muller transform.
 *
 * Reference: Box & Muller, Ann. Math. Statist. 29 (1958) 610.
 *
 * @param random - uniform generator
 * @returns one normal deviate
 * @example
 * ```ts
 * const z = randomNormal(createRandom(1));
 * ```
 */
export function randomNormal(random: RandomSource): number {
  let u = random();
  while (u <= 1e-300) u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
