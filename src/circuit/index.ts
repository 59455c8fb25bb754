// Public exports of the circuit concern (explicit, named). Re-exported by src/index.ts.
export type * from './types.js';
export { ROLES } from './types.js';
export { createRegistry } from './registry.js';
export { builtinElements, BUILTIN_ELEMENTS } from './elements/builtin.js';
export { parseCircuit } from './parseCircuit.js';
export type { ParseOptions } from './parseCircuit.js';
export { formatCircuit } from './format.js';
export { compileCircuit, parameterKey } from './compileCircuit.js';
export type { CompileOptions } from './compileCircuit.js';
