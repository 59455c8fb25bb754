/**
 * Plain-text fit report.
 *
 * @module
 */
import type { FitResult } from './types.js';

function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? Number(v.toPrecision(digits)).toString() : v.toExponential(digits - 1);
}

function pad(s: string, w: number, right = false): string {
  const n = [...s].length;
  return n >= w ? s : right ? ' '.repeat(w - n) + s : s + ' '.repeat(w - n);
}

/**
 * Formats a fit result as an aligned plain-text table: one row per parameter
 * (key, value, unit, standard error, relative error, 95% interval, flags),
 * then χ², reduced χ², AIC/AICc/BIC, convergence and the warnings.
 *
 * Flags: `fixed`, `bound` (at a bound), `n.i.` (not identifiable), and the role.
 *
 * @param result - from `fitCircuit`
 * @returns multi-line text (no trailing newline)
 * @example
 * ```ts
 * console.log(formatFitReport(fitCircuit('R0-p(R1,C1)', spectrum)));
 * ```
 */
export function formatFitReport(result: FitResult): string {
  const header = ['parameter', 'value', 'unit', 'std. error', 'rel.', '95% CI', 'flags'];
  const rows = result.parameters.map((p) => {
    const ci = p.profile95 ? p.profile95 : p.ci95;
    const ciText = ci ? `[${num(ci[0])}, ${num(ci[1])}]${p.profile95 ? ' (profile)' : ''}` : '—';
    const flags = [p.fixed ? 'fixed' : '', p.atBound ? 'bound' : '', !p.identifiable ? 'n.i.' : '', p.role ?? ''].filter(Boolean).join(' ');
    return [
      p.key === p.alias ? p.key : `${p.key} (${p.alias.split('.').pop()})`,
      num(p.value, 6),
      p.unit,
      num(p.stderr, 3),
      p.relativeStderr === null ? '—' : `${(100 * p.relativeStderr).toPrecision(2)}%`,
      ciText,
      flags,
    ];
  });
  const widths = header.map((h, c) => Math.max([...h].length, ...rows.map((r) => [...r[c]].length)));
  const right = [false, true, false, true, true, false, false];
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], right[i])).join('  ').trimEnd();
  const st = result.statistics;
  const out = [
    `Circuit ${result.circuit} — ${st.points} points, weighting ${st.weighting}, solver ${result.solver}`,
    line(header),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
    '',
    `χ² = ${num(st.chiSquare, 6)}   reduced χ² = ${num(st.reducedChiSquare, 6)}   dof = ${st.dof}`,
    `AIC = ${num(st.aic, 6)}   AICc = ${num(st.aicc, 6)}   BIC = ${num(st.bic, 6)}`,
    `${result.converged ? 'converged' : 'NOT converged'} (${result.reason}) after ${result.iterations} iterations, ${result.evaluations} evaluations, ${result.timeMs.toFixed(2)} ms; starts ${result.multistart.starts} (best reached by ${result.multistart.reachedBest})${result.reordered ? '; arcs reordered by time constant' : ''}`,
  ];
  for (const w of result.warnings) out.push(`warning ${w.code}: ${w.message}`);
  return out.join('\n');
}
