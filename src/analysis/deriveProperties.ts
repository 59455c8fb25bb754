import type { CircuitNode, Role } from '../circuit/types.js';
import type { FitResult } from '../fit/types.js';
import { assignArcs, blockValues, circuitBlocks, circuitOf, INTERFACIAL_ROLES, type ArcAssignment } from './assignArcs.js';
import { resistanceBudget, type ResistanceBudget } from './budget.js';
import type { CapacitanceMethod } from './capacitance.js';
import type { Cell } from './cell.js';
import { VACUUM_PERMITTIVITY } from './constants.js';
import { propagate, type DerivedQuantity } from './propagate.js';

/** Options of {@link deriveProperties}. */
export interface DerivePropertiesOptions {
  /** Circuit to analyse (default `fit.circuit`). */
  circuit?: string | CircuitNode;
  /** Explicit roles by element name (override annotations and capacitance). */
  roles?: Readonly<Record<string, Role>>;
  /** Effective-capacitance formula for R∥CPE (default `'brug'`). */
  capacitanceMethod?: CapacitanceMethod;
  /**
   * Bulk capacitance C_b in F when the bulk arc lies outside the measured range
   * (needed for ε_r and the specific grain-boundary conductivity); taken as exact.
   */
  bulkCapacitance?: number;
  /** An interfacial resistance counts as resolved when its relative standard error is at most this (default 0.5). */
  maxRelativeStderr?: number;
}

/** Interfacial resistance of one block, as ASR. */
export interface InterfaceResult {
  /** Element names. */
  elements: string[];
  /** Role (interphase, charge-transfer or electrode). */
  role: Role;
  /** Resistance key. */
  key: string;
  /** Fitted resistance in Ω (all interfaces of the cell together). */
  resistance: DerivedQuantity;
  /** R·A in Ω·cm² for the whole cell. */
  asrCell: DerivedQuantity;
  /** ASR per interface in Ω·cm²: R·A/2 for a symmetric cell, R·A otherwise. */
  asr: DerivedQuantity;
  /** Number of interfaces the resistance was divided by (2 symmetric, 1 otherwise). */
  interfaces: 1 | 2;
  /** Effective capacitance in F (arcs), for reference. */
  capacitance?: number;
  /** Apex frequency in Hz (arcs). */
  frequency?: number;
  /**
   * False when the fit cannot separate this process: its R or capacitive
   * parameters are not identifiable, at a bound, or R's relative standard error
   * exceeds `maxRelativeStderr`. Then the number is not trustworthy.
   */
  resolved: boolean;
  /** Why it is not resolved (empty when resolved). */
  reason: string;
}

/** Conductivities in S/cm. */
export interface Conductivities {
  /** σ_b = L/(R_b·A) (null without a bulk resistance). */
  bulk: DerivedQuantity | null;
  /** Apparent σ_gb = L/(R_gb·A) (null without a grain-boundary resistance). */
  grainBoundary: DerivedQuantity | null;
  /** σ_total = L/((R_b + R_gb)·A). */
  total: DerivedQuantity | null;
  /** Specific σ_gb,sp = (L/A)·(1/R_gb)·(C_b/C_gb) (brick-layer model); null without C_b and C_gb. */
  grainBoundarySpecific: DerivedQuantity | null;
}

/** Result of {@link deriveProperties}. */
export interface SolidStateProperties {
  /** The cell used. */
  cell: Cell;
  /** Labels of every block with reasoning. */
  arcs: ArcAssignment[];
  /** Conductivities (S/cm). */
  conductivity: Conductivities;
  /** Bulk relative permittivity ε_r = C_b·L/(ε0·A) (null without C_b). */
  permittivity: DerivedQuantity | null;
  /** Interfacial resistances as ASR, one per interfacial block. */
  interfaces: InterfaceResult[];
  /** Sum of all interfacial ASR per interface (Ω·cm²), null when there are none. */
  interfacialAsr: DerivedQuantity | null;
  /** Resistance budget. */
  budget: ResistanceBudget;
  /** Conventions applied, stated in words (e.g. the symmetric division by 2). */
  notes: string[];
  /** Problems: unresolved processes, role/capacitance conflicts, fit warnings. */
  warnings: string[];
}

