import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { blockTimeConstant, canonicalizeBlocks, findInterchangeable } from '../../src/fit/canonical.js';

const circuit = 'R0-p(R1,C1)-p(R2,C2)-p(R3,C3)-p(R4,C4)';
const model = compileCircuit(circuit);
const groups = findInterchangeable(model);
const P = model.parameters.length;
const open = { lower: new Array<number>(P).fill(0), upper: new Array<number>(P).fill(Infinity) };

/** Values [R0, R1, C1, …, R4, C4] from per-block (R, C). */
const values = (blocks: [number, number][]) => [5, ...blocks.flat()];
/** Block (R, C) pairs read back. */
const blocksOf = (v: ArrayLike<number>) => [1, 3, 5, 7].map((i) => [v[i], v[i + 1]]);

describe('canonicalizeBlocks', () => {
  it('finds one group of four p(R,C) blocks', () => {
    expect(groups).toHaveLength(1);
    expect(groups[0].parameterIndices).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
  });

  // τ = RC. "slow" (τ = 1e12 s) has its apex far below the 1e-10 Hz end of the scan: τ = ∞ for
  // the scan, and two such blocks tie, so they keep their circuit order.
  const slowA: [number, number] = [1, 1e12];
  const slowB: [number, number] = [2, 1e12];
  const cases: { name: string; blocks: [number, number][]; expected: [number, number][]; moved: boolean }[] = [
    { name: 'already ordered', blocks: [[10, 1e-9], [10, 1e-6], [10, 1e-3], [10, 1]], expected: [[10, 1e-9], [10, 1e-6], [10, 1e-3], [10, 1]], moved: false },
    { name: 'reversed', blocks: [[10, 1], [10, 1e-3], [10, 1e-6], [10, 1e-9]], expected: [[10, 1e-9], [10, 1e-6], [10, 1e-3], [10, 1]], moved: true },
    { name: 'equal τ keep circuit order', blocks: [[10, 1e-3], [100, 1e-4], [1, 1e-8], [1000, 1e-5]], expected: [[1, 1e-8], [10, 1e-3], [100, 1e-4], [1000, 1e-5]], moved: true },
    { name: 'infinite τ last, ties kept', blocks: [slowB, [10, 1e-6], slowA, [10, 1e-9]], expected: [[10, 1e-9], [10, 1e-6], slowB, slowA], moved: true },
  ];
  it.each(cases)('$name', ({ blocks, expected, moved }) => {
    const v = values(blocks);
    const locked = new Array<boolean>(P).fill(false);
    expect(canonicalizeBlocks(groups, v, locked, open.lower, open.upper)).toBe(moved);
    expect(blocksOf(v)).toEqual(expected);
    expect(v[0]).toBe(5);
  });

  it('a block with a locked parameter stays put; the others are ordered around it', () => {
    const v = values([[10, 1], [10, 1e-3], [10, 1e-6], [10, 1e-9]]);
    const locked = new Array<boolean>(P).fill(false);
    locked[4] = true; // C2
    expect(canonicalizeBlocks(groups, v, locked, open.lower, open.upper)).toBe(true);
    expect(blocksOf(v)).toEqual([
      [10, 1e-9],
      [10, 1e-3],
      [10, 1e-6],
      [10, 1],
    ]);
  });

  it('a permutation that would leave a bound is skipped', () => {
    const v = values([[10, 1e-3], [10, 1e-6], [10, 1e-9], [10, 1]]);
    const upper = [...open.upper];
    upper[2] = 1e-2; // C1 ≤ 1e-2: the τ order would put C = 1e-9 there (fine) …
    upper[8] = 1e-4; // … but C4 ≤ 1e-4 cannot take C = 1 (the largest τ)
    expect(canonicalizeBlocks(groups, v, new Array<boolean>(P).fill(false), open.lower, upper)).toBe(false);
    expect(blocksOf(v)).toEqual([
      [10, 1e-3],
      [10, 1e-6],
      [10, 1e-9],
      [10, 1],
    ]);
  });
});

