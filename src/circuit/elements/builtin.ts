import { createRegistry } from '../registry.js';
import type { ElementDefinition, ElementRegistry } from '../types.js';
import { capacitor, inductor, resistor } from './basic.js';
import { cpe } from './cpe.js';
import { gerischer, gerischerFinite } from './gerischer.js';
import { havriliakNegami } from './havriliakNegami.js';
import { modifiedInductance } from './inductance.js';
import { rcElement, zarc } from './rc.js';
import { tlmBlocking, tlmChargeTransfer, tlmTransmissive } from './tlm.js';
import { warburg, warburgOpen, warburgShort } from './warburg.js';

/**
 * Every built-in element definition, in catalog order: R, C, L, CPE, La, W,
 * Wo, Ws, K, Zarc, HN, G, Gs, TLMQ, TLMct, TLMt. See docs/elements.md for the
 * table of formulas, units and sources.
 *
 * @example
 * ```ts
 * builtinElements.map((e) => e.symbol); // ['R', 'C', 'L', 'CPE', 'La', 'W', …]
 * ```
 */
export const builtinElements: readonly ElementDefinition[] = Object.freeze([
  resistor,
  capacitor,
  inductor,
  cpe,
  modifiedInductance,
  warburg,
  warburgOpen,
  warburgShort,
  rcElement,
  zarc,
  havriliakNegami,
  gerischer,
  gerischerFinite,
  tlmBlocking,
  tlmChargeTransfer,
  tlmTransmissive,
]);

/**
 * The built-in registry, the default `elements` option of parsing and compiling.
 *
 * @example
 * ```ts
 * BUILTIN_ELEMENTS.get('CPE')?.parameters.map((p) => p.name); // ['Q', 'alpha']
 * ```
 */
export const BUILTIN_ELEMENTS: ElementRegistry = createRegistry(builtinElements);
