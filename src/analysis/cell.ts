import { ParameterError } from '../errors.js';
import { toSI, type Quantity } from './units.js';

/** Electrode type: blocking (Au, stainless steel: no ion transfer) or non-blocking (Li, Li–In, Na). */
export type ElectrodeType = 'blocking' | 'non-blocking';

/** Input of {@link createCell}: geometry with units or SI numbers. */
export interface CellInput {
  /** Electrode area: m² as a number, or a string with a unit such as `'1.13 cm^2'`. */
  area: Quantity;
  /** Electrolyte thickness L: m as a number, or a string such as `'0.5 mm'`. */
  thickness: Quantity;
  /** Electrode type (required): `'blocking'` (Au, steel) or `'non-blocking'` (Li, Li–In, Na). */
  electrode: ElectrodeType;
  /** Electrode material, e.g. `'Li'`, `'Au'`. */
  electrodeMaterial?: string;
  /** Electrolyte material, e.g. `'Li7La3Zr2O12'`. */
  electrolyte?: string;
  /** Same electrode on both sides (default `true`): interfacial resistances are then split over two interfaces. */
  symmetric?: boolean;
}

/** A cell geometry in SI units, produced by {@link createCell}. */
export interface Cell {
  /** Electrode area A in m². */
  area: number;
  /** Electrolyte thickness L in m. */
  thickness: number;
  /** Electrode type. */
  electrode: ElectrodeType;
  /** Electrode material, when given. */
  electrodeMaterial?: string;
  /** Electrolyte material, when given. */
  electrolyte?: string;
  /** True for a symmetric cell (two equal interfaces). */
  symmetric: boolean;
  /** Cell constant L/A in cm⁻¹ (the unit of Irvine, Sinclair & West 1990). */
  cellConstant: number;
}

/**
 * Builds a {@link Cell} from geometry with units (mathjs) or SI numbers, and
 * computes the cell constant L/A (cm⁻¹).
 *
 * @param input - geometry and electrode description
 * @returns the cell in SI units
 * @throws ParameterError `BAD_UNIT` for unreadable units, `OUT_OF_BOUNDS` for non-positive geometry, `BAD_OPTION` for an unknown electrode type
 * @example
 * ```ts
 * const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'non-blocking', electrodeMaterial: 'Li' });
 * cell.area;         // 1e-4 (m²)
 * cell.cellConstant; // 0.1 (cm⁻¹)
 * ```
 */
export function createCell(input: CellInput): Cell {
  if (!input || typeof input !== 'object') throw new ParameterError('BAD_OPTION', 'cell: expected an object with area, thickness and electrode', 'cell');
  const area = toSI(input.area, 'area', 'cell.area');
  const thickness = toSI(input.thickness, 'length', 'cell.thickness');
  if (!(area > 0)) throw new ParameterError('OUT_OF_BOUNDS', `cell.area must be > 0, got ${String(input.area)}`, 'cell.area');
  if (!(thickness > 0)) throw new ParameterError('OUT_OF_BOUNDS', `cell.thickness must be > 0, got ${String(input.thickness)}`, 'cell.thickness');
  if (input.electrode !== 'blocking' && input.electrode !== 'non-blocking') {
    throw new ParameterError('BAD_OPTION', `cell.electrode must be 'blocking' or 'non-blocking', got "${String(input.electrode)}"`, 'cell.electrode');
  }
  const cell: Cell = {
    area,
    thickness,
    electrode: input.electrode,
    symmetric: input.symmetric ?? true,
    cellConstant: thickness / area / 100,
  };
  if (input.electrodeMaterial !== undefined) cell.electrodeMaterial = input.electrodeMaterial;
  if (input.electrolyte !== undefined) cell.electrolyte = input.electrolyte;
  return cell;
}

/**
 * Conductivity σ = L/(R·A) in S/cm from a resistance in Ω.
 *
 * @param resistance - R in Ω (> 0)
 * @param cell - the cell geometry
 * @returns σ in S/cm
 * @throws ParameterError `OUT_OF_BOUNDS` for R ≤ 0
 * @example
 * ```ts
 * conductivity(250, createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'blocking' })); // 4e-4 S/cm
 * ```
 */
export function conductivity(resistance: number, cell: Cell): number {
  if (!(resistance > 0) || !Number.isFinite(resistance)) throw new ParameterError('OUT_OF_BOUNDS', `resistance must be finite and > 0, got ${resistance}`, 'resistance');
  return cell.cellConstant / resistance;
}

/**
 * Area-specific resistance R·A in Ω·cm², divided by the number of interfaces
 * (2 for a symmetric cell when `perInterface` is true, the default).
 *
 * @param resistance - R in Ω
 * @param cell - the cell geometry
 * @param perInterface - divide by two for symmetric cells (default true)
 * @returns ASR in Ω·cm²
 * @example
 * ```ts
 * areaSpecificResistance(3420, createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'non-blocking' })); // 1710
 * ```
 */
export function areaSpecificResistance(resistance: number, cell: Cell, perInterface = true): number {
  return (resistance * cell.area * 1e4) / (perInterface && cell.symmetric ? 2 : 1);
}