describe('blockTimeConstant: the 7-point window around the predicted apex equals the full scan', () => {
  // Block models from findInterchangeable take the window path; a model compiled directly
  // always scans all 73 points, so it is the reference.
  const cases: [string, string][] = [
    ['p(R,CPE)', 'R0-p(R1,CPE1)-p(R2,CPE2)'],
    ['p(CPE,R)', 'R0-p(CPE1,R1)-p(CPE2,R2)'],
    ['p(R,C)', 'R0-p(R1,C1)-p(R2,C2)'],
  ];
  it.each(cases)('%s: bit-identical τ over random parameters, including apexes near the scan ends and small α', (_, circuit) => {
    const fitModel = compileCircuit(circuit);
    const block = findInterchangeable(fitModel)[0].models[0];
    const reference = compileCircuit(block.circuit);
    expect(reference.parameters.map((p) => p.key)).toEqual(block.parameters.map((p) => p.key));
    let state = 12345;
    const rnd = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    let checked = 0;
    for (let k = 0; k < 3000; k++) {
      const v = block.parameters.map((p) => {
        if (p.name === 'alpha') return k % 10 === 0 ? 0.05 * rnd() + 0.03 : rnd();
        return Math.pow(10, 40 * rnd() - 20);
      });
      const a = blockTimeConstant(block, v);
      const b = blockTimeConstant(reference, v);
      if (!Object.is(a, b)) expect.fail(`values ${v.join(', ')}: window ${a}, scan ${b}`);
      checked++;
    }
    expect(checked).toBe(3000);
  });

});

describe('canonicalizeBlocks: the exact-apex shortcut agrees with the scan', () => {
  // The shortcut skips the scan when consecutive exact apexes fall by more than 2/3 decade + 0.05
  // (each scan estimate is within 1/3 decade of its apex). Check that claim on the scan itself:
  // random blocks, apexes down to just past the margin, each estimate within 1/3 decade, and
  // canonicalizeBlocks leaving such values in place.
  const cases: [string][] = [['R0-p(R1,CPE1)-p(R2,CPE2)'], ['R0-p(R1,C1)-p(R2,C2)'], ['R0-p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)']];
  it.each(cases)('%s', (circuit) => {
    const model = compileCircuit(circuit);
    const groups = findInterchangeable(model);
    const g = groups[0];
    const reference = compileCircuit(g.models[0].circuit);
    let state = 987;
    const rnd = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const locked = model.parameters.map(() => false);
    const lower = model.parameters.map(() => -Infinity);
    const upper = model.parameters.map(() => Infinity);
    let worst = 0;
    for (let k = 0; k < 2000; k++) {
      const values = new Float64Array(model.parameters.length).fill(1);
      // Apexes falling from ≈ 1e12 Hz by 2/3 decade + 0.05 + a random extra (tiny for 1 case in 4).
      let logF = 12 - 3 * rnd();
      const taus: number[] = [];
      for (let b = 0; b < g.parameterIndices.length; b++) {
        const idx = g.parameterIndices[b];
        const block = g.models[b];
        const alpha = block.parameters.some((p) => p.name === 'alpha') ? 0.05 + 0.95 * rnd() : 1;
        const R = Math.pow(10, 12 * rnd() - 4);
        // R·Q·(2π f*)^α = 1.
        const Q = 1 / (R * Math.pow(2 * Math.PI * Math.pow(10, logF), alpha));
        block.parameters.forEach((p, t) => {
          values[idx[t]] = p.symbol === 'R' ? R : p.name === 'alpha' ? alpha : Q;
        });
        const tau = blockTimeConstant(reference, Array.from(idx, (i) => values[i]));
        worst = Math.max(worst, Math.abs(-Math.log10(2 * Math.PI * tau) - logF));
        taus.push(tau);
        logF -= 2 / 3 + 0.05 + (k % 4 === 0 ? 1e-9 : 3 * rnd());
      }
      for (let b = 1; b < taus.length; b++) expect(taus[b]).toBeGreaterThan(taus[b - 1]);
      const before = Float64Array.from(values);
      expect(canonicalizeBlocks(groups, values, locked, lower, upper)).toBe(false);
      expect(Array.from(values)).toEqual(Array.from(before));
    }
    expect(worst).toBeLessThanOrEqual(1 / 3 + 1e-9);
  });
});

