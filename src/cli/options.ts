/**
 * Option definitions and option readers shared by the `eiskit` commands.
 * @module
 */
import type { ParseArgsConfig } from 'node:util';
import { createCell, type Cell, type ElectrodeType } from '../analysis/cell.js';
import { circuitTemplate, type TemplateKind } from '../analysis/templates.js';
import { SPECTRA_FORMATS, type ParseSpectraOptions, type SpectraFormat } from '../data/types.js';
import { ParameterError } from '../errors.js';
import type { Weighting } from '../fit/weighting.js';

/** Parsed option values (strings and booleans as `node:util` parseArgs returns them). */
export type OptionValues = Record<string, string | boolean | undefined>;

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

const COMMON: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  spectrum: { type: 'string' },
};

const FIT: OptionSpec = {
  circuit: { type: 'string', short: 'c' },
  template: { type: 'string', short: 't' },
  area: { type: 'string' },
  thickness: { type: 'string' },
  symmetric: { type: 'boolean' },
  electrode: { type: 'string' },
  'bulk-arc': { type: 'boolean' },
  'charge-transfer': { type: 'boolean' },
  warburg: { type: 'boolean' },
  weighting: { type: 'string', short: 'w' },
  multistart: { type: 'string', short: 'm' },
  seed: { type: 'string' },
  initial: { type: 'string' },
  fixed: { type: 'string' },
  fmin: { type: 'string' },
  fmax: { type: 'string' },
  'max-iterations': { type: 'string' },
  'bound-probe': { type: 'boolean' },
  'no-warm-start': { type: 'boolean' },
  workers: { type: 'string' },
  plots: { type: 'string' },
  save: { type: 'string' },
};

/** Options accepted by each command (in addition to `--help` and `--debug`). */
export const COMMAND_OPTIONS: Record<string, OptionSpec> = {
  info: { ...COMMON },
  validate: { ...COMMON, mu: { type: 'string' }, strict: { type: 'boolean' } },
  fit: { ...COMMON, ...FIT },
  drt: { ...COMMON, lambda: { type: 'string' } },
  simulate: {
    help: COMMON.help,
    debug: COMMON.debug,
    json: COMMON.json,
    csv: COMMON.csv,
    out: COMMON.out,
    circuit: FIT.circuit,
    values: { type: 'string' },
    fmin: FIT.fmin,
    fmax: FIT.fmax,
    ppd: { type: 'string' },
    noise: { type: 'string' },
    seed: FIT.seed,
  },
  convert: { ...COMMON, to: { type: 'string' } },
  report: { ...COMMON, ...FIT, mu: { type: 'string' }, lambda: { type: 'string' } },
};

/**
 * Reads a numeric option.
 *
 * @param values - parsed options
 * @param name - option name
 * @param check - `'positive'`, `'integer'` (≥ 0) or `'any'` finite
 * @returns the number, or undefined when absent
 * @throws ParameterError `BAD_OPTION` when it is not a number of the right kind
 * @example
 * ```ts
 * numberOption({ multistart: '8' }, 'multistart', 'integer'); // 8
 * ```
 */
export function numberOption(values: OptionValues, name: string, check: 'positive' | 'integer' | 'any' = 'any'): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  const v = Number(raw.trim());
  const ok = raw.trim() !== '' && Number.isFinite(v) && (check === 'any' || (check === 'positive' ? v > 0 : Number.isInteger(v) && v >= 0));
  if (!ok) {
    const want = check === 'positive' ? 'a positive number' : check === 'integer' ? 'a non-negative integer' : 'a finite number';
    throw new ParameterError('BAD_OPTION', `--${name} must be ${want}, got "${raw}"`, name);
  }
  return v;
}

/**
 * Reads a string option.
 *
 * @param values - parsed options
 * @param name - option name
 * @returns the string, or undefined when absent
 * @example
 * ```ts
 * stringOption({ circuit: 'R0' }, 'circuit'); // 'R0'
 * ```
 */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw : undefined;
}

/**
 * Parses `key=value` lists such as `R0=10,CPE1.alpha=0.9` (commas or
 * semicolons between pairs; values are numbers).
 *
 * @param text - the list
 * @param name - option name, for messages
 * @returns the values by key
 * @throws ParameterError `BAD_OPTION` naming the character position of a malformed pair
 * @example
 * ```ts
 * keyValues('R0=10, R1=100', 'initial'); // { R0: 10, R1: 100 }
 * ```
 */
export function keyValues(text: string, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  let pos = 0;
  for (const part of text.split(/[,;]/)) {
    const at = pos + 1;
    pos += part.length + 1;
    if (part.trim() === '') continue;
    const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(part);
    const v = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(v)) {
      throw new ParameterError('BAD_OPTION', `--${name}: expected key=number at character ${at}, got "${part.trim()}"`, name);
    }
    out[m[1]] = v;
  }
  return out;
}

/** Adds `^` to squared units written `cm2`, and defaults plain numbers to `unit`. */
function withUnit(raw: string, defaultUnit: string): string {
  const t = raw.trim().replace(/(mm|cm|um|µm|m)2$/, '$1^2');
  return /^[-+0-9.eE]+$/.test(t) ? `${t} ${defaultUnit}` : t;
}

