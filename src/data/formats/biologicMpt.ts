/**
 * BioLogic EC-Lab ASCII export (`.mpt`): `Nb header lines`, exact column names,
 * loops, cycle numbers and frequency resets split into spectra.
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';

/**
 * Tab fields of `line`: the first `need` fields, padded with empty strings up to
 * the total field count when the line has at least `min` fields (so the row
 * reader's field-count check sees the real count); the full split otherwise.
 */
function splitPrefix(line: string, need: number, min: number): string[] {
  let count = 1;
  let cut = -1;
  for (let i = line.indexOf('\t'); i >= 0; i = line.indexOf('\t', i + 1)) {
    if (count === need) cut = i;
    count++;
  }
  if (count < min || cut < 0) return line.split('\t');
  const out = line.slice(0, cut).split('\t');
  out.length = count;
  return out;
}
import { fail, parseNumber, parseSiQuantity, PointBuffer, readRow, toSpectra, type ReadContext, type RowPlan } from '../readContext.js';

const IM_NAMES = ['-Im(Z)/Ohm', 'Im(Z)/Ohm'];

/** Reads an EC-Lab `.mpt` text. */
export function readBiologicMpt(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  let headerLine = -1;
  const nb = /^Nb header lines\s*:\s*(\d+)/.exec(lines[1] ?? '');
  if (nb) {
    const n = Number(nb[1]);
    if (n >= 1 && n <= lines.length && lines[n - 1].includes('\t')) headerLine = n - 1;
  }
  if (headerLine < 0) {
    // No (or wrong) count: the column line is the first one naming Re(Z) or freq.
    for (let i = 0; i < Math.min(lines.length, 400); i++) {
      if (/^(freq\/Hz|.*\tRe\(Z\)\/Ohm)/.test(lines[i])) {
        headerLine = i;
        break;
      }
    }
  }
  if (headerLine < 0) fail(ctx, { code: 'MISSING_COLUMN', column: 'freq/Hz', message: 'EC-Lab file: no column header line (with "freq/Hz" and "Re(Z)/Ohm") found' });
  const names = lines[headerLine].split('\t');
  while (names.length && names[names.length - 1].trim() === '') names.pop();
  const col = (n: string): number => names.findIndex((x) => x.trim() === n);
  const f = col('freq/Hz');
  const re = col('Re(Z)/Ohm');
  let im = -1;
  let imName = '';
  for (const n of IM_NAMES) {
    im = col(n);
    if (im >= 0) {
      imName = n;
      break;
    }
  }
  const missing = [f < 0 ? 'freq/Hz' : '', re < 0 ? 'Re(Z)/Ohm' : '', im < 0 ? '-Im(Z)/Ohm' : ''].filter(Boolean);
  if (missing.length) {
    fail(ctx, {
      code: 'MISSING_COLUMN',
      line: headerLine + 1,
      column: missing.join(', '),
      text: lines[headerLine],
      message: `column ${missing.map((m) => `"${m}"`).join(' and ')} not found in the column header line`,
    });
  }
  const cyc = col('cycle number');
  const plan: RowPlan = {
    f,
    a: re,
    b: im,
    polar: false,
    fScale: 1,
    aScale: 1,
    bScale: imName.startsWith('-') ? -1 : 1,
    minFields: names.length,
    names: ['freq/Hz', 'Re(Z)/Ohm', imName],
    comma: true,
  };
  const tCol = col('time/s');
  if (tCol >= 0) plan.t = tCol;
  // Loop markers: "Loop k from point number a to b" (0-based data-point index).
  const loopStarts = new Set<number>();
  const meta: SpectrumMeta = {};
  const extra: Record<string, string | number> = {};
  for (let i = 0; i < headerLine; i++) {
    const l = lines[i];
    const lm = /^Loop \d+ from point number (\d+) to \d+/.exec(l);
    if (lm) {
      loopStarts.add(Number(lm[1]));
      continue;
    }
    if (!l.includes(' : ')) continue;
    const kv = /^([^:\t]{2,60}?)\s+:\s*(.*?)\s*$/.exec(l);
    if (!kv) continue;
    const [, key, value] = kv;
    if (key === 'Device') meta.instrument = value;
    else if (key === 'Acquisition started on') meta.date = value;
    else if (key === 'Electrode surface area') {
      const a = /^([\d.eE+-]+)\s*cm/.exec(value);
      if (a && Number(a[1]) > 0) meta.area = Number(a[1]) * 1e-4;
    } else if (key === 'Run on channel') extra.channel = value;
    else if (key === 'Technique') extra.technique = value;
  }
  for (let i = 2; i < Math.min(headerLine, 8); i++) {
    if (/Impedance Spectroscopy/.test(lines[i])) extra.technique = lines[i].trim();
  }
  for (let i = 0; i < headerLine; i++) {
    const s = /^(EC-Lab\b.*?v\d[\w.]*)(?:\s*\(software\))?\s*$/i.exec(lines[i]);
    if (s && !meta.software) meta.software = s[1];
    const e = /^E \(V\)\s+(\S+)/.exec(lines[i]);
    if (e && meta.potential === undefined) {
      const v = parseNumber(e[1], true);
      if (v === v) meta.potential = v;
    }
    const is = /^Is\s+(\S+)/.exec(lines[i]);
    if (is && i + 1 < headerLine && meta.current === undefined) {
      const u = /^unit Is\s+(\S+)/.exec(lines[i + 1]);
      const v = parseNumber(is[1], true);
      const c = u ? parseSiQuantity(`${v}${u[1]}`, 'A') : NaN;
      if (c === c) meta.current = c;
    }
  }
  if (Object.keys(extra).length) meta.extra = extra;

  const need = Math.max(f, re, im, cyc, tCol) + 1;
  const buf = new PointBuffer();
  let point = 0;
  let lastCycle = NaN;
  let pending = false;
  for (let i = headerLine + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    // Only the leading fields are used: split that prefix, count the rest.
    const fields = splitPrefix(l, need, names.length);
    let brk = loopStarts.has(point);
    if (cyc >= 0) {
      const c = parseNumber(fields[cyc], true);
      if (c === c) {
        if (lastCycle === lastCycle && c !== lastCycle) brk = true;
        lastCycle = c;
      }
    }
    pending = pending || brk;
    if (readRow(ctx, fields, i + 1, plan, buf, pending && buf.n > 0)) pending = false;
    point++;
  }
  return toSpectra(ctx, buf, meta);
}
