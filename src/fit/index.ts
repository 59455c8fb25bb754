// Public exports of the fit concern (explicit, named). Re-exported by src/index.ts.
export { levenbergMarquardt, createLmWorkspace } from './lm.js';
export type { LeastSquaresProblem, LmOptions, LmResult, LmStopReason, LmWorkspace } from './lm.js';
export { fitCircuit, startValues, startCandidates, warmStartValues } from './fitCircuit.js';
export { CircuitProblem, planFit, prepareFit } from './problem.js';
export type { FitPlan, FitSetup } from './problem.js';
export { guessInitial, guessCandidates, analyzeSpectrum, clampInside } from './guess.js';
export type { GuessOptions, DetectedArc, SpectrumFeatures, ArcSet } from './guess.js';
export { resolveWeights } from './weighting.js';
export type { Weighting, ResolvedWeights, SigmaPair } from './weighting.js';
export {
  chooseTransform,
  createTransforms,
  toNatural,
  fromNatural,
  transformDerivative,
  transformKind,
  isAtBound,
} from './transforms.js';
export type { TransformKind, ParameterTransforms } from './transforms.js';
export { computeCovariance, symmetricEigen, studentT975 } from './covariance.js';
export type { CovarianceResult, EigenDecomposition } from './covariance.js';
export { sampleStarts } from './multistart.js';
export { findInterchangeable, canonicalizeBlocks, blockTimeConstant } from './canonical.js';
export type { InterchangeableGroup } from './canonical.js';
export { solveWithMl } from './mlSolver.js';
export type { MlSolverOptions } from './mlSolver.js';
export type {
  FitOptions,
  FitResult,
  FittedParameter,
  FitWarning,
  FitWarningCode,
  FitStatistics,
  FitResiduals,
  FitTolerances,
  GuessFunction,
  MultistartSummary,
} from './types.js';
export * from './batch/index.js'; // batch and streaming fits (fitBatch, fitStream, WorkerPool, …)
export { profileInterval } from './profile.js';
export type { ProfileOptions } from './profile.js';
export { formatFitReport } from './report.js';
export { fitToJSON, fitFromJSON, replayFit } from './serialize.js';
export type { SavedFit } from './serialize.js';
export { snapshotOptions } from './fitCircuit.js';
export type { SerializableFitOptions, FittedImpedance, SigmaArrays } from './types.js';
