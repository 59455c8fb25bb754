// Shared helpers for the loader tests: fixture paths and expected values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of test/fixtures. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** One spectrum of expected/summary.json. */
export interface ExpectedSummarySpectrum {
  n_points: number;
  f_first_Hz: number;
  f_last_Hz: number;
  Z_first: [number, number];
  Z_last: [number, number];
  n_points_with_Zim_positive: number;
}

/** One entry of expected/summary.json. */
export interface ExpectedSummary {
  n_spectra?: number;
  sha256: string;
  spectra?: ExpectedSummarySpectrum[];
  meta?: Record<string, unknown>;
  note?: string;
}

/** expected/summary.json keyed by `folder/file`. */
export const SUMMARY: Record<string, ExpectedSummary> = JSON.parse(readFileSync(FIXTURES + 'expected/summary.json', 'utf8'));

/** Every data fixture as `folder/file`, sorted. */
export const FIXTURE_FILES: string[] = Object.keys(SUMMARY).sort();

/** Bytes of a fixture. */
export function fixtureBytes(rel: string): Uint8Array {
  const b = readFileSync(FIXTURES + rel);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Base name of a fixture path. */
export function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/** Full expected arrays from expected/parsed/<rel>.json. */
export interface ExpectedParsed {
  spectra: { f: number[]; re: number[]; im: number[]; label?: string }[];
  drift_corrected?: { f: number[]; re: number[]; im: number[]; label?: string };
}

/** Reads expected/parsed/<rel>.json. */
export function expectedParsed(rel: string): ExpectedParsed {
  return JSON.parse(readFileSync(FIXTURES + 'expected/parsed/' + rel + '.json', 'utf8'));
}

/** Files that must fail, with the error code. */
export const MUST_FAIL: Record<string, string> = {
  'biologic-mpt/impedancepy_exampleDataBioLogic_MissingFreq.mpt': 'MISSING_COLUMN',
};
