/**
 * Unit handling of the analysis concern: the only module that imports mathjs
 * units. Quantities may be given as plain SI numbers or as strings with units
 * (`'1.13 cm^2'`, `'0.5 mm'`, `'25 degC'`).
 *
 * @module
 */
import { unit } from 'mathjs';
import { ParameterError } from '../errors.js';

/** A physical quantity: a plain number in SI units, or a string with a unit such as `'0.5 mm'`. */
export type Quantity = number | string;

/** Dimensions understood by {@link toSI}, with their SI target unit. */
export type Dimension = 'area' | 'length' | 'temperature' | 'time' | 'resistance' | 'capacitance';

const SI_UNIT: Record<Dimension, string> = {
  area: 'm^2',
  length: 'm',
  temperature: 'K',
  time: 's',
  resistance: 'ohm',
  capacitance: 'F',
};

/**
 * Converts a quantity to its SI value with mathjs units: area → m², length → m,
 * temperature → K (`'25 degC'` → 298.15), time → s, resistance → Ω,
 * capacitance → F. Plain numbers are taken as already SI.
 *
 * @param quantity - number (SI) or string with a unit
 * @param dimension - what the quantity is
 * @param name - option name for error messages (e.g. `cell.area`)
 * @returns the SI value (finite)
 * @throws ParameterError `BAD_UNIT` for an unknown or mismatched unit, `NOT_FINITE` for non-finite numbers
 * @example
 * ```ts
 * toSI('1.13 cm^2', 'area'); // 1.13e-4
 * toSI('0.5 mm', 'length');  // 5e-4
 * toSI('25 degC', 'temperature'); // 298.15
 * ```
 */
export function toSI(quantity: Quantity, dimension: Dimension, name: string = dimension): number {
  let value: number;
  if (typeof quantity === 'number') value = quantity;
  else if (typeof quantity === 'string') {
    try {
      value = unit(quantity.trim()).toNumber(SI_UNIT[dimension]);
    } catch (e) {
      throw new ParameterError(
        'BAD_UNIT',
        `${name}: cannot read "${quantity}" as a ${dimension} (expected a unit convertible to ${SI_UNIT[dimension]}): ${(e as Error).message}`,
        name,
      );
    }
  } else {
    throw new ParameterError('BAD_UNIT', `${name}: expected a number (SI) or a string with a unit, got ${typeof quantity}`, name);
  }
  if (!Number.isFinite(value)) throw new ParameterError('NOT_FINITE', `${name} = ${String(quantity)} is not finite`, name);
  return value;
}

/** Temperature scale of plain numbers: kelvin or degrees Celsius. */
export type TemperatureUnit = 'K' | 'C';

/**
 * Converts temperatures to kelvin. Numbers are read in `unit` (`'K'` or `'C'`,
 * T/K = t/°C + 273.15); strings carry their own unit (`'25 degC'`, `'300 K'`).
 *
 * @param temperature - temperatures
 * @param unit - scale of plain numbers (default `'K'`)
 * @param name - option name for errors
 * @returns kelvin values, each > 0
 * @throws ParameterError `OUT_OF_BOUNDS` for T ≤ 0 K, `BAD_UNIT` for unreadable strings
 * @example
 * ```ts
 * toKelvin([-20, 25], 'C'); // Float64Array [253.15, 298.15]
 * ```
 */
export function toKelvin(temperature: ArrayLike<Quantity>, unit: TemperatureUnit = 'K', name = 'temperature'): Float64Array {
  if (unit !== 'K' && unit !== 'C') throw new ParameterError('BAD_UNIT', `${name}: temperature unit must be 'K' or 'C', got "${String(unit)}"`, name);
  const out = new Float64Array(temperature.length);
  for (let i = 0; i < temperature.length; i++) {
    const t = temperature[i];
    const k = typeof t === 'number' ? (unit === 'C' ? t + 273.15 : t) : toSI(t, 'temperature', `${name}[${i}]`);
    if (!Number.isFinite(k)) throw new ParameterError('NOT_FINITE', `${name}[${i}] = ${String(t)} is not finite`, name);
    if (!(k > 0)) throw new ParameterError('OUT_OF_BOUNDS', `${name}[${i}] = ${String(t)} is not above absolute zero`, name);
    out[i] = k;
  }
  return out;
}
