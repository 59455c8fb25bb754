// Public exports of the data concern (explicit, named). Re-exported by src/index.ts.
export { checkSpectrum } from './spectrum.js';
export type { Spectrum, SpectrumMeta, CheckSpectrumOptions } from './spectrum.js';
