import type { CircuitModel, CircuitNode } from '../../circuit/types.js';
import type { Spectrum } from '../../data/spectrum.js';
import type { GuessFunction } from '../../fit/types.js';
import { computeDrt, type DrtOptions, type DrtResult } from './computeDrt.js';
import type { DrtPeak } from './findDrtPeaks.js';

/** Options of {@link drtGuess}. */
export interface DrtGuessOptions {
  /** Options passed to {@link computeDrt}. */
  drt?: DrtOptions;
  /** CPE exponents are clamped to this range (default [0.5, 0.98]). */
  alphaRange?: [number, number];
}

/** One R∥CPE (or R∥C) block of the circuit and the DRT peak assigned to it. */
export interface DrtArcAssignment {
  /** Resistor parameter key, e.g. `R1`. */
  resistor: string;
  /** Capacitive element name, e.g. `CPE1` or `C1`. */
  capacitive: string;
  /** The peak that seeded this block, or null when no peak was left for it. */
  peak: DrtPeak | null;
}

/** Result of {@link drtGuess}. */
export interface DrtGuessResult {
  /**
   * Starting values keyed by impedance.py parameter key, for the parameters
   * the DRT determines (series R, series L, R∥CPE and R∥C blocks). Feed them to
   * `fitCircuit` through `initial` or use {@link drtGuessFunction}.
   */
  values: Record<string, number>;
  /** Number of arcs the DRT suggests: the number of peaks found. */
  suggestedArcs: number;
  /** A circuit with one R∥CPE block per peak, e.g. `R0-p(R1,CPE1)-p(R2,CPE2)`. */
  suggestedCircuit: string;
  /** Blocks of the given circuit in circuit order, with the peaks assigned. */
  assignments: DrtArcAssignment[];
  /** Human-readable notes (e.g. arc-count mismatch). */
  notes: string[];
  /** The DRT the guess came from. */
  drt: DrtResult;
}

/**
 * CPE exponent n of a Zarc whose DRT has a full width at half maximum of
 * `width` decades: from γ ∝ 1/(cosh(n·s) − cos((1−n)π)), the half-maximum
 * points satisfy cosh(n·s) = 2 − cos((1−n)π), so
 * FWHM = 2·arccosh(2 − cos((1−n)π)) / (n·ln 10) decades; inverted by bisection.
 * Regularisation broadens peaks, so the estimate is biased low; it is a start value.
 */
