import { parseCircuit } from '../circuit/parseCircuit.js';
import type { CircuitNode, ElementNode, Role } from '../circuit/types.js';
import { ParameterError } from '../errors.js';
import type { FitResult } from '../fit/types.js';
import { characteristicFrequency, effectiveCapacitance, type CapacitanceMethod } from './capacitance.js';
import type { Cell } from './cell.js';

/**
 * Process class of Irvine, Sinclair & West (Adv. Mater. 2 (1990) 132, Table 1),
 * read from the capacitance per unit cell constant C·(L/A) in F/cm.
 */
export type IrvineProcess = 'bulk' | 'grain-boundary' | 'surface-layer' | 'electrode-interface' | 'reaction';

/** Kind of a top-level series block of the circuit. */
export type BlockKind = 'arc' | 'resistor' | 'capacitor' | 'diffusion' | 'other';

/** Where an assignment came from. */
export type AssignmentSource = 'explicit' | 'capacitance' | 'position' | 'none';

/** One top-level series block of the circuit with its label and the reasoning behind it. */
export interface ArcAssignment {
  /** 0-based position in the series (high to low frequency as written). */
  index: number;
  /** Block kind: R∥C/CPE arc (or K/Zarc), lone resistor, lone capacitor/CPE, Warburg, or anything else. */
  kind: BlockKind;
  /** Element instance names in the block. */
  elements: string[];
  /** Parameter key of the block's resistance (arc R, lone R, Warburg Z0), when there is one. */
  resistanceKey?: string;
  /** Fitted resistance in Ω, when there is one. */
  resistance?: number;
  /** Effective capacitance in F (arcs: Brug or Hsu–Mansfeld for CPE, C itself, τ/R for K and Zarc; lone C/CPE: C or Q). */
  capacitance?: number;
  /** Capacitance per unit cell constant C·(L/A) in F/cm (Irvine et al.'s scale). */
  normalizedCapacitance?: number;
  /** Apex frequency f₀ in Hz (arcs only). */
  frequency?: number;
  /** Process class suggested by the capacitance, when computed. */
  process?: IrvineProcess;
  /** Final role: the explicit one when given, else the one derived here; null when nothing can be said. */
  role: Role | null;
  /** Source of `role`. */
  source: AssignmentSource;
  /** Human-readable reasoning (capacitance, band, override, conflicts). */
  reasoning: string;
  /** True when an explicit role contradicts the capacitance band. */
  conflict: boolean;
}

/** Options of {@link assignArcs}. */
export interface AssignArcsOptions {
  /** Circuit to analyse (default: `fit.circuit`). */
  circuit?: string | CircuitNode;
  /** Explicit roles by element name; they override annotations and capacitance. */
  roles?: Readonly<Record<string, Role>>;
  /** Effective-capacitance formula for R∥CPE (default `'brug'`). */
  capacitanceMethod?: CapacitanceMethod;
}

/** One capacitance band of {@link IRVINE_BANDS}. */
export interface IrvineBand {
  /** Process class. */
  process: IrvineProcess;
  /** Upper end (exclusive) of the band of C·(L/A) in F/cm. */
  upper: number;
  /** Published range in words. */
  range: string;
}

/**
 * Bands of C·(L/A) (F/cm) used to label arcs, after Irvine, Sinclair & West
 * (1990): bulk ~1e-12, grain boundary 1e-11–1e-8, surface layer 1e-9–1e-7,
 * sample–electrode interface 1e-7–1e-5, electrochemical reaction ~1e-4. Where
 * the published ranges overlap, the boundary sits at the end of the lower class.
 *
 * @example
 * ```ts
 * IRVINE_BANDS.find((b) => 1e-10 < b.upper)?.process; // 'grain-boundary'
 * ```
 */
export const IRVINE_BANDS: readonly IrvineBand[] = Object.freeze([
  { process: 'bulk', upper: 1e-11, range: '~1e-12 F/cm (below 1e-11)' },
  { process: 'grain-boundary', upper: 1e-8, range: '1e-11–1e-8 F/cm' },
  { process: 'surface-layer', upper: 1e-7, range: '1e-9–1e-7 F/cm' },
  { process: 'electrode-interface', upper: 1e-5, range: '1e-7–1e-5 F/cm' },
  { process: 'reaction', upper: Infinity, range: '~1e-4 F/cm (above 1e-5)' },
]);

