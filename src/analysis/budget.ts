import type { Role } from '../circuit/types.js';
import type { FitResult } from '../fit/types.js';
import type { ArcAssignment } from './assignArcs.js';
import type { Cell } from './cell.js';

/** One row of a {@link ResistanceBudget}. */
export interface BudgetRow {
  /** Role of the process (null when unlabelled). */
  role: Role | null;
  /** Element names of the block. */
  elements: string[];
  /** Resistance parameter key. */
  key: string;
  /** Resistance in Ω. */
  resistance: number;
  /** Standard error in Ω (null when unavailable). */
  stderr: number | null;
  /** R·A in Ω·cm² (whole cell, not divided per interface). */
  areaSpecific: number;
  /** Share of the total resistance in %. */
  percent: number;
}

/** Resistance budget of a cell: each process's share of the total. */
export interface ResistanceBudget {
  /** Rows in circuit order. */
  rows: BudgetRow[];
  /** Total resistance Σ R in Ω (the dc resistance of the resistive path). */
  total: number;
  /** Total R·A in Ω·cm². */
  totalAreaSpecific: number;
}

/**
 * Resistance budget: every resistive block (series R, arc R, Warburg Z0) with
 * its resistance in Ω, R·A in Ω·cm² and its share of Σ R in %.
 *
 * @param fit - the fit result
 * @param cell - the cell geometry (for the area)
 * @param arcs - assignments from {@link assignArcs}
 * @returns the budget
 * @example
 * ```ts
 * const b = resistanceBudget(fit, cell, assignArcs(fit, cell));
 * b.rows.map((r) => `${r.role}: ${r.percent.toFixed(1)} %`);
 * ```
 */
export function resistanceBudget(fit: FitResult, cell: Cell, arcs: readonly ArcAssignment[]): ResistanceBudget {
  const rows: BudgetRow[] = [];
  const areaCm2 = cell.area * 1e4;
  for (const a of arcs) {
    if (!a.resistanceKey || a.resistance === undefined) continue;
    const p = fit.parameters.find((q) => q.key === a.resistanceKey);
    rows.push({ role: a.role, elements: a.elements, key: a.resistanceKey, resistance: a.resistance, stderr: p?.stderr ?? null, areaSpecific: a.resistance * areaCm2, percent: 0 });
  }
  const total = rows.reduce((s, r) => s + r.resistance, 0);
  for (const r of rows) r.percent = total > 0 ? (100 * r.resistance) / total : 0;
  return { rows, total, totalAreaSpecific: total * areaCm2 };
}
