/**
 * Lexer of the circuit language, shared by both dialects.
 *
 * @module
 */

/**
 * Kind of a circuit token:
 * - `word`: a run of `[A-Za-z0-9_]`, e.g. `R0`, `CPE1`, `R_gb` or the CDC run `RQ`;
 * - `punct`: one of `( ) [ ] , -`;
 * - `annotation`: a `{…}` block, braces included;
 * - `invalid`: any other character (one code point).
 */
export type TokenKind = 'word' | 'punct' | 'annotation' | 'invalid';

/** One token with its 0-based half-open span `[start, end)` in the input. */
export interface Token {
  /** What the token is. */
  kind: TokenKind;
  /** The token's text exactly as in the input. */
  text: string;
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset one past the last character. */
  end: number;
  /** For `annotation` tokens: whether the closing `}` was found. */
  closed: boolean;
}

// Character codes used by the lexer.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const COMMA = 44;
const MINUS = 45;
const UNDERSCORE = 95;
const LPAREN = 40;
const RPAREN = 41;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;

/**
 * Whether the UTF-16 code `c` belongs to a word (`[A-Za-z0-9_]`).
 *
 * @param c - a char code
 * @returns true for ASCII letters, digits and underscore
 * @example
 * ```ts
 * isWordCode('R'.charCodeAt(0)); // true
 * ```
 */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === UNDERSCORE;
}

/**
 * Splits a circuit string into tokens, skipping whitespace (space, tab, CR,
 * LF). Never throws: characters outside the language become `invalid` tokens
 * and an unterminated `{` becomes an `annotation` token with `closed: false`,
 * so the parser reports the leftmost problem with its position.
 *
 * @param text - the circuit string
 * @returns the tokens in input order
 * @example
 * ```ts
 * tokenize('R0-p(R1,C1)').map((t) => t.text); // ['R0', '-', 'p', '(', 'R1', ',', 'C1', ')']
 * ```
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF || c === CR) {
      i++;
      continue;
    }
    if (isWordCode(c)) {
      let j = i + 1;
      while (j < n && isWordCode(text.charCodeAt(j))) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), start: i, end: j, closed: true });
      i = j;
      continue;
    }
    if (
      c === LPAREN ||
      c === RPAREN ||
      c === LBRACKET ||
      c === RBRACKET ||
      c === COMMA ||
      c === MINUS
    ) {
      tokens.push({ kind: 'punct', text: text[i], start: i, end: i + 1, closed: true });
      i++;
      continue;
    }
    if (c === LBRACE) {
      const close = text.indexOf('}', i + 1);
      const end = close < 0 ? n : close + 1;
      tokens.push({ kind: 'annotation', text: text.slice(i, end), start: i, end, closed: close >= 0 });
      i = end;
      continue;
    }
    // One code point, so a caret never splits a surrogate pair.
    const cp = text.codePointAt(i) ?? c;
    const len = cp > 0xffff ? 2 : 1;
    tokens.push({ kind: 'invalid', text: text.slice(i, i + len), start: i, end: i + len, closed: true });
    i += len;
  }
  return tokens;
}
