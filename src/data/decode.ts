/**
 * Text decoding of instrument exports: UTF-8 with or without BOM, UTF-16LE/BE
 * with BOM, and a Windows-1252 (latin-1 superset) fallback when the bytes are
 * not valid UTF-8. Also splits text into lines on CR, LF, CRLF and CRCRLF.
 *
 * @module
 */

/** Result of {@link decodeText}. */
export interface DecodedText {
  /** The decoded text without BOM. */
  text: string;
  /** Encoding used: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** `true` when a byte-order mark was present and removed. */
  bom: boolean;
}

const utf8 = /* @__PURE__ */ new TextDecoder('utf-8');
const cp1252 = /* @__PURE__ */ new TextDecoder('windows-1252');

/**
 * Decodes file bytes to text. A BOM wins (UTF-8 `EF BB BF`, UTF-16LE `FF FE`,
 * UTF-16BE `FE FF`); otherwise strict UTF-8 is tried and, if the bytes are not
 * valid UTF-8 (latin-1 `µ`, `°`, `²` in EC-Lab and Gamry files, binary header
 * bytes in Ivium files), Windows-1252 is used. Never throws.
 *
 * @param bytes - raw file content
 * @returns text, encoding and BOM flag
 * @example
 * ```ts
 * decodeText(new Uint8Array([0x31, 0xb5])).text; // '1µ' (windows-1252)
 * ```
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const n = bytes.length;
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (n >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  }
  return isUtf8(bytes)
    ? { text: utf8.decode(bytes), encoding: 'utf-8', bom: false }
    : { text: cp1252.decode(bytes), encoding: 'windows-1252', bom: false };
}

/** Strict UTF-8 validation (no overlongs, no surrogates, ≤ U+10FFFF) without exceptions. */
function isUtf8(b: Uint8Array): boolean {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return false;
    if (i + need >= n) return false;
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/**
 * Splits text into lines. A line ends at LF, CRLF, CR CR LF (PowerSuite) or a
 * lone CR (classic Mac). A final line ending does not create an empty last line.
 * Line `i` of the result is file line `i + 1`.
 *
 * @param text - decoded text
 * @returns the lines without their terminators
 * @example
 * ```ts
 * splitLines('a\r\r\nb\rc\n'); // ['a', 'b', 'c']
 * ```
 */
export function splitLines(text: string): string[] {
  const lines = text.indexOf('\r') < 0 ? text.split('\n') : text.split(/\r\r\n|\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * `true` when the text ends with a line terminator (used to tell a complete
 * last row from a truncated one).
 *
 * @param text - decoded text
 * @returns whether the last character is CR or LF
 * @example
 * ```ts
 * endsWithNewline('1,2,3\n'); // true
 * ```
 */
export function endsWithNewline(text: string): boolean {
  const c = text.charCodeAt(text.length - 1);
  return c === 10 || c === 13;
}
