import { describe, expect, it } from 'vitest';
import { formatHertz, formatNumber, formatTable, jsonReplacer } from '../../src/cli/table.js';

describe('CLI number and table formatting', () => {
  it.each([
    [210.5164, '210.5'],
    [13940.2, '13940'],
    [4.9963e-9, '4.996e-9'],
    [1.2e7, '1.2e7'],
    [0.5, '0.5'],
    [0, '0'],
    [-0.0025, '-0.0025'],
    [Infinity, '—'],
    [null, '—'],
  ])('formatNumber(%s) is %s', (v, text) => {
    expect(formatNumber(v as number | null)).toBe(text);
  });

  it.each([
    [7e6, '7 MHz'],
    [0.1109, '110.9 mHz'],
    [1000, '1 kHz'],
  ])('formatHertz(%s) is %s', (v, text) => expect(formatHertz(v)).toBe(text));

  it('formatTable aligns columns and writes — for missing values', () => {
    expect(formatTable(['key', 'value'], [{ key: 'R0', value: 210.5 }, { key: 'CPE1_0' }])).toBe('key     value\nR0      210.5\nCPE1_0  —\n');
  });

  it('jsonReplacer writes typed arrays as lists', () => {
    expect(JSON.stringify({ f: new Float64Array([1, 2.5]) }, jsonReplacer)).toBe('{"f":[1,2.5]}');
  });
});
