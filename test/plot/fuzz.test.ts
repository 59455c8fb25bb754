import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { arrheniusPlot, bodePlot, drtPlot, nyquistPlot, residualsPlot, seriesPlot } from '../../src/plot/index.js';
import { checkXml } from './xmlCheck.js';

// Any double, including NaN, ±Infinity, ±0, subnormals and ±1.8e308.
const anyDouble = fc.double();
const triple = fc.array(fc.tuple(anyDouble, anyDouble, anyDouble), { maxLength: 12 });

function ok(svg: string): void {
  expect(checkXml(svg)).toBe('svg');
  const bad = /NaN|Infinity|undefined/.exec(svg);
  expect(bad ? svg.slice(Math.max(0, bad.index - 120), bad.index + 60) : null).toBeNull();
}

describe('plots never emit NaN/Infinity and stay well-formed for any numbers', () => {
  test('property: every plot of arbitrary doubles is a well-formed SVG without NaN', () => {
    fc.assert(
      fc.property(triple, (rows) => {
        const a = rows.map((r) => r[0]);
        const b = rows.map((r) => r[1]);
        const c = rows.map((r) => r[2]);
        ok(nyquistPlot({ frequency: a, re: b, im: c }, { frequencyLabels: true }));
        ok(nyquistPlot([{ data: { frequency: a, re: b, im: c }, fit: { frequency: c, re: a, im: b } }]));
        ok(bodePlot({ frequency: a, re: b, im: c }));
        ok(residualsPlot({ frequency: a, re: b, im: c }, { band: c[0] }));
        ok(drtPlot({ tau: a, gamma: b, lower: c, upper: b }, { peaks: [{ tau: c[0] ?? 1 }] }));
        ok(drtPlot({ tau: a, gamma: b }, { axis: 'frequency' }));
        ok(arrheniusPlot({ temperature: a, conductivity: b, conductivityStderr: c, fit: { activationEnergy: c[0] ?? 0.3, prefactor: c[1] ?? 1, activationEnergyStderr: a[0] } }));
        ok(arrheniusPlot({ temperature: a, conductivity: b }, { form: 'sigmaT' }));
        ok(seriesPlot({ time: a, value: b, error: c }));
        ok(seriesPlot({ time: a, value: b, lower: c, upper: a }, { yScale: 'log' }));
      }),
      { numRuns: 300, seed: 7, examples: [[[[1.5e-323, 0, 0], [5e-324, 0, 0]]]] },
    );
  });
});