/**
 * Irvine process class of a capacitance per unit cell constant.
 *
 * @param normalized - C·(L/A) in F/cm
 * @returns the process class
 * @example
 * ```ts
 * irvineProcess(1e-12); // 'bulk'
 * irvineProcess(2e-7);  // 'electrode-interface'
 * ```
 */
export function irvineProcess(normalized: number): IrvineProcess {
  for (const b of IRVINE_BANDS) if (normalized < b.upper) return b.process;
  return 'reaction';
}

/** Role implied by an Irvine class in a cell with the given electrodes. */
function roleOf(process: IrvineProcess, cell: Cell): Role {
  switch (process) {
    case 'bulk':
      return 'bulk';
    case 'grain-boundary':
      return 'grain-boundary';
    case 'surface-layer':
      return 'interphase';
    case 'electrode-interface':
      return cell.electrode === 'blocking' ? 'electrode' : 'charge-transfer';
    default:
      return 'charge-transfer';
  }
}

/**
 * Roles counted as interfacial: their resistance is reported as an ASR.
 *
 * @example
 * ```ts
 * INTERFACIAL_ROLES.includes("interphase"); // true
 * ```
 */
export const INTERFACIAL_ROLES: readonly Role[] = Object.freeze(['interphase', 'charge-transfer', 'electrode']);

function roleAgrees(role: Role, process: IrvineProcess): boolean {
  if (role === 'bulk') return process === 'bulk';
  if (role === 'grain-boundary') return process === 'grain-boundary' || process === 'surface-layer';
  if (INTERFACIAL_ROLES.includes(role)) return process !== 'bulk' && process !== 'grain-boundary';
  return true;
}

/** A top-level block found in the circuit (internal). */
export interface CircuitBlock {
  /** Kind. */
  kind: BlockKind;
  /** Element nodes in the block. */
  elements: ElementNode[];
}

/**
 * Splits a circuit into its top-level series blocks and classifies each one.
 *
 * @param ast - the circuit AST
 * @returns the blocks in series order
 * @example
 * ```ts
 * circuitBlocks(parseCircuit('R0-p(R1,CPE1)-CPE2')).map((b) => b.kind); // ['resistor', 'arc', 'capacitor']
 * ```
 */
export function circuitBlocks(ast: CircuitNode): CircuitBlock[] {
  const items = ast.type === 'series' ? ast.children : [ast];
  const leaves = (n: CircuitNode): ElementNode[] => (n.type === 'element' ? [n] : n.children.flatMap(leaves));
  return items.map((n) => {
    const elements = leaves(n);
    if (n.type === 'element') {
      const s = n.symbol;
      if (s === 'R') return { kind: 'resistor', elements };
      if (s === 'C' || s === 'CPE') return { kind: 'capacitor', elements };
      if (s === 'K' || s === 'Zarc') return { kind: 'arc', elements };
      if (s === 'W' || s === 'Wo' || s === 'Ws') return { kind: 'diffusion', elements };
      return { kind: 'other', elements };
    }
    if (n.type === 'parallel' && n.children.length === 2 && n.children.every((c) => c.type === 'element')) {
      const syms = elements.map((e) => e.symbol);
      const r = syms.filter((s) => s === 'R').length;
      const c = syms.filter((s) => s === 'C' || s === 'CPE').length;
      if (r === 1 && c === 1) return { kind: 'arc', elements };
    }
    return { kind: 'other', elements };
  });
}

/** Fitted value of parameter `name` of element `element` (by alias). */
export function valueOf(fit: FitResult, element: string, name: string): { key: string; value: number } | undefined {
  const p = fit.parameters.find((q) => q.element === element && q.alias === `${element}.${name}`);
  return p ? { key: p.key, value: p.value } : undefined;
}

/** Resistance and effective capacitance of a block from fitted values (internal). */
export interface BlockValues {
  /** Resistance parameter key. */
  rKey?: string;
  /** Keys that define the capacitance. */
  cKeys: string[];
  /** R(values) in Ω. */
  resistance?: (get: (k: string) => number) => number;
  /** C_eff(values) in F. */
  capacitance?: (get: (k: string) => number) => number;
  /** f₀(values) in Hz. */
  frequency?: (get: (k: string) => number) => number;
}

/**
 * Functions giving a block's resistance, effective capacitance and apex
 * frequency in terms of the fit's parameter values (used for the delta method).
 *
 * @param block - the block
 * @param fit - the fit (for keys)
 * @param method - effective-capacitance formula
 * @returns accessor functions and keys
 * @example
 * ```ts
 * const b = blockValues(circuitBlocks(ast)[1], fit, 'brug');
 * ```
 */
