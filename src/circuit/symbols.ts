/**
 * Spelling tables derived from an element registry: impedance.py symbols for
 * longest-match name splitting, and Boukamp CDC spellings.
 *
 * @module
 */
import type { ElementDefinition, ElementRegistry } from './types.js';

/** Lookup tables of one registry, built once and cached per registry object. */
export interface SymbolTable {
  /** Registry symbols, longest first (ties in registry order). */
  readonly symbols: readonly string[];
  /**
   * CDC spelling → definition. Filled in priority order: CDC letters
   * (`ElementDefinition.cdc`, e.g. `Q`), then symbols that look like a CDC
   * token (`Zarc`, `La`, `CPE`), then capitalized symbols (`HN` → `Hn`). The
   * first claim of a spelling wins.
   */
  readonly cdc: ReadonlyMap<string, ElementDefinition>;
  /** Length of the longest key of {@link SymbolTable.cdc}. */
  readonly cdcMaxLength: number;
  /**
   * Symbol → the spelling used when printing CDC: the CDC letter when there is
   * one, otherwise the capitalized symbol (`Zarc`, `Gs`, `Hn`). Elements whose
   * spelling would read back as another element are absent.
   */
  readonly cdcSpelling: ReadonlyMap<string, string>;
}

/** A CDC element token: an uppercase letter, then letters. */
const CDC_TOKEN = /^[A-Z][A-Za-z]*$/;
/** An instance-name suffix: digits, or `_` and a label. */
const SUFFIX = /^(?:[0-9]+|_[A-Za-z0-9_]+)$/;

const cache = new WeakMap<ElementRegistry, SymbolTable>();

/**
 * Capitalizes a symbol for CDC: first letter upper case, the rest lower case.
 *
 * @param symbol - a registry symbol
 * @returns e.g. `Hn` for `HN`, `Zarc` for `Zarc`
 * @example
 * ```ts
 * capitalize('TLM'); // 'Tlm'
 * ```
 */
export function capitalize(symbol: string): string {
  return symbol.charAt(0).toUpperCase() + symbol.slice(1).toLowerCase();
}

/**
 * Builds (or returns the cached) {@link SymbolTable} of a registry.
 *
 * @param registry - the element registry
 * @returns the tables
 * @example
 * ```ts
 * symbolTable(BUILTIN_ELEMENTS).cdc.get('Q')?.symbol; // 'CPE'
 * ```
 */
export function symbolTable(registry: ElementRegistry): SymbolTable {
  const hit = cache.get(registry);
  if (hit) return hit;
  const defs = [...registry.values()];
  const symbols = defs.map((d) => d.symbol).sort((a, b) => b.length - a.length);
  const cdc = new Map<string, ElementDefinition>();
  const claim = (spelling: string | undefined, d: ElementDefinition) => {
    if (spelling !== undefined && CDC_TOKEN.test(spelling) && !cdc.has(spelling)) cdc.set(spelling, d);
  };
  for (const d of defs) claim(d.cdc, d);
  for (const d of defs) claim(d.symbol, d);
  for (const d of defs) claim(capitalize(d.symbol), d);
  const cdcSpelling = new Map<string, string>();
  for (const d of defs) {
    const s = d.cdc !== undefined && CDC_TOKEN.test(d.cdc) ? d.cdc : capitalize(d.symbol);
    if (cdc.get(s) === d) cdcSpelling.set(d.symbol, s);
  }
  let cdcMaxLength = 0;
  for (const k of cdc.keys()) cdcMaxLength = Math.max(cdcMaxLength, k.length);
  const table: SymbolTable = { symbols, cdc, cdcMaxLength, cdcSpelling };
  cache.set(registry, table);
  return table;
}

/**
 * Whether `suffix` is a valid instance-name suffix: one or more digits, or `_`
 * followed by one or more of `[A-Za-z0-9_]`.
 *
 * @param suffix - the part of a name after the symbol
 * @returns true for `0`, `12`, `_gb`, `_2a`
 * @example
 * ```ts
 * isNameSuffix('_gb'); // true
 * isNameSuffix('gb');  // false
 * ```
 */
export function isNameSuffix(suffix: string): boolean {
  return SUFFIX.test(suffix);
}

/**
 * Splits an impedance.py instance name into its registry symbol by longest
 * match: the longest symbol that prefixes `name` and leaves a valid suffix
 * (see {@link isNameSuffix}). `CPE1` → `CPE`, `Wo_x` → `Wo`, `C1` → `C`.
 *
 * @param name - an instance name such as `CPE1`
 * @param table - the registry's tables
 * @returns the symbol, or undefined when no symbol fits
 * @example
 * ```ts
 * symbolOfName('CPE1', symbolTable(BUILTIN_ELEMENTS)); // 'CPE'
 * ```
 */
export function symbolOfName(name: string, table: SymbolTable): string | undefined {
  for (const s of table.symbols) {
    if (name.length > s.length && name.startsWith(s) && SUFFIX.test(name.slice(s.length))) return s;
  }
  return undefined;
}

/**
 * Longest CDC spelling at offset `i` of `word`. It only counts when it covers
 * the whole natural token there (an upper-case letter and the lower-case
 * letters after it), so `Rgb` is not read as `R` followed by junk.
 *
 * @param word - a word of the circuit string
 * @param i - offset in `word`
 * @param table - the registry's tables
 * @returns the definition and the spelling's length, or undefined
 * @example
 * ```ts
 * matchCdc('RQ', 1, symbolTable(BUILTIN_ELEMENTS)); // { def: cpe, length: 1 }
 * ```
 */
export function matchCdc(
  word: string,
  i: number,
  table: SymbolTable,
): { def: ElementDefinition; length: number } | undefined {
  let run = i + 1;
  while (run < word.length && word.charCodeAt(run) >= 97 && word.charCodeAt(run) <= 122) run++;
  for (let len = Math.min(table.cdcMaxLength, word.length - i); len >= run - i && len > 0; len--) {
    const def = table.cdc.get(word.slice(i, i + len));
    if (def) return { def, length: len };
  }
  return undefined;
}

/**
 * Whether a whole word reads as a sequence of CDC elements with optional name
 * suffixes (`RQ`, `R1C1`, `R_gb`, `QZarc`).
 *
 * @param word - a word of the circuit string
 * @param table - the registry's tables
 * @returns true when every part is a known CDC element
 * @example
 * ```ts
 * isCdcWord('RC1', symbolTable(BUILTIN_ELEMENTS)); // true
 * ```
 */
export function isCdcWord(word: string, table: SymbolTable): boolean {
  let i = 0;
  while (i < word.length) {
    const c = word.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
    const m = matchCdc(word, i, table);
    if (!m) return false;
    i += m.length;
    if (i < word.length && word[i] === '_') return i + 1 < word.length;
    while (i < word.length && word.charCodeAt(i) >= 48 && word.charCodeAt(i) <= 57) i++;
  }
  return true;
}