function alphaFromWidth(width: number, lo: number, hi: number): number {
  const fwhm = (n: number) => (2 * Math.acosh(2 - Math.cos((1 - n) * Math.PI))) / (n * Math.LN10);
  if (!(width > 0) || !Number.isFinite(width)) return hi;
  let a = lo;
  let b = hi;
  if (width >= fwhm(a)) return a;
  if (width <= fwhm(b)) return b;
  for (let it = 0; it < 60; it++) {
    const m = 0.5 * (a + b);
    if (fwhm(m) > width) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}

interface Block {
  resistor: string;
  capacitive: string;
  symbol: 'CPE' | 'C';
}

/** Series-level R and L elements and R∥CPE / R∥C blocks, in circuit order. */
function scanCircuit(ast: CircuitNode): { seriesR: string[]; seriesL: string[]; blocks: Block[] } {
  const top = ast.type === 'series' ? ast.children : [ast];
  const seriesR: string[] = [];
  const seriesL: string[] = [];
  const blocks: Block[] = [];
  for (const node of top) {
    if (node.type === 'element') {
      if (node.symbol === 'R') seriesR.push(node.name);
      else if (node.symbol === 'L') seriesL.push(node.name);
    } else if (node.type === 'parallel' && node.children.length === 2) {
      const [a, b] = node.children;
      if (a.type !== 'element' || b.type !== 'element') continue;
      const r = a.symbol === 'R' ? a : b.symbol === 'R' ? b : null;
      const c = r === a ? b : a;
      if (r && c !== r && (c.symbol === 'CPE' || c.symbol === 'C')) {
        blocks.push({ resistor: r.name, capacitive: c.name, symbol: c.symbol });
      }
    }
  }
  return { seriesR, seriesL, blocks };
}

/**
 * Initial values for a circuit from the distribution of relaxation times.
 *
 * Each DRT peak (τ_p, area R_p, FWHM w) is read as one R∥CPE process: R = R_p,
 * the CPE exponent n from the Zarc width relation (see the docs) and
 * Q = τ_p^n / R (from τ₀ = (R·Q)^(1/n)); for an R∥C block C = τ_p/R. The
 * series resistor gets R∞ and a series inductor the DRT's L (when positive).
 * Blocks are matched to peaks in circuit order against ascending τ (high
 * frequency first); when there are more peaks than blocks, the peaks with the
 * largest areas are used. Parameters the DRT cannot inform (Warburg
 * elements, nested blocks, blocks without a peak) are left out, so the
 * fitter's automatic guess fills them.
 *
 * The arc-count suggestion is the number of peaks; `suggestedCircuit` spells
 * it as an impedance.py string.
 *
 * References: DRT and peak areas as in {@link computeDrt}; Zarc DRT from
 * Fuoss & Kirkwood (1941) and Boukamp, Electrochim. Acta 154 (2015) 35.
 *
 * @param model - compiled circuit
 * @param spectrum - measured spectrum
 * @param options - see {@link DrtGuessOptions}
 * @returns values by parameter key, the suggestion and the DRT
 * @example
 * ```ts
 * const g = drtGuess(compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)'), spectrum);
 * console.log(g.suggestedArcs, g.suggestedCircuit);
 * fitCircuit('R0-p(R1,CPE1)-p(R2,CPE2)', spectrum, { initial: g.values });
 * ```
 */
export function drtGuess(model: CircuitModel, spectrum: Spectrum, options: DrtGuessOptions = {}): DrtGuessResult {
  const [aLo, aHi] = options.alphaRange ?? [0.5, 0.98];
  const drt = computeDrt(spectrum, options.drt);
  const { seriesR, seriesL, blocks } = scanCircuit(model.ast);
  const keyOf = (element: string, name: string): string | undefined =>
    model.parameters.find((p) => p.element === element && p.name === name)?.key;
  const values: Record<string, number> = {};
  const notes: string[] = [];

  if (seriesR.length) {
    const k = keyOf(seriesR[0], 'R');
    if (k && drt.rInf > 0) values[k] = drt.rInf;
  }
  if (seriesL.length) {
    const k = keyOf(seriesL[0], 'L');
    if (k && drt.inductance > 0) values[k] = drt.inductance;
  }

  let peaks = drt.peaks;
  if (peaks.length > blocks.length && blocks.length > 0) {
    peaks = [...peaks].sort((a, b) => b.area - a.area).slice(0, blocks.length).sort((a, b) => a.tau - b.tau);
  }
  const assignments: DrtArcAssignment[] = blocks.map((b, i) => ({
    resistor: keyOf(b.resistor, 'R') ?? b.resistor,
    capacitive: b.capacitive,
    peak: peaks[i] ?? null,
  }));
  blocks.forEach((b, i) => {
    const peak = peaks[i];
    if (!peak) return;
    const rKey = keyOf(b.resistor, 'R');
    if (!rKey || !(peak.area > 0)) return;
    values[rKey] = peak.area;
    if (b.symbol === 'C') {
      const cKey = keyOf(b.capacitive, 'C');
      if (cKey) values[cKey] = peak.tau / peak.area;
    } else {
      const qKey = keyOf(b.capacitive, 'Q');
      const aKey = keyOf(b.capacitive, 'alpha');
      const n = alphaFromWidth(peak.width, aLo, aHi);
      if (aKey) values[aKey] = n;
      if (qKey) values[qKey] = peak.tau ** n / peak.area;
    }
  });

  const suggestedArcs = drt.peaks.length;
  const suggestedCircuit = ['R0', ...drt.peaks.map((_, k) => `p(R${k + 1},CPE${k + 1})`)].join('-');
  if (blocks.length !== suggestedArcs) {
    notes.push(
      `the circuit has ${blocks.length} R∥CPE/R∥C block(s) but the DRT shows ${suggestedArcs} peak(s); consider ${suggestedCircuit}`,
    );
  }
  return { values, suggestedArcs, suggestedCircuit, assignments, notes, drt };
}

/**
 * A `fitCircuit` guess hook that seeds parameters from {@link drtGuess};
 * parameters the DRT does not inform keep the automatic guess.
 *
 * @param options - see {@link DrtGuessOptions}
 * @returns a GuessFunction for `FitOptions.guess`
 * @example
 * ```ts
 * const fit = fitCircuit('R0-p(R1,CPE1)-p(R2,CPE2)', spectrum, { guess: drtGuessFunction() });
 * ```
 */
export function drtGuessFunction(options: DrtGuessOptions = {}): GuessFunction {
  return (model, spectrum) => drtGuess(model, spectrum, options).values;
}
