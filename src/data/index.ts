// Public exports of the data concern (explicit, named). Re-exported by src/index.ts.
export { checkSpectrum } from './spectrum.js';
export type { Spectrum, SpectrumMeta, CheckSpectrumOptions } from './spectrum.js';
export { parseSpectra } from './parseSpectra.js';
export { detectFormat, FORMAT_BY_EXTENSION } from './detect.js';
export { decodeText, splitLines, endsWithNewline } from './decode.js';
export type { DecodedText } from './decode.js';
export { recognizeColumn, planColumns } from './columns.js';
export type { ColumnRole, ColumnInfo, ColumnPlan } from './columns.js';
export { SPECTRA_FORMATS } from './types.js';
export type { SpectraFormat, DataWarning, DataWarningCode, ParseSpectraOptions, ParseSpectraResult, RowCounts } from './types.js';
