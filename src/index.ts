/**
 * eiskit: electrochemical impedance spectroscopy for solid-state batteries.
 *
 * @module eiskit
 */
export { EisError, CircuitSyntaxError, DataFormatError, ParameterError, caretFrame } from './errors.js';
export type { CircuitErrorCode, CircuitSyntaxErrorInit, DataErrorCode, DataIssue, ParameterErrorCode } from './errors.js';
export type * from './circuit/types.js';
export { ROLES } from './circuit/types.js';
export { createRegistry } from './circuit/registry.js';
export { builtinElements, BUILTIN_ELEMENTS } from './circuit/elements/builtin.js';
export { parseCircuit } from './circuit/parseCircuit.js';
export type { ParseOptions } from './circuit/parseCircuit.js';
export { formatCircuit } from './circuit/format.js';
export { compileCircuit, parameterKey } from './circuit/compileCircuit.js';
export type { CompileOptions } from './circuit/compileCircuit.js';
export { checkSpectrum } from './data/spectrum.js';
export type { Spectrum, SpectrumMeta, CheckSpectrumOptions } from './data/spectrum.js';
