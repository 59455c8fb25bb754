import { describe, expect, it } from 'vitest';
import { readSpectraFile, readSpectraFileAsync } from '../../src/node.js';
import { DataFormatError } from '../../src/errors.js';
import { FIXTURES } from './fixtures.js';

describe('eiskit/node readSpectraFile', () => {
  it('readSpectraFile(pyeis_ex1.mpt) names the source and detects the format', () => {
    const r = readSpectraFile(FIXTURES + 'biologic-mpt/pyeis_ex1.mpt');
    expect(r.format).toBe('biologic-mpt');
    expect(r.spectra.length).toBe(2);
    expect(r.spectra[0].meta!.source).toBe('pyeis_ex1.mpt');
  });

  it('readSpectraFile(.ism) reads the binary through the extension', async () => {
    const r = await readSpectraFileAsync(FIXTURES + 'zahner-ism/zahner_500uR_shunt_measurement.ism');
    expect(r.format).toBe('zahner-ism');
    expect(r.spectra[0].frequency.length).toBe(160);
  });

  it('errors name the file', () => {
    expect(() => readSpectraFile(FIXTURES + 'biologic-mpt/impedancepy_exampleDataBioLogic_MissingFreq.mpt')).toThrow(DataFormatError);
    expect(() => readSpectraFile(FIXTURES + 'biologic-mpt/impedancepy_exampleDataBioLogic_MissingFreq.mpt')).toThrow(/impedancepy_exampleDataBioLogic_MissingFreq\.mpt/);
  });
});
