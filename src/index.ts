/**
 * eiskit: electrochemical impedance spectroscopy for solid-state batteries.
 * Works in the browser and in Node; file helpers live in `eiskit/node`.
 *
 * Each concern keeps an explicit, named barrel (`src/<concern>/index.ts`).
 *
 * @module eiskit
 */
export { EisError, CircuitSyntaxError, DataFormatError, ParameterError, caretFrame } from './errors.js';
export type { CircuitErrorCode, CircuitSyntaxErrorInit, DataErrorCode, DataIssue, ParameterErrorCode } from './errors.js';
export { createRandom, randomNormal } from './random.js';
export type { RandomSource } from './random.js';
export * from './circuit/index.js';
export * from './data/index.js';
export * from './fit/index.js';
export * from './validate/index.js';
export * from './analysis/index.js';
export * from './plot/index.js';
