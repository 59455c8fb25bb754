import { createRegistry } from '../registry.js';
import type { ElementDefinition, ElementRegistry } from '../types.js';
import { capacitor, inductor, resistor } from './basic.js';
import { cpe } from './cpe.js';

/**
 * Every built-in element definition, in catalog order.
 *
 * @example
 * ```ts
 * builtinElements.map((e) => e.symbol); // ['R', 'C', 'L', 'CPE', …]
 * ```
 */
export const builtinElements: readonly ElementDefinition[] = Object.freeze([resistor, capacitor, inductor, cpe]);

/**
 * The built-in registry, the default `elements` option of parsing and compiling.
 *
 * @example
 * ```ts
 * BUILTIN_ELEMENTS.get('CPE')?.parameters.map((p) => p.name); // ['Q', 'alpha']
 * ```
 */
export const BUILTIN_ELEMENTS: ElementRegistry = createRegistry(builtinElements);
