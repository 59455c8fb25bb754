import type { ElementDefinition, ElementRegistry } from './types.js';

/**
 * Turns a plain array of element definitions into a read-only registry keyed by
 * symbol. Pass the result to `parseCircuit`/`compileCircuit` as `elements` to
 * use custom elements; there is no global registration.
 *
 * @param definitions - element definitions; symbols must be unique
 * @returns a frozen map from symbol to definition
 * @throws TypeError when two definitions share a symbol or CDC letter
 * @example
 * ```ts
 * const elements = createRegistry([...builtinElements, myElement]);
 * parseCircuit('R0-My1', { elements });
 * ```
 */
export function createRegistry(definitions: readonly ElementDefinition[]): ElementRegistry {
  const map = new Map<string, ElementDefinition>();
  const cdc = new Set<string>();
  for (const d of definitions) {
    if (map.has(d.symbol)) throw new TypeError(`duplicate element symbol "${d.symbol}"`);
    if (d.cdc !== undefined) {
      if (cdc.has(d.cdc)) throw new TypeError(`duplicate CDC letter "${d.cdc}" (element "${d.symbol}")`);
      cdc.add(d.cdc);
    }
    map.set(d.symbol, Object.freeze(d));
  }
  const frozen = new Map(map);
  // A ReadonlyMap view: mutation methods are removed.
  return Object.freeze({
    get: (k: string) => frozen.get(k),
    has: (k: string) => frozen.has(k),
    get size() {
      return frozen.size;
    },
    keys: () => frozen.keys(),
    values: () => frozen.values(),
    entries: () => frozen.entries(),
    forEach: (cb: (v: ElementDefinition, k: string, m: ReadonlyMap<string, ElementDefinition>) => void) =>
      frozen.forEach((v, k) => cb(v, k, frozen)),
    [Symbol.iterator]: () => frozen[Symbol.iterator](),
  }) as ElementRegistry;
}
