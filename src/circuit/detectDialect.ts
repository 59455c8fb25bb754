import { BUILTIN_ELEMENTS } from './elements/builtin.js';
import { isCdcWord, symbolOfName, symbolTable } from './symbols.js';
import { tokenize } from './tokenize.js';
import type { Token } from './tokenize.js';
import type { CircuitDialect, ElementRegistry } from './types.js';

/**
 * Guesses the notation of a circuit string. Annotation blocks `{…}` are
 * ignored. The rules, in order:
 *
 * 1. a `-`, a `,` or a parallel opener `p(` → `impedancepy`;
 * 2. otherwise a `(` or `[` → `cdc` (`R(RC)`, `[RC]`);
 * 3. otherwise, a single word that is one impedance.py instance name (symbol
 *    plus digits or `_label`, e.g. `R0`, `CPE1`, `R_gb`) → `impedancepy`;
 * 4. a single word shaped like one (letters, then digits or `_label`) that
 *    is not valid CDC either (`CEP1`) → `impedancepy`, for its error message;
 * 5. anything else (`RC`, `R`, `CPE`, `RQW`, `RC1`, `R1 C1`) → `cdc`.
 *
 * Strings accepted by both readings (`R0`, `R_gb`) mean the same circuit in
 * both, so the guess never changes the result of a valid string; it only picks
 * which dialect reports an error.
 *
 * @param text - a circuit string
 * @param elements - element registry (default {@link BUILTIN_ELEMENTS})
 * @returns the detected dialect
 * @example
 * ```ts
 * detectDialect('R0-p(R1,CPE1)'); // 'impedancepy'
 * detectDialect('R(RQ)W');        // 'cdc'
 * ```
 */
export function detectDialect(text: string, elements: ElementRegistry = BUILTIN_ELEMENTS): CircuitDialect {
  return detectFromTokens(tokenize(text), elements);
}

/**
 * {@link detectDialect} over already tokenized text.
 *
 * @param tokens - tokens of the circuit string
 * @param elements - element registry
 * @returns the detected dialect
 * @example
 * ```ts
 * detectFromTokens(tokenize('RC'), BUILTIN_ELEMENTS); // 'cdc'
 * ```
 */
export function detectFromTokens(tokens: readonly Token[], elements: ElementRegistry): CircuitDialect {
  let brackets = false;
  let words = 0;
  let word: Token | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      if (t.text === '-' || t.text === ',') return 'impedancepy';
      if (t.text === '(' || t.text === '[') brackets = true;
    } else if (t.kind === 'word') {
      if (t.text === 'p' && tokens[i + 1]?.kind === 'punct' && tokens[i + 1].text === '(') return 'impedancepy';
      words++;
      word = t;
    }
  }
  if (brackets) return 'cdc';
  if (words === 0) return 'impedancepy';
  if (words === 1 && word) {
    const table = symbolTable(elements);
    if (symbolOfName(word.text, table) !== undefined) return 'impedancepy';
    if (/^[A-Za-z]+(?:[0-9]+|_[A-Za-z0-9_]+)$/.test(word.text) && !isCdcWord(word.text, table)) return 'impedancepy';
  }
  return 'cdc';
}
