/**
 * The loader entry point: bytes or text in, spectra with metadata and
 * structured warnings out; strict by default.
 *
 * @module
 */
import { DataFormatError } from '../errors.js';
import { decodeText, endsWithNewline, splitLines } from './decode.js';
import { detectFormat } from './detect.js';
import { readAutolabDfr } from './formats/autolabDfr.js';
import { readBiologicMpt } from './formats/biologicMpt.js';
import { readChInstruments } from './formats/chInstruments.js';
import { readElchemeaI2b } from './formats/elchemeaI2b.js';
import { readGamryDta } from './formats/gamryDta.js';
import { readGenericCsv } from './formats/genericCsv.js';
import { readIviumIdf } from './formats/iviumIdf.js';
import { readP00 } from './formats/p00.js';
import { readPalmsens } from './formats/palmsens.js';
import { readParstat } from './formats/parstat.js';
import { readPowersuite } from './formats/powersuite.js';
import { readVersastudioPar } from './formats/versastudioPar.js';
import { readZahnerIsm } from './formats/zahnerIsm.js';
import { readZplot } from './formats/zplot.js';
import type { ReadContext } from './readContext.js';
import type { Spectrum } from './spectrum.js';
import { SPECTRA_FORMATS, type ParseSpectraOptions, type ParseSpectraResult, type SpectraFormat } from './types.js';

const TEXT_READERS: Record<Exclude<SpectraFormat, 'zahner-ism' | 'palmsens'>, (ctx: ReadContext) => Spectrum[]> = {
  'biologic-mpt': readBiologicMpt,
  'gamry-dta': readGamryDta,
  zplot: readZplot,
  'autolab-dfr': readAutolabDfr,
  chi: readChInstruments,
  parstat: readParstat,
  powersuite: readPowersuite,
  'versastudio-par': readVersastudioPar,
  ivium: readIviumIdf,
  p00: readP00,
  'elchemea-i2b': readElchemeaI2b,
  csv: readGenericCsv,
};

/**
 * Reads every impedance spectrum in a potentiostat export.
 *
 * The format is detected from content (file name extension as a hint) unless
 * `options.format` names it. Text may be UTF-8 (± BOM), UTF-16 with BOM or
 * Windows-1252, with LF, CRLF, CR or CR CR LF line ends. Each spectrum has
 * `frequency` (Hz), `re` and `im` (Ω, true sign of Im: capacitive < 0; columns
 * written as −Z'' are negated; magnitude/phase columns are converted with
 * Z = |Z|·(cos φ + j sin φ)), and `meta` with what the header says
 * (instrument, software, date, temperature K, potential V, current A, area m²,
 * cycle, the source name and the 1-based file lines of its rows).
 *
 * Strict by default: every unreadable data row is collected into one
 * {@link DataFormatError} (codes `NOT_A_NUMBER`, `FIELD_COUNT`,
 * `NON_POSITIVE_FREQUENCY`, `TRUNCATED`, …) with its file line, column name and
 * text; a missing required column, an unknown layout or an empty file throw
 * `MISSING_COLUMN`, `UNKNOWN_FORMAT` or `EMPTY`. With `onInvalidRow: 'skip'` the
 * readable rows are returned and each skipped row is listed in `warnings`.
 * Row accounting always holds: `rows.read === rows.used + rows.skipped`.
 *
 * @param input - file content as text, bytes or an ArrayBuffer
 * @param options - see {@link ParseSpectraOptions}
 * @returns spectra, format id, warnings, row counts and encoding
 * @throws DataFormatError when the content cannot be read (see above)
 * @example
 * ```ts
 * const { spectra, format, warnings } = parseSpectra('f,Z\',Z\'\'\n1000,10,-1\n100,12,-4\n');
 * spectra[0].im[1]; // -4
 * ```
 */
export function parseSpectra(input: string | Uint8Array | ArrayBuffer, options: ParseSpectraOptions = {}): ParseSpectraResult {
  const source = options.fileName;
  let bytes: Uint8Array | undefined;
  let text: string;
  let encoding: string;
  if (typeof input === 'string') {
    text = input.replace(/^\uFEFF/, '');
    encoding = 'string';
  } else if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    const d = decodeText(bytes);
    text = d.text;
    encoding = d.encoding;
  } else {
    throw new DataFormatError([{ code: 'EMPTY', message: 'input must be a string, Uint8Array or ArrayBuffer' }], source);
  }
  if (options.format !== undefined && !SPECTRA_FORMATS.includes(options.format)) {
    throw new DataFormatError([{ code: 'UNKNOWN_FORMAT', text: String(options.format), message: `unknown format "${String(options.format)}"; known: ${SPECTRA_FORMATS.join(', ')}` }], source);
  }
  if ((bytes ? bytes.length : text.length) === 0 || (!bytes && text.trim() === '')) {
    throw new DataFormatError([{ code: 'EMPTY', message: 'the input is empty' }], source);
  }
  const format = options.format ?? detectFormat(text, bytes, source);
  if (format === undefined) {
    throw new DataFormatError([{ code: 'UNKNOWN_FORMAT', message: 'content matches no known impedance format and holds no numeric table' }], source);
  }
  const ctx: ReadContext = {
    source,
    format,
    skip: options.onInvalidRow === 'skip',
    split: options.splitSweeps ?? true,
    warnings: [],
    issues: [],
    read: 0,
    used: 0,
    skipped: 0,
    lines: [],
    finalNewline: true,
  };
  if (encoding === 'windows-1252' && format !== 'zahner-ism') ctx.warnings.push({ code: 'ENCODING_FALLBACK', message: 'bytes are not valid UTF-8; decoded as Windows-1252 (latin-1)' });
  let spectra: Spectrum[];
  if (format === 'zahner-ism') {
    if (!bytes) throw new DataFormatError([{ code: 'UNKNOWN_FORMAT', message: 'Zahner .ism is binary: pass the bytes (Uint8Array or ArrayBuffer), not a string' }], source);
    spectra = readZahnerIsm(ctx, bytes);
    encoding = 'binary';
  } else if (format === 'palmsens') {
    ctx.read = 0;
    spectra = readPalmsens(ctx, text);
  } else {
    ctx.lines = splitLines(text);
    ctx.finalNewline = endsWithNewline(text);
    spectra = TEXT_READERS[format](ctx);
  }
  if (ctx.issues.length) throw new DataFormatError(ctx.issues, source);
  if (spectra.length === 0) {
    const why = ctx.skipped ? `; all ${ctx.skipped} data rows were skipped (see the warnings of a non-strict parse)` : '';
    throw new DataFormatError([{ code: 'EMPTY', message: `no impedance points found (${ctx.read} data rows read${why})` }], source);
  }
  return { spectra, format, warnings: ctx.warnings, rows: { read: ctx.read, used: ctx.used, skipped: ctx.skipped }, encoding };
}
