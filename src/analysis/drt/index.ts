// DRT sub-barrel (re-exported by src/analysis/index.ts).
export { computeDrt } from './computeDrt.js';
export type { DrtBasis, DrtData, DrtLambdaCurve, DrtLambdaMethod, DrtOptions, DrtResult } from './computeDrt.js';
export { findDrtPeaks } from './findDrtPeaks.js';
export type { DrtPeak, DrtPeakOptions } from './findDrtPeaks.js';
export { zarcDrt } from './zarcDrt.js';
export { drtGuess, drtGuessFunction } from './drtGuess.js';
export type { DrtArcAssignment, DrtGuessOptions, DrtGuessResult } from './drtGuess.js';