/**
 * Turns a fitted circuit into solid-state electrolyte properties, with
 * uncertainties propagated from the fit covariance by the delta method
 * (see {@link propagate}):
 * - σ = L/(R·A) for bulk, apparent grain boundary and total (S/cm);
 * - specific grain-boundary conductivity by the brick-layer model,
 *   σ_gb,sp = (L/A)(1/R_gb)(C_b/C_gb) (Haile, West & Campbell, J. Mater. Res.
 *   13 (1998) 1576; Irvine, Sinclair & West 1990);
 * - bulk relative permittivity ε_r = C_b·L/(ε0·A), ε0 = 8.8541878128e-12 F/m;
 * - ASR of each interfacial element (roles interphase, charge-transfer,
 *   electrode) in Ω·cm²: R·A, divided by 2 for a symmetric cell (stated in `notes`);
 * - the resistance budget.
 * Roles come from {@link assignArcs} (explicit roles override capacitance).
 * Effective capacitances of R∥CPE use Brug (1984) by default.
 *
 * @param fit - a fit result
 * @param cell - the cell from {@link createCell}
 * @param options - see {@link DerivePropertiesOptions}
 * @returns conductivities, permittivity, ASRs, budget, labels, notes and warnings
 * @example
 * ```ts
 * const cell = createCell({ area: '1 cm^2', thickness: '1 mm', electrode: 'non-blocking', electrodeMaterial: 'Li' });
 * const props = deriveProperties(fitCircuit(template.circuit, spectrum), cell);
 * props.conductivity.total?.value;  // S/cm
 * props.interfaces[0].asr.value;    // Ω·cm² per interface
 * props.notes;                      // ['symmetric cell: ASR per interface = R·A/2 …']
 * ```
 */
