// Public exports of the analysis concern (explicit, named). Re-exported by src/index.ts.
// Solid-state analysis (cells, capacitance, Arrhenius, growth laws).
export { BOLTZMANN_EV, BOLTZMANN_J, ELEMENTARY_CHARGE, AVOGADRO, FARADAY, VACUUM_PERMITTIVITY, EV_TO_KJ_PER_MOL } from './constants.js';
export { toSI, toKelvin } from './units.js';
export type { Quantity, Dimension, TemperatureUnit } from './units.js';
export { createCell, conductivity, areaSpecificResistance } from './cell.js';
export type { Cell, CellInput, ElectrodeType } from './cell.js';
export { effectiveCapacitance, characteristicFrequency, characteristicAngularFrequency } from './capacitance.js';
export type { CapacitanceMethod, EffectiveCapacitanceOptions } from './capacitance.js';
export { fitArrhenius } from './arrhenius.js';
export type { ArrheniusForm, ArrheniusOptions, ArrheniusData, ArrheniusResult, Estimate, PrefactorEstimate } from './arrhenius.js';
export { fitGrowthLaws, GROWTH_LAWS } from './growth.js';
export type { GrowthLaw, GrowthParameter, GrowthFit, GrowthOptions, GrowthResult } from './growth.js';
export { propagate, foldChange } from './propagate.js';
export type { DerivedQuantity, ValueGetter } from './propagate.js';
export { assignArcs, irvineProcess, IRVINE_BANDS, INTERFACIAL_ROLES } from './assignArcs.js';
export type { ArcAssignment, AssignArcsOptions, AssignmentSource, BlockKind, IrvineBand, IrvineProcess } from './assignArcs.js';
export { resistanceBudget } from './budget.js';
export type { BudgetRow, ResistanceBudget } from './budget.js';
export { deriveProperties } from './deriveProperties.js';
export type { Conductivities, DerivePropertiesOptions, InterfaceResult, SolidStateProperties } from './deriveProperties.js';
export { circuitTemplate } from './templates.js';
export type { CircuitTemplate, TemplateKind, TemplateOptions } from './templates.js';
export { fitSeries, seriesRows, seriesToCsv, seriesToJson } from './fitSeries.js';
export type { FitSeriesOptions, SeriesPoint, SeriesResult, SeriesValue } from './fitSeries.js';
export { fitJointArrhenius } from './jointArrhenius.js';
export type { JointActivation, JointArrheniusOptions, JointArrheniusResult } from './jointArrhenius.js';
// Distribution of relaxation times (DRT).
export { computeDrt, drtGuess, drtGuessFunction, findDrtPeaks, zarcDrt } from './drt/index.js';
export type {
  DrtArcAssignment,
  DrtBasis,
  DrtData,
  DrtGuessOptions,
  DrtGuessResult,
  DrtLambdaCurve,
  DrtLambdaMethod,
  DrtOptions,
  DrtPeak,
  DrtPeakOptions,
  DrtResult,
} from './drt/index.js';
