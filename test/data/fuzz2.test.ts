import { describe, expect, it } from 'vitest';
import { baseName, FIXTURE_FILES, fixtureBytes } from './fixtures.js';
import { fuzzFixture } from './fuzzCorpus.js';

// Fixtures are spread over three files so vitest can fuzz them in parallel.
const PART = 2;
const RUNS = 2000;
const files = FIXTURE_FILES.map((f, i) => [f, i] as const).filter(([, i]) => i % 3 === PART);

describe('seeded fuzz (part ' + (PART + 1) + '/3): corrupted fixtures give spectra or a DataFormatError', () => {
  it.each(files)('2000 corruptions of %s', (rel, i) => {
    const r = fuzzFixture(fixtureBytes(rel), baseName(rel), 1000 + i, RUNS);
    expect(r.ok + r.failed).toBe(RUNS);
    // A hang guard, not a benchmark: no single parse may take a second.
    expect(r.slowest).toBeLessThan(1000);
  });
});
