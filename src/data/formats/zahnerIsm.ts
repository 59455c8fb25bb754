/**
 * Zahner Thales `.ism` binary, all big-endian: 6-byte version, 6-byte (N − 1),
 * N float64 frequencies, N float64 |Z|, N float64 phases (radians), N float64
 * times, N int16 significances, then length-prefixed strings with swapped
 * letter case (date `ddmmyy`, system, potential, current, temperature, time
 * window, four comments, area). The sweep starts mid-range, runs to one end and
 * back over an overlapping range; like Zahner's own importer, only the
 * non-overlapping span between the minimum and maximum frequency is returned
 * (ascending); the other samples are listed as `OVERLAP` warnings.
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { fail, parseSiQuantity, PointBuffer, rowIssue, skipRow, toSpectra, type ReadContext } from '../readContext.js';

/** Reads a signed big-endian integer of 6 bytes. */
function int48(v: DataView, at: number): number {
  const hi = v.getInt16(at);
  const lo = v.getUint32(at + 2);
  return hi * 4294967296 + lo;
}

/** `true` when the bytes look like an `.ism` file (header and sizes consistent, frequencies positive). */
export function looksLikeIsm(bytes: Uint8Array): boolean {
  if (bytes.length < 12 + 34) return false;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = int48(v, 6) + 1;
  if (!(n >= 3 && n <= 1e7) || 12 + 34 * n > bytes.length) return false;
  const k = Math.min(n, 8);
  for (let i = 0; i < k; i++) {
    const f = v.getFloat64(12 + 8 * i);
    const z = v.getFloat64(12 + 8 * n + 8 * i);
    const p = v.getFloat64(12 + 16 * n + 8 * i);
    if (!(f > 1e-6 && f < 1e10) || !(z > 0 && z < 1e15) || !(Math.abs(p) <= 7)) return false;
  }
  return true;
}

const swapCase = (s: string): string => s.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));

/** Reads a Zahner `.ism` binary. */
export function readZahnerIsm(ctx: ReadContext, bytes: Uint8Array): Spectrum[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) fail(ctx, { code: 'TRUNCATED', message: `.ism file has ${bytes.length} bytes; the 12-byte header is incomplete` });
  const n = int48(v, 6) + 1;
  if (!(n >= 1 && n <= 1e7)) fail(ctx, { code: 'UNKNOWN_FORMAT', message: `.ism header declares ${n} samples` });
  const need = 12 + 34 * n;
  if (need > bytes.length) fail(ctx, { code: 'TRUNCATED', message: `.ism declares ${n} samples (${need} bytes) but the file has ${bytes.length} bytes` });
  const fAt = 12;
  const zAt = fAt + 8 * n;
  const pAt = zAt + 8 * n;
  const tAt = pAt + 8 * n;
  // Non-overlapping span: between the (first) minimum and maximum frequency.
  let iMin = -1;
  let iMax = -1;
  for (let i = 0; i < n; i++) {
    const f = v.getFloat64(fAt + 8 * i);
    if (!(f > 0) || !Number.isFinite(f)) continue;
    if (iMin < 0 || f < v.getFloat64(fAt + 8 * iMin)) iMin = i;
    if (iMax < 0 || f > v.getFloat64(fAt + 8 * iMax)) iMax = i;
  }
  const a = Math.min(iMin, iMax);
  const b = Math.max(iMin, iMax);
  const ascending = iMin <= iMax;
  const buf = new PointBuffer();
  const t0 = v.getFloat64(tAt);
  for (let k = 0; k < n; k++) {
    const i = ascending ? k : n - 1 - k;
    ctx.read++;
    const f = v.getFloat64(fAt + 8 * i);
    const z = v.getFloat64(zAt + 8 * i);
    const p = v.getFloat64(pAt + 8 * i);
    if (!Number.isFinite(f) || !Number.isFinite(z) || !Number.isFinite(p)) {
      const column = !Number.isFinite(f) ? 'frequency' : !Number.isFinite(z) ? '|Z|' : 'phase';
      rowIssue(ctx, { code: 'NOT_A_NUMBER', line: i + 1, column, text: String(column === 'frequency' ? f : column === '|Z|' ? z : p), message: `sample ${i + 1} is not a finite number` });
      continue;
    }
    if (!(f > 0)) {
      rowIssue(ctx, { code: 'NON_POSITIVE_FREQUENCY', line: i + 1, column: 'frequency', text: String(f), message: 'frequency must be > 0' });
      continue;
    }
    if (a < 0 || i < a || i > b) {
      skipRow(ctx, { code: 'OVERLAP', line: i + 1, text: String(f), message: `sample ${i + 1} (${f} Hz) lies in the overlapping part of the sweep` });
      continue;
    }
    buf.push(f, z * Math.cos(p), z * Math.sin(p), i + 1, false);
  }
  const meta: SpectrumMeta = { software: 'Zahner Thales' };
  if (Number.isFinite(t0)) meta.extra = { startTime: t0 };
  // Metadata strings (best effort; a damaged tail never fails the parse).
  const strings: string[] = [];
  let at = tAt + 8 * n + 2 * n;
  for (let s = 0; s < 11 && at + 2 <= bytes.length; s++) {
    const len = v.getInt16(at);
    at += 2;
    if (len < 0 || at + len > bytes.length || len > 4096) break;
    let str = '';
    for (let j = 0; j < len; j++) str += String.fromCharCode(bytes[at + j]);
    at += len;
    strings.push(swapCase(str));
  }
  const [date, system, voltage, current, temperature] = strings;
  const d = /^(\d\d)(\d\d)(\d\d)/.exec(date ?? '');
  if (d) meta.date = `20${d[3]}-${d[2]}-${d[1]}`;
  if (system) meta.instrument = system;
  const e = voltage ? parseSiQuantity(voltage, 'V') : NaN;
  if (e === e) meta.potential = e;
  const c = current ? parseSiQuantity(current, 'A') : NaN;
  if (c === c) meta.current = c;
  const tc = /^\s*([+-]?\d+(?:\.\d+)?)/.exec(temperature ?? '');
  if (tc && /C\s*$/i.test(temperature ?? '')) meta.temperature = Number(tc[1]) + 273.15;
  const comments = strings.slice(6, 10).filter((s) => s.trim() !== '');
  if (comments.length) meta.extra = { ...(meta.extra ?? {}), comments: comments.join('\n') };
  const split = ctx.split;
  ctx.split = false;
  const out = toSpectra(ctx, buf, meta);
  ctx.split = split;
  // Samples were reversed to ascending frequency: report the sample span in file order.
  for (const sp of out) if (sp.meta?.lines) sp.meta.lines = [Math.min(...sp.meta.lines), Math.max(...sp.meta.lines)] as [number, number];
  return out;
}