/**
 * Builds the cell from `--area`, `--thickness`, `--electrode` and
 * `--symmetric`; plain numbers are cm² and cm (`--area 0.785 --thickness 0.1`),
 * or give units (`--area 0.785cm2 --thickness 1mm`).
 *
 * @param values - parsed options
 * @param defaultElectrode - electrode type when `--electrode` is absent
 * @returns the cell, or undefined when neither area nor thickness is given
 * @throws ParameterError when only one of area and thickness is given, or they cannot be read
 * @example
 * ```ts
 * cellOption({ area: '0.785cm2', thickness: '1mm', symmetric: true }, 'non-blocking');
 * ```
 */
export function cellOption(values: OptionValues, defaultElectrode: ElectrodeType): Cell | undefined {
  const area = stringOption(values, 'area');
  const thickness = stringOption(values, 'thickness');
  if (area === undefined && thickness === undefined) {
    if (values.symmetric) throw new ParameterError('BAD_OPTION', '--symmetric needs the cell geometry: add --area and --thickness', 'symmetric');
    return undefined;
  }
  if (area === undefined || thickness === undefined) {
    throw new ParameterError('BAD_OPTION', `--${area === undefined ? 'area' : 'thickness'} is missing: conductivity and ASR need both --area and --thickness`, area === undefined ? 'area' : 'thickness');
  }
  const electrode = stringOption(values, 'electrode') ?? defaultElectrode;
  if (electrode !== 'blocking' && electrode !== 'non-blocking') {
    throw new ParameterError('BAD_OPTION', `--electrode must be "blocking" or "non-blocking", got "${electrode}"`, 'electrode');
  }
  return createCell({ area: withUnit(area, 'cm^2'), thickness: withUnit(thickness, 'cm'), electrode, symmetric: values.symmetric === true });
}

/** The circuit to fit and where it came from. */
export interface CircuitChoice {
  /** Circuit string (impedance.py or CDC dialect, annotations allowed). */
  circuit: string;
  /** Template kind when `--template` chose it. */
  template?: TemplateKind;
  /** Template description, when any. */
  description?: string;
}

/**
 * Resolves `--circuit` or `--template` (exactly one is required).
 *
 * @param values - parsed options
 * @param cell - cell geometry, to scale the template
 * @returns the circuit
 * @throws ParameterError `BAD_OPTION` when both or neither are given, or the template is unknown
 * @example
 * ```ts
 * circuitOption({ template: 'symmetric' }, undefined).circuit;
 * ```
 */
export function circuitOption(values: OptionValues, cell: Cell | undefined): CircuitChoice {
  const circuit = stringOption(values, 'circuit');
  const template = stringOption(values, 'template');
  if (circuit !== undefined && template !== undefined) throw new ParameterError('BAD_OPTION', 'give either --circuit or --template, not both', 'circuit');
  if (circuit !== undefined) return { circuit };
  if (template === undefined) {
    throw new ParameterError('BAD_OPTION', 'a circuit is needed: --circuit "R0-p(R1,CPE1)" or --template symmetric|blocking|half-cell', 'circuit');
  }
  if (template !== 'symmetric' && template !== 'blocking' && template !== 'half-cell') {
    throw new ParameterError('BAD_OPTION', `--template must be symmetric, blocking or half-cell, got "${template}"`, 'template');
  }
  const t = circuitTemplate(template, {
    cell,
    bulkArc: values['bulk-arc'] === true,
    chargeTransfer: values['charge-transfer'] === true,
    warburg: values.warburg === true,
  });
  return { circuit: t.circuit, template, description: t.description };
}

/**
 * Reads `--weighting` (unit, modulus, proportional, boukamp).
 *
 * @param values - parsed options
 * @returns the weighting, or undefined when absent
 * @throws ParameterError `BAD_OPTION` for another value
 * @example
 * ```ts
 * weightingOption({ weighting: 'modulus' }); // 'modulus'
 * ```
 */
export function weightingOption(values: OptionValues): Weighting | undefined {
  const w = stringOption(values, 'weighting');
  if (w === undefined) return undefined;
  if (w !== 'unit' && w !== 'modulus' && w !== 'proportional' && w !== 'boukamp') {
    throw new ParameterError('BAD_OPTION', `--weighting must be unit, modulus, proportional or boukamp, got "${w}"`, 'weighting');
  }
  return w;
}

/**
 * Parse options for the loaders from `--format` and `--skip-invalid`.
 *
 * @param values - parsed options
 * @returns loader options
 * @throws ParameterError `BAD_OPTION` for an unknown format id
 * @example
 * ```ts
 * parseOptions({ format: 'gamry-dta' }); // { format: 'gamry-dta' }
 * ```
 */
export function parseOptions(values: OptionValues): ParseSpectraOptions {
  const out: ParseSpectraOptions = {};
  const format = stringOption(values, 'format');
  if (format !== undefined) {
    if (!(SPECTRA_FORMATS as readonly string[]).includes(format)) {
      throw new ParameterError('BAD_OPTION', `--format must be one of ${SPECTRA_FORMATS.join(', ')}; got "${format}"`, 'format');
    }
    out.format = format as SpectraFormat;
  }
  if (values['skip-invalid']) out.onInvalidRow = 'skip';
  return out;
}
