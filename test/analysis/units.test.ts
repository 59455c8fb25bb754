import { describe, expect, it } from 'vitest';
import { areaSpecificResistance, conductivity, createCell } from '../../src/analysis/cell.js';
import { BOLTZMANN_EV, BOLTZMANN_J, ELEMENTARY_CHARGE, EV_TO_KJ_PER_MOL, FARADAY } from '../../src/analysis/constants.js';
import { toKelvin, toSI } from '../../src/analysis/units.js';
import { ParameterError } from '../../src/errors.js';
import { expectAllClose, expectClose } from '../helpers/close.js';

describe('toSI', () => {
  it.each([
    ['1.13 cm^2', 'area', 1.13e-4],
    ['0.5 mm', 'length', 5e-4],
    ['500 um', 'length', 5e-4],
    ['1 in', 'length', 0.0254],
    ['25 degC', 'temperature', 298.15],
    ['-20 degC', 'temperature', 253.15],
    ['2 h', 'time', 7200],
    ['2.81 kohm', 'resistance', 2810],
    ['1 uF', 'capacitance', 1e-6],
    [0.001, 'length', 0.001],
  ] as const)('toSI(%j, %s) = %d', (q, dim, expected) => {
    expectClose(toSI(q, dim), expected, 1e-12);
  });
  it.each([
    ['1 cm', 'area'],
    ['abc', 'length'],
    ['1 kg', 'temperature'],
  ] as const)('toSI(%j, %s) throws BAD_UNIT', (q, dim) => {
    expect(() => toSI(q, dim)).toThrow(ParameterError);
    try {
      toSI(q, dim, 'cell.x');
    } catch (e) {
      expect((e as ParameterError).code).toBe('BAD_UNIT');
      expect((e as ParameterError).parameter).toBe('cell.x');
    }
  });
  it('toKelvin converts Celsius numbers and unit strings, rejects T ≤ 0 K', () => {
    expectAllClose(toKelvin([-20, 100], 'C'), [253.15, 373.15], 1e-14);
    expectAllClose(toKelvin(['300 K', '0 degC']), [300, 273.15], 1e-14);
    expect(() => toKelvin([-300], 'C')).toThrow(/absolute zero/);
  });
});

describe('constants (CODATA 2018)', () => {
  it('k_B in eV/K equals k_B(J/K)/e to 10 digits; eV→kJ/mol = F/1000', () => {
    expectClose(BOLTZMANN_J / ELEMENTARY_CHARGE, BOLTZMANN_EV, 1e-9);
    expectClose(FARADAY, 96485.33212, 1e-10);
    expectClose(EV_TO_KJ_PER_MOL, 96.48533212, 1e-10);
  });
});

describe('createCell', () => {
  it('reads units, computes the cell constant L/A in cm⁻¹', () => {
    const cell = createCell({ area: '1.13 cm^2', thickness: '0.5 mm', electrode: 'blocking', electrodeMaterial: 'Au' });
    expectClose(cell.area, 1.13e-4, 1e-12);
    expectClose(cell.thickness, 5e-4, 1e-12);
    expectClose(cell.cellConstant, 0.05 / 1.13, 1e-12);
    expect(cell.symmetric).toBe(true);
    expect(cell.electrodeMaterial).toBe('Au');
  });
  it('σ = L/(RA) and ASR = RA/2 per interface for a symmetric cell', () => {
    const cell = createCell({ area: 1e-4, thickness: 1e-3, electrode: 'non-blocking' });
    expectClose(conductivity(250, cell), 4e-4, 1e-12);
    expectClose(areaSpecificResistance(3420, cell), 1710, 1e-12);
    expectClose(areaSpecificResistance(3420, { ...cell, symmetric: false }), 3420, 1e-12);
  });
  it.each([
    [{ area: 0, thickness: 1e-3, electrode: 'blocking' }, 'OUT_OF_BOUNDS'],
    [{ area: '1 cm', thickness: 1e-3, electrode: 'blocking' }, 'BAD_UNIT'],
    [{ area: 1e-4, thickness: 1e-3, electrode: 'gold' }, 'BAD_OPTION'],
  ])('createCell(%j) throws %s', (input, code) => {
    expect(() => createCell(input as never)).toThrow(expect.objectContaining({ code }));
  });
});
