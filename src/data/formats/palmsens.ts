/**
 * PalmSens PSTrace `.pssession`: one JSON document (UTF-16LE with BOM on disk).
 * Each measurement's `DataSet.Values` holds arrays keyed by `Unit.Type`
 * (`PalmSens.Units.Hertz`, `…ZRe`, `…ZIm`); `ZIm` is stored as −Im Z.
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { fail, PointBuffer, rowIssue, toSpectra, type ReadContext } from '../readContext.js';

interface PsArray {
  Unit?: { Type?: unknown };
  Description?: unknown;
  DataValues?: unknown;
}

/** .NET ticks (100 ns since 0001-01-01) to an ISO 8601 string, or undefined. */
function ticksToIso(t: unknown): string | undefined {
  if (typeof t !== 'number' || !Number.isFinite(t)) return undefined;
  const ms = t / 1e4 - 62135596800000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Reads a PalmSens session text (already decoded). */
export function readPalmsens(ctx: ReadContext, text: string): Spectrum[] {
  let doc: unknown;
  // Trim BOMs and blanks at both ends without a regex over the whole document.
  let a = 0;
  let b = text.length;
  const pad = (c: number) => c === 0xfeff || c === 32 || c === 9 || c === 10 || c === 13 || c === 0;
  while (a < b && pad(text.charCodeAt(a))) a++;
  while (b > a && pad(text.charCodeAt(b - 1))) b--;
  const body = text.slice(a, b);
  try {
    doc = JSON.parse(body);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    fail(ctx, { code: /end of JSON|Unterminated|Unexpected end/i.test(msg) ? 'TRUNCATED' : 'UNKNOWN_FORMAT', message: `PalmSens session is not valid JSON: ${msg}` });
  }
  const ms = (doc as { Measurements?: unknown })?.Measurements;
  if (!Array.isArray(ms)) fail(ctx, { code: 'MISSING_COLUMN', column: 'Measurements', message: 'PalmSens session has no Measurements array' });
  const out: Spectrum[] = [];
  const software = typeof (doc as { CoreVersion?: unknown }).CoreVersion === 'string' ? `PSTrace ${(doc as { CoreVersion: string }).CoreVersion}` : 'PSTrace';
  for (const m of ms as Record<string, unknown>[]) {
    if (!m || typeof m !== 'object') continue;
    const ds = (m?.DataSet as { Values?: unknown } | undefined)?.Values;
    if (!Array.isArray(ds)) continue;
    const find = (suffix: string): unknown[] | undefined => {
      for (const v of ds as PsArray[]) {
        const t = v?.Unit?.Type;
        if (typeof t === 'string' && t.endsWith(suffix) && Array.isArray(v.DataValues)) return v.DataValues as unknown[];
      }
      return undefined;
    };
    const f = find('.Hertz');
    const re = find('.ZRe');
    const im = find('.ZIm');
    if (!f || !re || !im) {
      const missing = [!f ? 'Hertz' : '', !re ? 'ZRe' : '', !im ? 'ZIm' : ''].filter(Boolean).join(', ');
      if (out.length === 0 && m === ms[ms.length - 1]) fail(ctx, { code: 'MISSING_COLUMN', column: missing, message: `PalmSens measurement has no ${missing} array` });
      continue;
    }
    const n = Math.max(f.length, re.length, im.length);
    const buf = new PointBuffer();
    const val = (a: unknown[], i: number): number => {
      const v = (a[i] as { V?: unknown } | undefined)?.V;
      return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    };
    for (let i = 0; i < n; i++) {
      ctx.read++;
      if (i >= f.length || i >= re.length || i >= im.length) {
        rowIssue(ctx, { code: 'LENGTH_MISMATCH', line: i + 1, message: `arrays differ in length (Hertz ${f.length}, ZRe ${re.length}, ZIm ${im.length})` });
        continue;
      }
      const fi = val(f, i);
      const ri = val(re, i);
      const ii = val(im, i);
      if (fi !== fi || ri !== ri || ii !== ii) {
        const column = fi !== fi ? 'Hertz' : ri !== ri ? 'ZRe' : 'ZIm';
        rowIssue(ctx, { code: 'NOT_A_NUMBER', line: i + 1, column, text: JSON.stringify((column === 'Hertz' ? f : column === 'ZRe' ? re : im)[i]) ?? '', message: 'value is not a finite number' });
        continue;
      }
      if (!(fi > 0)) {
        rowIssue(ctx, { code: 'NON_POSITIVE_FREQUENCY', line: i + 1, column: 'Hertz', text: String(fi), message: 'frequency must be > 0' });
        continue;
      }
      buf.push(fi, ri, -ii, i + 1, false);
    }
    const meta: SpectrumMeta = { software };
    if (typeof m.Title === 'string') meta.label = m.Title;
    if (typeof m.DeviceSerial === 'string') meta.instrument = m.DeviceSerial;
    const date = ticksToIso(m.UTCTimeStamp);
    if (date) meta.date = date;
    out.push(...toSpectra(ctx, buf, meta));
  }
  if (out.length === 0) fail(ctx, { code: 'EMPTY', message: 'PalmSens session holds no impedance measurement' });
  return out;
}
