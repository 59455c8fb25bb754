import type { Role } from '../circuit/types.js';
import { ParameterError } from '../errors.js';
import type { Cell } from './cell.js';
import { VACUUM_PERMITTIVITY } from './constants.js';

/**
 * Kind of circuit template:
 * - `'blocking'`: ion-blocking electrodes (Au, steel): R_b – R_gb∥CPE_gb – CPE_el spike;
 * - `'symmetric'`: non-blocking symmetric cell (Li|SE|Li): R_b – R_gb∥CPE_gb –
 *   R_int∥CPE_int (interphase) – optional R_ct∥CPE_ct (charge transfer) – optional Warburg;
 * - `'half-cell'`: Li | SE | composite electrode: as symmetric, asymmetric, with a
 *   finite-space Warburg (capacitive tail of the insertion electrode).
 */
export type TemplateKind = 'blocking' | 'symmetric' | 'half-cell';

/** Options of {@link circuitTemplate}. */
export interface TemplateOptions {
  /** Cell geometry: when given, starting values are scaled to it (capacitances from typical permittivities and areas). */
  cell?: Cell;
  /** Model the bulk as an arc R_b∥C_b instead of a series R_b (bulk arc inside the measured range, e.g. at low T). Default false. */
  bulkArc?: boolean;
  /** Include the grain-boundary arc (default true). */
  grainBoundary?: boolean;
  /** Symmetric/half cell: add a separate charge-transfer arc after the interphase arc (default false). */
  chargeTransfer?: boolean;
  /** Symmetric cell: add a finite-space Warburg Wo_d (default false; always on for half cells). */
  warburg?: boolean;
  /** Relative permittivity assumed for the bulk starting capacitance (default 50). */
  permittivity?: number;
}

/** A circuit with roles and bounds, ready for `fitCircuit`. */
export interface CircuitTemplate {
  /** Template kind. */
  kind: TemplateKind;
  /** Annotated impedance.py circuit string (roles and CPE exponent bounds inline). */
  circuit: string;
  /** Role of every element, by element name. */
  roles: Record<string, Role>;
  /** Starting values by parameter key, scaled to the cell when one was given (pass as `initial`). */
  initial: Record<string, number>;
  /** What the template models, in words. */
  description: string;
}

/**
 * Builds an equivalent-circuit template for a solid-electrolyte cell with
 * element roles (`role=…`) and CPE exponent bounds (0.5..1) written inline,
 * and starting values scaled to the cell geometry: C_b = ε0·ε_r·A/L,
 * C_gb ≈ 300·C_b (brick layer with grain size ≫ boundary width), interface
 * capacitances ≈ 1 µF/cm²·A, in line with the capacitance bands of Irvine,
 * Sinclair & West (Adv. Mater. 2 (1990) 132).
 *
 * @param kind - blocking, symmetric or half-cell
 * @param options - see {@link TemplateOptions}
 * @returns the circuit string, roles, starting values and a description
 * @throws ParameterError `BAD_OPTION` for an unknown kind
 * @example
 * ```ts
 * const t = circuitTemplate('blocking');
 * t.circuit; // 'R_b{role=bulk}-p(R_gb{role=grain-boundary},CPE_gb{role=grain-boundary, alpha=0.9:0.5..1})-CPE_el{role=electrode, alpha=0.9:0.5..1}'
 * fitCircuit(t.circuit, spectrum, { initial: t.initial });
 * ```
 */
export function circuitTemplate(kind: TemplateKind, options: TemplateOptions = {}): CircuitTemplate {
  if (kind !== 'blocking' && kind !== 'symmetric' && kind !== 'half-cell') {
    throw new ParameterError('BAD_OPTION', `unknown template "${String(kind)}"; use 'blocking', 'symmetric' or 'half-cell'`, 'kind');
  }
  const roles: Record<string, Role> = {};
  const initial: Record<string, number> = {};
  const parts: string[] = [];
  const words: string[] = [];
  const cell = options.cell;
  const eps = options.permittivity ?? 50;
  const cb = cell ? (VACUUM_PERMITTIVITY * eps * cell.area) / cell.thickness : undefined;
  const areaCm2 = cell ? cell.area * 1e4 : undefined;
  const cpe = (name: string, role: Role, c?: number) => {
    roles[name] = role;
    if (c !== undefined) {
      initial[`${name}_0`] = c;
      initial[`${name}_1`] = 0.9;
    }
    return `${name}{role=${role}, alpha=0.9:0.5..1}`;
  };
  const r = (name: string, role: Role) => {
    roles[name] = role;
    return `${name}{role=${role}}`;
  };
  if (options.bulkArc) {
    roles.C_b = 'bulk';
    if (cb !== undefined) initial.C_b = cb;
    parts.push(`p(${r('R_b', 'bulk')},C_b{role=bulk})`);
    words.push('bulk arc R_b∥C_b');
  } else {
    parts.push(r('R_b', 'bulk'));
    words.push('series R_b (bulk; high-frequency intercept)');
  }
  if (options.grainBoundary ?? true) {
    parts.push(`p(${r('R_gb', 'grain-boundary')},${cpe('CPE_gb', 'grain-boundary', cb !== undefined ? 300 * cb : undefined)})`);
    words.push('grain-boundary arc R_gb∥CPE_gb');
  }
  const cInt = areaCm2 !== undefined ? 1e-6 * areaCm2 : undefined;
  if (kind === 'blocking') {
    parts.push(cpe('CPE_el', 'electrode', cInt));
    words.push('blocking-electrode spike CPE_el');
  } else {
    parts.push(`p(${r('R_int', 'interphase')},${cpe('CPE_int', 'interphase', cInt)})`);
    words.push('interphase arc R_int∥CPE_int');
    if (options.chargeTransfer) {
      parts.push(`p(${r('R_ct', 'charge-transfer')},${cpe('CPE_ct', 'charge-transfer', cInt !== undefined ? 10 * cInt : undefined)})`);
      words.push('charge-transfer arc R_ct∥CPE_ct');
    }
    if (kind === 'half-cell' || options.warburg) {
      roles.Wo_d = 'diffusion';
      parts.push('Wo_d{role=diffusion}');
      words.push('finite-space Warburg Wo_d (diffusion)');
    }
  }
  const description =
    (kind === 'blocking' ? 'Blocking-electrode conductivity cell: ' : kind === 'symmetric' ? 'Non-blocking symmetric cell: ' : 'Half cell (Li | SE | composite electrode): ') +
    words.join(', ') +
    '.';
  return { kind, circuit: parts.join('-'), roles, initial, description };
}
