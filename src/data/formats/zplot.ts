/**
 * Scribner ZPlot / Solartron `.z`: `ZPLOT2 ASCII` (data after `End Comments`)
 * and the quoted-header ZPlotW / Z60W variant (declared count, `", "` rows).
 * Columns Freq, Ampl, Bias, Time, Z'(a), Z''(b) (Im Z, true sign), GD, Err, Range.
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { fail, PointBuffer, readRow, splitBlanks, toSpectra, type ReadContext, type RowPlan } from '../readContext.js';

/**
 * Column indices (frequency, Z'(a), Z''(b), time or −1) from a title line such
 * as `Freq(Hz)  Ampl … Time(Sec)  Z'(a)  Z''(b) …`.
 */
function titleColumns(title: string): [number, number, number, number] | undefined {
  const t = splitBlanks(title.replace(/"/g, ' ').replace(/Freq\s*\(Hz\)/i, 'Freq(Hz)').replace(/Time\s*\(Sec\)/i, 'Time(Sec)'));
  const f = t.findIndex((x) => /^Freq/i.test(x));
  const a = t.indexOf("Z'(a)");
  const b = t.indexOf("Z''(b)");
  const time = t.findIndex((x) => /^Time\(Sec\)$/i.test(x));
  return f >= 0 && a >= 0 && b >= 0 ? [f, a, b, time] : undefined;
}

/** Reads a ZPlot-family text. */
export function readZplot(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  const meta: SpectrumMeta = {};
  let start = -1;
  let cols: [number, number, number, number] = [0, 4, 5, 3];
  let declared = -1;
  let quoted = false;
  const first = lines[0] ?? '';
  if (/^ZPLOT2 ASCII/.test(first)) {
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i];
      if (/^End Comments/.test(l)) {
        start = i + 1;
        break;
      }
      if (l.includes("Z'(a)")) {
        const c = titleColumns(l);
        if (c) cols = c;
      }
      if (!/^\s*(Date|Time|Measured Data)/.test(l)) continue;
      const kv = /^\s*([^:]+?):\s+(.*?)\s*$/.exec(l);
      if (kv) {
        if (kv[1] === 'Date') meta.date = meta.date ? `${kv[2]} ${meta.date}` : kv[2];
        else if (kv[1] === 'Time') meta.date = meta.date ? `${meta.date} ${kv[2]}` : kv[2];
        else if (/^Measured Data, (ZPlot|Software)/.test(kv[1])) meta.software = `ZPlot ${kv[2]}`;
      }
    }
    if (start < 0) fail(ctx, { code: 'MISSING_COLUMN', column: 'End Comments', message: 'ZPLOT2 file has no "End Comments" line before the data' });
  } else {
    quoted = true;
    const v = /"(Z\w+ Data File): Version ([^"]*)"/.exec(first);
    if (v) meta.software = `${v[1].replace(' Data File', '')} ${v[2]}`;
    for (let i = 1; i < lines.length && i < 200; i++) {
      const l = lines[i];
      const c = l.startsWith('"') && l.includes("Z'(a)") ? titleColumns(l) : undefined;
      if (c) {
        cols = c;
        start = i + 1;
        const n = /^\s*(\d+)\s*$/.exec(lines[i - 1] ?? '');
        if (n) declared = Number(n[1]);
        break;
      }
      const d = /^Date:\s*(\S+)(?:\s+Time:\s*(\S+))?/.exec(l);
      if (d) meta.date = d[2] ? `${d[1]} ${d[2]}` : d[1];
    }
    if (start < 0) fail(ctx, { code: 'MISSING_COLUMN', column: "Z'(a)", message: 'ZPlotW/Z60W file has no quoted column-title line with Freq, Z\'(a) and Z\'\'(b)' });
  }
  const plan: RowPlan = {
    f: cols[0],
    a: cols[1],
    b: cols[2],
    polar: false,
    fScale: 1,
    aScale: 1,
    bScale: 1,
    minFields: Math.max(cols[0], cols[1], cols[2]) + 1,
    names: ['Freq(Hz)', "Z'(a)", "Z''(b)"],
    comma: false,
  };
  if (cols[3] >= 0) plan.t = cols[3];
  const buf = new PointBuffer();
  let rows = 0;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    rows++;
    readRow(ctx, quoted || l.includes(',') ? l.split(',') : l.includes('\t') ? l.split('\t') : splitBlanks(l), i + 1, plan, buf, false);
  }
  if (declared >= 0 && declared !== rows) {
    ctx.warnings.push({ code: 'DECLARED_COUNT_MISMATCH', line: start - 1, message: `header declares ${declared} points, file holds ${rows} rows (sweep stopped early)` });
  }
  return toSpectra(ctx, buf, meta);
}