export function blockValues(block: CircuitBlock, fit: FitResult, method: CapacitanceMethod = 'brug'): BlockValues {
  const out: BlockValues = { cKeys: [] };
  const el = block.elements;
  if (block.kind === 'arc') {
    if (el.length === 1) {
      const e = el[0];
      const r = valueOf(fit, e.name, 'R');
      const tau = valueOf(fit, e.name, 'tau');
      if (!r || !tau) return out;
      out.rKey = r.key;
      out.cKeys = [r.key, tau.key];
      out.resistance = (g) => g(r.key);
      out.capacitance = (g) => g(tau.key) / g(r.key);
      out.frequency = (g) => 1 / (2 * Math.PI * g(tau.key));
      return out;
    }
    const re = el.find((e) => e.symbol === 'R')!;
    const ce = el.find((e) => e.symbol !== 'R')!;
    const r = valueOf(fit, re.name, 'R');
    if (!r) return out;
    out.rKey = r.key;
    out.resistance = (g) => g(r.key);
    if (ce.symbol === 'C') {
      const c = valueOf(fit, ce.name, 'C');
      if (!c) return out;
      out.cKeys = [c.key];
      out.capacitance = (g) => g(c.key);
      out.frequency = (g) => 1 / (2 * Math.PI * g(r.key) * g(c.key));
    } else {
      const q = valueOf(fit, ce.name, 'Q');
      const a = valueOf(fit, ce.name, 'alpha');
      if (!q || !a) return out;
      out.cKeys = [q.key, a.key, r.key];
      out.capacitance = (g) => effectiveCapacitance(g(q.key), Math.min(1, g(a.key)), g(r.key), { method });
      out.frequency = (g) => characteristicFrequency(g(q.key), Math.min(1, g(a.key)), g(r.key));
    }
    return out;
  }
  if (block.kind === 'resistor') {
    const r = valueOf(fit, el[0].name, 'R');
    if (r) {
      out.rKey = r.key;
      out.resistance = (g) => g(r.key);
    }
    return out;
  }
  if (block.kind === 'capacitor') {
    const e = el[0];
    const c = valueOf(fit, e.name, e.symbol === 'C' ? 'C' : 'Q');
    if (c) {
      out.cKeys = [c.key];
      out.capacitance = (g) => g(c.key);
    }
    return out;
  }
  if (block.kind === 'diffusion') {
    const e = el[0];
    const z = valueOf(fit, e.name, 'Z0');
    if (z) {
      out.rKey = z.key;
      out.resistance = (g) => g(z.key);
    }
  }
  return out;
}

/** Resolves the circuit AST of a fit (internal). */
export function circuitOf(fit: FitResult, circuit?: string | CircuitNode): CircuitNode {
  const c = circuit ?? fit.circuit;
  return typeof c === 'string' ? parseCircuit(c) : c;
}

const fmt = (x: number) => x.toExponential(2);

/**
 * Labels each top-level block of a fitted circuit as bulk, grain boundary,
 * surface layer (interphase), electrode interface or reaction, from its
 * effective capacitance per unit cell constant C·(L/A), following the bands of
 * Irvine, Sinclair & West, Adv. Mater. 2 (1990) 132 (see {@link IRVINE_BANDS}).
 * Effective capacitances of R∥CPE come from Brug et al. (1984) or Hsu &
 * Mansfeld (2001). A lone series resistor is labelled bulk (high-frequency
 * intercept) when no arc is bulk-like, a lone series C/CPE is the blocking
 * electrode (or interface) capacitance, and a Warburg is diffusion. Explicit
 * roles (the `roles` option, then inline `role=` annotations) override the
 * capacitance, and a contradiction is reported in `reasoning` with
 * `conflict: true`.
 *
 * @param fit - a fit result (values and roles)
 * @param cell - the cell geometry (for L/A and the electrode type)
 * @param options - circuit override, explicit roles, capacitance formula
 * @returns one assignment per top-level series block, in circuit order
 * @throws ParameterError `UNKNOWN_PARAMETER` when `roles` names an element not in the circuit
 * @example
 * ```ts
 * const arcs = assignArcs(fitCircuit('R0-p(R1,CPE1)-CPE2', spectrum), cell);
 * arcs[1].role;      // 'grain-boundary'
 * arcs[1].reasoning; // 'C_eff = 1.00e-9 F; C·L/A = 1.00e-10 F/cm lies in 1e-11–1e-8 F/cm → grain-boundary …'
 * ```
 */