export function deriveProperties(fit: FitResult, cell: Cell, options: DerivePropertiesOptions = {}): SolidStateProperties {
  const method = options.capacitanceMethod ?? 'brug';
  const ast = circuitOf(fit, options.circuit);
  const arcs = assignArcs(fit, cell, { circuit: ast, roles: options.roles, capacitanceMethod: method });
  const blocks = circuitBlocks(ast);
  const values = blocks.map((b) => blockValues(b, fit, method));
  const L = cell.cellConstant; // cm⁻¹
  const areaCm2 = cell.area * 1e4;
  const notes: string[] = [];
  const warnings: string[] = [];
  const maxRel = options.maxRelativeStderr ?? 0.5;

  const pick = (role: Role) => arcs.map((a, i) => ({ a, v: values[i] })).filter((x) => x.a.role === role && x.v.resistance && x.v.rKey);
  const bulk = pick('bulk');
  const gb = pick('grain-boundary');
  const sumR = (xs: typeof bulk) => (g: (k: string) => number) => xs.reduce((s, x) => s + x.v.resistance!(g), 0);
  const keysOf = (xs: typeof bulk) => [...new Set(xs.flatMap((x) => [x.v.rKey!, ...x.v.cKeys]))];

  const conductivity: Conductivities = { bulk: null, grainBoundary: null, total: null, grainBoundarySpecific: null };
  if (bulk.length) conductivity.bulk = propagate(fit, keysOf(bulk), (g) => L / sumR(bulk)(g), 'S/cm', 'σ_b = L/(R_b·A)');
  if (gb.length) conductivity.grainBoundary = propagate(fit, keysOf(gb), (g) => L / sumR(gb)(g), 'S/cm', 'σ_gb = L/(R_gb·A) (apparent)');
  if (bulk.length || gb.length) {
    const both = [...bulk, ...gb];
    conductivity.total = propagate(fit, keysOf(both), (g) => L / sumR(both)(g), 'S/cm', 'σ_total = L/((R_b + R_gb)·A)');
  }

  // Bulk capacitance: a bulk arc, else the option.
  const bulkArc = bulk.find((x) => x.v.capacitance);
  const cb = bulkArc
    ? { keys: bulkArc.v.cKeys, f: bulkArc.v.capacitance! }
    : options.bulkCapacitance !== undefined
      ? { keys: [] as string[], f: () => options.bulkCapacitance! }
      : null;
  let permittivity: DerivedQuantity | null = null;
  if (cb) {
    // ε_r = C_b·L/(ε0·A); L/A in m⁻¹ = 100·cellConstant.
    permittivity = propagate(fit, cb.keys, (g) => (cb.f(g) * L * 100) / VACUUM_PERMITTIVITY, '1', 'ε_r = C_b·L/(ε0·A)');
    if (!bulkArc) notes.push(`bulk capacitance C_b = ${options.bulkCapacitance} F taken from options (exact)`);
    const gbArc = gb.find((x) => x.v.capacitance);
    if (gbArc) {
      conductivity.grainBoundarySpecific = propagate(
        fit,
        [...new Set([...cb.keys, ...gbArc.v.cKeys, gbArc.v.rKey!])],
        (g) => (L / gbArc.v.resistance!(g)) * (cb.f(g) / gbArc.v.capacitance!(g)),
        'S/cm',
        'σ_gb,sp = (L/A)·(1/R_gb)·(C_b/C_gb) (brick layer)',
      );
    }
  } else if (gb.length) {
    notes.push('specific grain-boundary conductivity and ε_r need the bulk capacitance: no bulk arc was fitted and options.bulkCapacitance is not set');
  }

  const divisor: 1 | 2 = cell.symmetric ? 2 : 1;
  const interfaces: InterfaceResult[] = [];
  arcs.forEach((a, i) => {
    const v = values[i];
    if (!a.role || !INTERFACIAL_ROLES.includes(a.role) || !v.resistance || !v.rKey) return;
    const keys = [v.rKey];
    const resistance = propagate(fit, keys, (g) => v.resistance!(g), 'Ω', `R (${a.elements.join(', ')})`);
    const asrCell = propagate(fit, keys, (g) => v.resistance!(g) * areaCm2, 'Ω·cm²', 'R·A');
    const asr = propagate(fit, keys, (g) => (v.resistance!(g) * areaCm2) / divisor, 'Ω·cm²', divisor === 2 ? 'ASR = R·A/2 (symmetric cell)' : 'ASR = R·A');
    const problems: string[] = [];
    for (const k of [v.rKey, ...v.cKeys]) {
      const p = fit.parameters.find((q) => q.key === k);
      if (!p || p.fixed) continue;
      if (!p.identifiable) problems.push(`${k} is not identifiable`);
      if (p.atBound) problems.push(`${k} is at a bound (${p.value})`);
    }
    if (a.conflict) problems.push('its capacitance contradicts its role (arcs swapped or merged)');
    if (resistance.relativeStderr === null) problems.push(`${v.rKey} has no standard error`);
    else if (resistance.relativeStderr > maxRel) problems.push(`${v.rKey} relative standard error ${resistance.relativeStderr.toFixed(2)} > ${maxRel}`);
    const r: InterfaceResult = { elements: a.elements, role: a.role, key: v.rKey, resistance, asrCell, asr, interfaces: divisor, resolved: problems.length === 0, reason: [...new Set(problems)].join('; ') };
    if (a.capacitance !== undefined) r.capacitance = a.capacitance;
    if (a.frequency !== undefined) r.frequency = a.frequency;
    interfaces.push(r);
    if (!r.resolved) warnings.push(`${a.role} (${a.elements.join(', ')}) is not resolved by the fit: ${r.reason}`);
  });
  if (interfaces.length) {
    notes.push(
      divisor === 2
        ? 'symmetric cell: each interfacial resistance covers two identical interfaces, so ASR per interface = R·A/2'
        : 'asymmetric cell: ASR = R·A (not divided)',
    );
  }
  let interfacialAsr: DerivedQuantity | null = null;
  if (interfaces.length) {
    const keys = interfaces.map((x) => x.key);
    interfacialAsr = propagate(fit, keys, (g) => keys.reduce((s, k) => s + g(k), 0) * (areaCm2 / divisor), 'Ω·cm²', 'Σ ASR per interface');
  }
  for (const a of arcs) if (a.conflict) warnings.push(`${a.elements.join(', ')}: ${a.reasoning}`);
  for (const w of fit.warnings) if (w.code !== 'HIGH_CORRELATION') warnings.push(`fit: ${w.message}`);
  if (!fit.converged) warnings.push(`fit did not converge (${fit.reason}); derived values are not reliable`);
  notes.push(`cell constant L/A = ${L.toPrecision(4)} cm⁻¹; conductivities σ = L/(R·A) in S/cm`);
  return { cell, arcs, conductivity, permittivity, interfaces, interfacialAsr, budget: resistanceBudget(fit, cell, arcs), notes, warnings };
}
