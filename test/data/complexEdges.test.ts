import { Complex } from 'complex.js';
import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { spectrumFromComplex, toComplexArray } from '../../src/data/complexEdges.js';
import { DataFormatError } from '../../src/errors.js';
import { expectClose } from '../helpers/close.js';

describe('complex.js edges', () => {
  it('toComplexArray(R0-p(R1,C1)) equals complex.js arithmetic of the closed form', () => {
    const f = new Float64Array([1e4, 1e2, 1]);
    const [r0, r1, c1] = [10, 100, 1e-6];
    const z = toComplexArray(compileCircuit('R0-p(R1,C1)').evaluate([r0, r1, c1], f));
    f.forEach((fi, i) => {
      const jwc = new Complex(0, 2 * Math.PI * fi * c1);
      const expected = new Complex(r0).add(new Complex(1).div(new Complex(1 / r1).add(jwc)));
      expectClose(z[i].re, expected.re, 1e-12);
      expectClose(z[i].im, expected.im, 1e-12);
    });
  });

  it.each([
    [['100-2i', { re: 120, im: -40 }], [100, 120], [-2, -40]],
    [[new Complex(5, 1), 7], [5, 7], [1, 0]],
  ] as const)('spectrumFromComplex(%j) keeps the true sign of Im', (values, re, im) => {
    const s = spectrumFromComplex([1e3, 1], values as never);
    expect(Array.from(s.re)).toEqual(re);
    expect(Array.from(s.im)).toEqual(im);
  });

  it('spectrumFromComplex rejects a bad value with its point index, and mismatched lengths', () => {
    const e = (() => {
      try {
        spectrumFromComplex([1, 2], ['1+2i', 'abc']);
      } catch (err) {
        return err;
      }
    })() as DataFormatError;
    expect(e).toBeInstanceOf(DataFormatError);
    expect(e.issues[0]).toMatchObject({ code: 'NOT_A_NUMBER', line: 2, column: 'impedance' });
    expect(() => spectrumFromComplex([1], ['1', '2'])).toThrow(DataFormatError);
  });
});
