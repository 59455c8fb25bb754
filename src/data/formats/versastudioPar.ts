/**
 * PAR/Ametek VersaStudio `.par`: XML-like sections; each `<SegmentN>` holds a
 * `Definition=` column list and comma-separated rows (`Frequency(Hz)`,
 * `Z Real`, `Z Imag` with the true sign of Im).
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { fail, PointBuffer, readRow, toSpectra, type ReadContext, type RowPlan } from '../readContext.js';

/** Reads a VersaStudio `.par` text. */
export function readVersastudioPar(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  const meta: SpectrumMeta = {};
  let section = '';
  let date = '';
  let time = '';
  let instr = '';
  let sn = '';
  const out: Spectrum[] = [];
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const open = /^<(\w+)>\s*$/.exec(l);
    if (open) {
      section = open[1];
      if (/^Segment\d+$/.test(section)) {
        found = true;
        i = readSegment(ctx, i + 1, section, meta, out);
        section = '';
      }
      continue;
    }
    if (/^<\/\w+>/.test(l)) {
      section = '';
      continue;
    }
    const kv = /^([^=]+)=(.*)$/.exec(l);
    if (!kv) continue;
    const [, k, v] = kv;
    if (section === 'Application' && k === 'Name') meta.software = meta.software ? `${v} ${meta.software}` : v;
    else if (section === 'Application' && k === 'Version') meta.software = meta.software ? `${meta.software} ${v}` : v;
    else if (section === 'Instrument' && k === 'Type') instr = v;
    else if (section === 'Instrument' && k === 'SN') sn = v;
    else if (section === 'Experiment' && k === 'DateAcquired') date = v;
    else if (section === 'Experiment' && k === 'TimeAcquired') time = v;
  }
  if (!found) fail(ctx, { code: 'MISSING_COLUMN', column: '<Segment1>', message: 'VersaStudio file has no <Segment> data section' });
  for (const s of out) {
    if (instr) s.meta!.instrument = sn ? `${instr} (SN ${sn})` : instr;
    if (meta.software) s.meta!.software = meta.software;
    if (date || time) s.meta!.date = [date, time].filter(Boolean).join(' ');
  }
  return out;
}

function readSegment(ctx: ReadContext, from: number, name: string, meta: SpectrumMeta, out: Spectrum[]): number {
  const lines = ctx.lines;
  let i = from;
  let names: string[] | undefined;
  for (; i < lines.length && !names; i++) {
    const d = /^Definition=(.*)$/.exec(lines[i]);
    if (d) names = d[1].split(',').map((s) => s.trim());
    else if (/^<\//.test(lines[i])) break;
  }
  if (!names) fail(ctx, { code: 'MISSING_COLUMN', line: from, column: 'Definition', message: `<${name}> has no "Definition=" column list` });
  const f = names.indexOf('Frequency(Hz)');
  const re = names.indexOf('Z Real');
  const im = names.indexOf('Z Imag');
  const missing = [f < 0 ? 'Frequency(Hz)' : '', re < 0 ? 'Z Real' : '', im < 0 ? 'Z Imag' : ''].filter(Boolean);
  if (missing.length) fail(ctx, { code: 'MISSING_COLUMN', line: i, column: missing.join(', '), message: `<${name}> Definition has no ${missing.map((m) => `"${m}"`).join(' and ')} column` });
  while (names.length && names[names.length - 1] === '') names.pop();
  const plan: RowPlan = { f, a: re, b: im, polar: false, fScale: 1, aScale: 1, bScale: 1, minFields: Math.max(f, re, im) + 1, names: ['Frequency(Hz)', 'Z Real', 'Z Imag'], comma: false };
  const tCol = names.indexOf('Elapsed Time(s)');
  if (tCol >= 0) plan.t = tCol;
  const buf = new PointBuffer();
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (/^<\//.test(l) || /^<\w+>\s*$/.test(l)) break;
    if (l.trim() === '' || /^\w[\w ]*=/.test(l)) continue;
    readRow(ctx, l.split(','), i + 1, plan, buf, false);
  }
  const before = out.length;
  out.push(...toSpectra(ctx, buf, { ...meta, label: name }));
  if (out.length - before === 1) out[out.length - 1].meta!.label = name;
  return i;
}
