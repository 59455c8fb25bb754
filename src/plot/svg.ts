/**
 * Tiny helpers to write SVG/XML text safely: escaping and number formatting
 * that can never emit `NaN` or `Infinity`.
 *
 * @module
 */

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for use in XML/HTML element content or a double- or
 * single-quoted attribute value: `& < > " '` become entities, and characters
 * that XML 1.0 forbids (C0 controls other than tab, LF, CR; lone surrogates;
 * U+FFFE/U+FFFF) are dropped so the output always parses.
 *
 * @param text - any text (non-strings are converted with `String`)
 * @returns the escaped text
 * @example
 * ```ts
 * escapeXml('R<sub> & "Q"'); // 'R&lt;sub&gt; &amp; &quot;Q&quot;'
 * ```
 */
export function escapeXml(text: unknown): string {
  const s = String(text ?? '');
  // Remove characters not allowed in XML 1.0 documents.
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  return clean.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/**
 * Formats a pixel coordinate for SVG with at most two decimals and no
 * exponent. Non-finite input is a programming error inside the plot code and
 * throws, so a broken coordinate can never reach the SVG as `NaN`.
 *
 * @param v - coordinate in px
 * @returns e.g. `'12.35'`, `'-4'`
 * @throws RangeError when `v` is not finite
 * @example
 * ```ts
 * px(12.3456); // '12.35'
 * ```
 */
export function px(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`non-finite SVG coordinate ${v}`);
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Attribute values accepted by {@link svgElement}; `undefined`/`null`/`false` omit the attribute. */
export type SvgAttributeValue = string | number | boolean | null | undefined;

/**
 * Writes one XML element. Attribute values are escaped; numbers pass through
 * {@link px} (so they can never be `NaN`). `children` is trusted markup (already
 * escaped); pass `undefined` for a self-closing element.
 *
 * @param name - element name, e.g. `circle`
 * @param attributes - attribute map; `undefined`, `null` and `false` values are skipped, `true` writes the name as value
 * @param children - inner markup, already escaped
 * @returns the element markup
 * @example
 * ```ts
 * svgElement('circle', { cx: 1, cy: 2.005, r: 3, fill: '#000' }); // '<circle cx="1" cy="2.01" r="3" fill="#000"/>'
 * svgElement('text', { x: 0, y: 0 }, escapeXml('a<b')); // '<text x="0" y="0">a&lt;b</text>'
 * ```
 */
export function svgElement(name: string, attributes: Readonly<Record<string, SvgAttributeValue>>, children?: string): string {
  let out = `<${name}`;
  for (const key of Object.keys(attributes)) {
    const v = attributes[key];
    if (v === undefined || v === null || v === false) continue;
    const text = v === true ? key : typeof v === 'number' ? px(v) : escapeXml(v);
    out += ` ${key}="${text}"`;
  }
  return children === undefined ? `${out}/>` : `${out}>${children}</${name}>`;
}