export function assignArcs(fit: FitResult, cell: Cell, options: AssignArcsOptions = {}): ArcAssignment[] {
  const ast = circuitOf(fit, options.circuit);
  const blocks = circuitBlocks(ast);
  const method = options.capacitanceMethod ?? 'brug';
  const explicit = options.roles ?? {};
  const names = new Set(blocks.flatMap((b) => b.elements.map((e) => e.name)));
  for (const k of Object.keys(explicit)) {
    if (!names.has(k)) throw new ParameterError('UNKNOWN_PARAMETER', `roles: element "${k}" is not in the circuit (${[...names].join(', ')})`, k);
  }
  const get = (k: string) => fit.values[k];
  const out: ArcAssignment[] = blocks.map((b, index) => {
    const v = blockValues(b, fit, method);
    const a: ArcAssignment = { index, kind: b.kind, elements: b.elements.map((e) => e.name), role: null, source: 'none', reasoning: '', conflict: false };
    if (v.rKey) a.resistanceKey = v.rKey;
    if (v.resistance) a.resistance = v.resistance(get);
    if (v.capacitance) {
      a.capacitance = v.capacitance(get);
      a.normalizedCapacitance = a.capacitance * cell.cellConstant;
    }
    if (v.frequency) a.frequency = v.frequency(get);
    const parts: string[] = [];
    if (b.kind === 'arc' && a.capacitance !== undefined) {
      const process = irvineProcess(a.normalizedCapacitance!);
      a.process = process;
      const band = IRVINE_BANDS.find((x) => x.process === process)!;
      a.role = roleOf(process, cell);
      a.source = 'capacitance';
      parts.push(
        `C_eff = ${fmt(a.capacitance)} F (${method === 'brug' ? 'Brug 1984' : 'Hsu–Mansfeld 2001'}), f0 = ${fmt(a.frequency ?? NaN)} Hz; ` +
          `C·L/A = ${fmt(a.normalizedCapacitance!)} F/cm (L/A = ${cell.cellConstant.toPrecision(3)} cm⁻¹) lies in ${band.range} → ${process} (Irvine, Sinclair & West 1990)`,
      );
    } else if (b.kind === 'capacitor' && a.capacitance !== undefined) {
      a.role = cell.electrode === 'blocking' ? 'electrode' : 'charge-transfer';
      a.source = 'position';
      parts.push(`lone series ${b.elements[0].symbol} (${fmt(a.capacitance)}): ion-blocking capacitive tail → ${a.role}`);
    } else if (b.kind === 'diffusion') {
      a.role = 'diffusion';
      a.source = 'position';
      parts.push('Warburg element → diffusion');
    }
    // Explicit role: options.roles, then annotations of the block's elements.
    let given: Role | undefined;
    for (const e of b.elements) given ??= explicit[e.name];
    for (const e of b.elements) given ??= e.annotations?.role ?? fit.parameters.find((p) => p.element === e.name)?.role;
    if (given) {
      const derived = a.process;
      a.conflict = derived !== undefined && !roleAgrees(given, derived);
      parts.push(
        `role '${given}' given explicitly` +
          (derived === undefined ? '' : a.conflict ? `; CONFLICT: the capacitance suggests ${derived}` : '; consistent with the capacitance'),
      );
      a.role = given;
      a.source = 'explicit';
    }
    a.reasoning = parts.join('; ');
    return a;
  });
  // Lone series resistors without explicit roles: the high-frequency intercept.
  const hasBulk = out.some((a) => a.role === 'bulk' && a.kind !== 'resistor');
  for (const a of out) {
    if (a.kind !== 'resistor' || a.source === 'explicit') continue;
    if (!hasBulk && !out.some((o) => o !== a && o.kind === 'resistor' && o.role === 'bulk')) {
      a.role = 'bulk';
      a.source = 'position';
      a.reasoning = `lone series resistor = high-frequency intercept: bulk electrolyte resistance (includes leads/contacts; the bulk arc lies above the measured range)`;
    } else {
      a.role = 'contact';
      a.source = 'position';
      a.reasoning = 'lone series resistor beside a resolved bulk arc → leads/contacts';
    }
  }
  for (const a of out) if (!a.reasoning) a.reasoning = 'no capacitance or role: not labelled';
  return out;
}
