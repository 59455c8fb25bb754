/**
 * complex.js at the public edges: the core works on `Float64Array` re/im pairs
 * (about 5× faster than Complex objects), and these two functions convert to and
 * from `Complex` for users who think in complex numbers.
 *
 * @module
 */
import { Complex } from 'complex.js';
import { DataFormatError } from '../errors.js';
import type { Spectrum } from './spectrum.js';
import { spectrumFromArrays, type SpectrumFromArraysOptions } from './spectrumFromArrays.js';

/** Anything complex.js accepts as a complex number: a `Complex`, `{ re, im }`, a number or a string like `'3-4i'`. */
export type ComplexLike = Complex | ComplexParts | number | string;

/** A complex number as plain parts. */
export interface ComplexParts {
  /** Real part. */
  re: number;
  /** Imaginary part (true sign). */
  im: number;
}

/**
 * The impedances of a spectrum (or of `{ re, im }` arrays such as a model
 * evaluation) as complex.js `Complex` numbers, Z = re + j·im in Ω.
 *
 * @param z - a spectrum or `{ re, im }` arrays
 * @returns one `Complex` per point
 * @example
 * ```ts
 * const z = toComplexArray(compileCircuit('R0-p(R1,C1)').evaluate([10, 100, 1e-6], new Float64Array([1e3])));
 * z[0].abs(); // |Z| in Ω
 * ```
 */
export function toComplexArray(z: Pick<Spectrum, 're' | 'im'>): Complex[] {
  const out = new Array<Complex>(z.re.length);
  for (let i = 0; i < z.re.length; i++) out[i] = new Complex(z.re[i], z.im[i]);
  return out;
}

/**
 * Builds a checked spectrum from frequencies (Hz) and complex impedances (Ω),
 * each given as anything complex.js accepts. Im keeps its true sign.
 *
 * @param frequency - frequencies in Hz
 * @param impedance - Z per point (`Complex`, `{ re, im }`, number, or string like `'100-20i'`)
 * @param options - metadata and duplicate handling, as for {@link spectrumFromArrays}
 * @returns a new spectrum
 * @throws DataFormatError `LENGTH_MISMATCH`, `NOT_A_NUMBER` (with the 1-based point index), or the checks of {@link spectrumFromArrays}
 * @example
 * ```ts
 * const s = spectrumFromComplex([1e3, 1], ['100-2i', { re: 120, im: -40 }]);
 * s.im[1]; // -40
 * ```
 */
export function spectrumFromComplex(
  frequency: ArrayLike<number>,
  impedance: ArrayLike<ComplexLike>,
  options: Omit<SpectrumFromArraysOptions, 'imSign'> = {},
): Spectrum {
  if (frequency.length !== impedance.length) {
    throw new DataFormatError([
      { code: 'LENGTH_MISMATCH', message: `frequency has ${frequency.length} points but impedance has ${impedance.length}` },
    ]);
  }
  const re = new Float64Array(impedance.length);
  const im = new Float64Array(impedance.length);
  for (let i = 0; i < impedance.length; i++) {
    let c: Complex;
    try {
      c = new Complex(impedance[i] as never);
    } catch {
      throw new DataFormatError([
        { code: 'NOT_A_NUMBER', line: i + 1, column: 'impedance', text: String(impedance[i]), message: 'not a complex number' },
      ]);
    }
    re[i] = c.re;
    im[i] = c.im;
  }
  return spectrumFromArrays(frequency, re, im, options);
}
