import { describe, expect, test } from 'vitest';
import { escapeXml, formatLinearTicks, formatPower10, formatSi, linearTicks, logTicks, niceLinearDomain, niceStep, px, seriesColor, OKABE_ITO } from '../../src/plot/index.js';

describe('linearTicks', () => {
  test.each([
    [0, 1000, 5, [0, 200, 400, 600, 800, 1000], 200],
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1], 0.2],
    [-0.013, 0.021, 4, [-0.01, 0, 0.01, 0.02], 0.01],
    [0.05, 1, 4, [0.2, 0.4, 0.6, 0.8, 1], 0.2],
    [2.8, 4.0, 5, [2.8, 3, 3.2, 3.4, 3.6, 3.8, 4], 0.2],
    [1e-12, 9e-12, 4, [2e-12, 4e-12, 6e-12, 8e-12], 2e-12],
    [5, 5, 4, [4.6, 4.8, 5, 5.2, 5.4], 0.2],
    [100, 0, 2, [0, 50, 100], 50],
  ])('linearTicks(%d, %d, %d) = %j (step %d)', (min, max, count, values, step) => {
    const t = linearTicks(min, max, count);
    expect(t.values).toEqual(values);
    expect(t.step).toBeCloseTo(step, 15);
  });

  test('linearTicks of non-finite input is empty', () => {
    expect(linearTicks(NaN, 1).values).toEqual([]);
    expect(linearTicks(0, Infinity).values).toEqual([]);
  });

  test.each([
    [0.37, 0.5],
    [1300, 1000],
    [2.4, 2],
    [0.0071, 0.01],
    [1, 1],
  ])('niceStep(%d) = %d', (raw, step) => expect(niceStep(raw)).toBeCloseTo(step, 12));

  test('every nice step is 1, 2 or 5 × 10ᵏ over 12 decades', () => {
    for (let e = -6; e <= 6; e += 0.013) {
      const s = niceStep(10 ** e);
      const m = s / 10 ** Math.floor(Math.log10(s) + 1e-12);
      expect([1, 2, 5].some((x) => Math.abs(m - x) < 1e-9)).toBe(true);
      expect(s / 10 ** e).toBeGreaterThan(0.66);
      expect(s / 10 ** e).toBeLessThan(1.67);
    }
  });

  test('niceLinearDomain(0.3, 9.2) = [0, 10]', () => expect(niceLinearDomain(0.3, 9.2, 5)).toEqual([0, 10]));
});

describe('logTicks', () => {
  test.each([
    [0.01, 1e5, ['10⁻²', '10⁻¹', '10⁰', '10¹', '10²', '10³', '10⁴', '10⁵'], 56],
    [0.5, 2e3, ['10⁰', '10¹', '10²', '10³'], 30],
    [2, 30, ['2', '5', '10', '20'], 7],
    [120, 180, ['120', '140', '160', '180'], 0],
  ])('logTicks(%d, %d) labels %j with %d minor ticks', (min, max, labels, minor) => {
    const t = logTicks(min, max);
    expect(t.major.map((m) => m.label)).toEqual(labels);
    expect(t.minor.length).toBe(minor);
    for (const v of [...t.major.map((m) => m.value), ...t.minor]) {
      expect(v).toBeGreaterThanOrEqual(min * (1 - 1e-9));
      expect(v).toBeLessThanOrEqual(max * (1 + 1e-9));
    }
  });

  test('minor ticks of logTicks(1, 100) are 2…9 and 20…90', () => {
    expect(logTicks(1, 100).minor).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  test('logTicks(1e-12, 1e12) labels every 4th decade, the others are minor', () => {
    const t = logTicks(1e-12, 1e12);
    expect(t.major.map((m) => m.label)).toEqual(['10⁻¹²', '10⁻⁸', '10⁻⁴', '10⁰', '10⁴', '10⁸', '10¹²']);
    expect(t.minor.length).toBe(25 - 7);
  });

  test("logTicks(1e-3, 1e3, 'engineering') uses SI prefixes", () => {
    expect(logTicks(1e-3, 1e3, 'engineering').major.map((m) => m.label)).toEqual(['1m', '10m', '100m', '1', '10', '100', '1k']);
  });

  test.each([
    [0, 10],
    [-1, 10],
    [1, Infinity],
  ])('logTicks(%d, %d) throws RangeError', (a, b) => expect(() => logTicks(a, b)).toThrow(RangeError));
});

describe('formatting', () => {
  test.each([
    [4700, 3, '', '4.7k'],
    [2.2e-9, 3, 'F', '2.2 nF'],
    [999.96, 3, 'Ω', '1 kΩ'],
    [-0.0125, 3, 'Ω', '−12.5 mΩ'],
    [0, 3, 'Hz', '0 Hz'],
    [1e6, 3, 'Hz', '1 MHz'],
    [0.1, 3, 'Hz', '100 mHz'],
    [123456, 4, '', '123.5k'],
    [3e-30, 3, 'F', '3×10⁻³⁰ F'],
    [NaN, 3, '', '—'],
    [Infinity, 3, 'Ω', '—'],
  ])('formatSi(%d, %d, %j) = %j', (v, d, u, s) => expect(formatSi(v, d, u)).toBe(s));

  test.each([
    [[0, 500, 1000, 1500], 500, ['0', '0.5k', '1.0k', '1.5k']],
    [[-2, 0, 2], 2, ['−2', '0', '2']],
    [[0, 0.25, 0.5], 0.25, ['0', '0.25', '0.50']],
    [[2e-12, 4e-12], 2e-12, ['2p', '4p']],
    [[2.8, 3, 3.2], 0.2, ['2.8', '3.0', '3.2']],
    [[0.001, 0.002, 0.003], 0.001, ['1m', '2m', '3m']],
    [[0, 200, 400, 600, 800], 200, ['0', '200', '400', '600', '800']],
  ])('formatLinearTicks(%j, %d) = %j', (v, step, s) => expect(formatLinearTicks(v, step)).toEqual(s));

  test.each([
    [-3, '10⁻³'],
    [0, '10⁰'],
    [12, '10¹²'],
  ])('formatPower10(%d) = %j', (n, s) => expect(formatPower10(n)).toBe(s));

  test.each([
    ['R<sub> & "Q"', 'R&lt;sub&gt; &amp; &quot;Q&quot;'],
    ["it's", 'it&apos;s'],
    ['a\u0000b\u0007c\td', 'abc\td'],
    ['lone \uD800 surrogate', 'lone  surrogate'],
    ['😀 ok', '😀 ok'],
  ])('escapeXml(%j) = %j', (a, b) => expect(escapeXml(a)).toBe(b));

  test('px rounds to 0.01 and refuses non-finite values', () => {
    expect(px(12.3456)).toBe('12.35');
    expect(px(-0.001)).toBe('0');
    expect(() => px(NaN)).toThrow(RangeError);
    expect(() => px(Infinity)).toThrow(RangeError);
  });

  test('seriesColor cycles through the Okabe–Ito palette', () => {
    expect(seriesColor(0)).toBe('#0072B2');
    expect(seriesColor(OKABE_ITO.length + 1)).toBe(OKABE_ITO[1]);
    expect(seriesColor(2, [])).toBe(OKABE_ITO[2]);
  });
});

test.each([
  [1e-323, '9.88×10⁻³²⁴'],
  [1.7e308, '1.7×10³⁰⁸'],
  [9.996e30, '1×10³¹'],
])('formatSi(%d) never overflows: %j', (v, s) => expect(formatSi(v)).toBe(s));
