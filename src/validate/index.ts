// Public exports of the validate concern (explicit, named). Re-exported by src/index.ts.
export { linKK, linKKTimeConstants } from './linKK.js';
export type {
  LinKKCoefficients,
  LinKKFit,
  LinKKOptions,
  LinKKRepresentation,
  LinKKResult,
  LinKKStep,
  LinKKVerdict,
  LinKKVerdictOptions,
  SuspiciousPoint,
  SuspiciousReason,
} from './linKK.js';
export { normalCdf, residualStatistics, runsTest } from './residualStatistics.js';
export type { ResidualStatistics, ResidualStatisticsOptions, RunsTest } from './residualStatistics.js';
