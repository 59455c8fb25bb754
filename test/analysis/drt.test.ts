import { describe, expect, it } from 'vitest';
import { computeDrt, findDrtPeaks, zarcDrt } from '../../src/analysis/drt/index.js';
import { basisArea, drtMatrices, penaltyMatrix, type BasisGrid } from '../../src/analysis/drt/drtBasis.js';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { ParameterError } from '../../src/errors.js';
import { expectClose } from '../helpers/close.js';
import { logspace, simulate } from '../validate/simulate.js';
import { readZPlotFixture } from '../validate/zplotFixture.js';

/** CPE coefficient Q of a Zarc with resistance R, time constant τ₀ and exponent n: τ₀ = (RQ)^(1/n). */
const zarcQ = (R: number, tau0: number, n: number) => tau0 ** n / R;
const freq = logspace(6, -1, 71);

/** Trapezoid ∫ f(y) dy on a uniform grid. */
function trapz(f: (y: number) => number, a: number, b: number, steps: number): number {
  const h = (b - a) / steps;
  let s = 0.5 * (f(a) + f(b));
  for (let k = 1; k < steps; k++) s += f(a + k * h);
  return s * h;
}

describe('zarcDrt (Boukamp / Fuoss–Kirkwood closed form)', () => {
  it.each([0.6, 0.8, 0.95])('integrates to R and transforms back to the Zarc impedance (n = %s)', (n) => {
    const R = 150;
    const tau0 = 2e-3;
    const g = (y: number) => zarcDrt(R, tau0, n, [Math.exp(y)])[0];
    const y0 = Math.log(tau0);
    // ∫ γ d ln τ = R (tails decay like e^{−n|s|}, so integrate ±60/n)
    expectClose(trapz(g, y0 - 60 / n, y0 + 60 / n, 40000), R, 1e-6);
    // Z(ω) = ∫ γ/(1 + jωτ) d ln τ equals R/(1 + (jωτ₀)^n) from the circuit R ∥ CPE
    const model = compileCircuit('p(R1,CPE1)');
    for (const f of [0.3, 80, 5e3]) {
      const w = 2 * Math.PI * f;
      const zr = trapz((y) => g(y) / (1 + (w * Math.exp(y)) ** 2), y0 - 60 / n, y0 + 60 / n, 40000);
      const zi = trapz((y) => (-g(y) * w * Math.exp(y)) / (1 + (w * Math.exp(y)) ** 2), y0 - 60 / n, y0 + 60 / n, 40000);
      const z = model.evaluate([R, zarcQ(R, tau0, n), n], new Float64Array([f]));
      expectClose(zr, z.re[0], 1e-6, 1e-9 * R, `Re Z(${f} Hz)`);
      expectClose(zi, z.im[0], 1e-6, 1e-9 * R, `Im Z(${f} Hz)`);
    }
  });
  it('rejects n outside (0, 1)', () => {
    expect(() => zarcDrt(1, 1, 1, [1])).toThrow(ParameterError);
  });
});

describe('DRT discretisation', () => {
  const centres = Float64Array.from({ length: 21 }, (_, k) => -8 + 0.4 * k);
  const gauss: BasisGrid = { kind: 'gaussian', centres, epsilon: 2.1, spacing: 0.4 };
  const hats: BasisGrid = { kind: 'piecewise-linear', centres, epsilon: 2.5, spacing: 0.4 };
  const omega = new Float64Array([3, 300, 3e4]);

  it.each([
    ['gaussian', gauss],
    ['piecewise-linear', hats],
  ] as const)('%s: A matches a brute-force quadrature of ∫ φ_m(y)/(1 + jωe^y) dy', (_, grid) => {
    const A = drtMatrices(grid, omega);
    const K = centres.length;
    for (const i of [0, 1, 2]) {
      for (const m of [0, 7, 20]) {
        const phi = (y: number) => {
          if (grid.kind === 'gaussian') return Math.exp(-((grid.epsilon * (y - centres[m])) ** 2));
          const d = Math.abs(y - centres[m]) / 0.4;
          if ((m === 0 && y < centres[0]) || (m === K - 1 && y > centres[K - 1])) return 0;
          return Math.max(0, 1 - d);
        };
        const w = omega[i];
        // hats vanish outside [y_0, y_K−1] (the end hats are halves, so stay inside)
        const [a, b] = grid.kind === 'gaussian' ? [-20, 5] : [centres[0], centres[K - 1]];
        const re = trapz((y) => phi(y) / (1 + w * w * Math.exp(2 * y)), a, b, 100000);
        const im = trapz((y) => (-phi(y) * w * Math.exp(y)) / (1 + w * w * Math.exp(2 * y)), a, b, 100000);
        expectClose(A.re[i * K + m], re, 1e-6, 1e-12, `re[${i},${m}]`);
        expectClose(A.im[i * K + m], im, 1e-6, 1e-12, `im[${i},${m}]`);
      }
    }
  });

  it.each([0, 1, 2] as const)('Gaussian penalty of order %i equals ∫ φ_m^(k) φ_n^(k) dy', (order) => {
    const P = penaltyMatrix(gauss, order);
    const e = gauss.epsilon;
    const d = (m: number, y: number) => {
      const x = y - centres[m];
      const g = Math.exp(-e * e * x * x);
      if (order === 0) return g;
      if (order === 1) return -2 * e * e * x * g;
      return (4 * e ** 4 * x * x - 2 * e * e) * g;
    };
    for (const [m, n] of [[3, 3], [3, 4], [3, 6], [10, 12]]) {
      const ref = trapz((y) => d(m, y) * d(n, y), -20, 10, 40000);
      expectClose(P[m * 21 + n], ref, 1e-8, 1e-12, `P[${m},${n}]`);
    }
    expectClose(basisArea(gauss, 5), trapz((y) => Math.exp(-((e * (y - centres[5])) ** 2)), -20, 10, 100000), 1e-10);
  });
});

describe('computeDrt', () => {
  const t1 = 1e-4;
  const t2 = 10 ** -2.5; // 1.5 decades apart
  for (const n of [0.8, 0.85, 0.9]) {
    it(`two Zarcs 1.5 decades apart, n = ${n}, 1 % noise: two peaks within 0.1 decade, areas within 10 % (seeds 1–6)`, () => {
      const p = [10, 100, zarcQ(100, t1, n), n, 200, zarcQ(200, t2, n), n];
      for (let seed = 1; seed <= 6; seed++) {
        const d = computeDrt(simulate('R0-p(R1,CPE1)-p(R2,CPE2)', p, freq, 0.01, seed));
        expect(d.peaks.length, `seed ${seed}`).toBe(2);
        expect(Math.abs(Math.log10(d.peaks[0].tau / t1))).toBeLessThan(0.1);
        expect(Math.abs(Math.log10(d.peaks[1].tau / t2))).toBeLessThan(0.1);
        expectClose(d.peaks[0].area, 100, 0.1, 0, `R1 seed ${seed}`);
        expectClose(d.peaks[1].area, 200, 0.1, 0, `R2 seed ${seed}`);
        expectClose(d.rInf, 10, 0.1, 0, 'R∞');
        expectClose(d.peaks[0].frequency, 1 / (2 * Math.PI * d.peaks[0].tau), 1e-12);
      }
    });
  }

  for (const n of [0.7, 0.8]) {
    it(`reproduces the analytic Zarc DRT (n = ${n}) from its noise-free spectrum with L2 error < 10 %`, () => {
      const R = 100;
      const tau0 = 1e-3;
      const d = computeDrt(simulate('R0-p(R1,CPE1)', [10, R, zarcQ(R, tau0, n), n], freq));
      const ref = zarcDrt(R, tau0, n, d.tau);
      let num = 0;
      let den = 0;
      for (let i = 0; i < d.tau.length; i++) {
        if (d.tau[i] < 1 / (2 * Math.PI * 1e6) || d.tau[i] > 1 / (2 * Math.PI * 0.1)) continue;
        num += (d.gamma[i] - ref[i]) ** 2;
        den += ref[i] ** 2;
      }
      expect(Math.sqrt(num / den)).toBeLessThan(0.1);
      expect(d.peaks.length).toBe(1);
      expectClose(d.polarization, R, 0.02);
      expectClose(d.rInf, 10, 0.02);
    });
  }

  it.each([
    ['gcv', {}],
    ['lcurve', {}],
    ['rgcv', { basis: 'piecewise-linear' as const }],
    ['rgcv', { penalty: 1 as const }],
    ['rgcv', { data: 'real' as const }],
    ['rgcv', { data: 'imag' as const }],
  ] as const)('λ by %s with %o finds both arcs of a 0.1 %-noise spectrum', (lambda, extra) => {
    const n = 0.85;
    const p = [10, 100, zarcQ(100, t1, n), n, 200, zarcQ(200, t2, n), n];
    const d = computeDrt(simulate('R0-p(R1,CPE1)-p(R2,CPE2)', p, freq, 0.001, 4), { lambda, ...extra });
    // single-part fits are less constrained and may show a small extra shoulder:
    // check the two largest peaks
    expect(d.peaks.length).toBeGreaterThanOrEqual(2);
    const [a, b] = [...d.peaks].sort((x, y) => y.area - x.area).slice(0, 2).sort((x, y) => x.tau - y.tau);
    if (!('data' in extra)) expect(d.peaks.length).toBe(2);
    expect(Math.abs(Math.log10(a.tau / t1))).toBeLessThan(0.15);
    expect(Math.abs(Math.log10(b.tau / t2))).toBeLessThan(0.15);
    expectClose(d.polarization, 300, 0.05);
    expectClose(d.rInf, 10, 0.2);
    expect(d.lambdaCurve?.lambda.length).toBe(91);
    expect(d.lambda).toBeGreaterThan(0);
  });

  it('fits a series inductance and keeps γ ≥ 0', () => {
    const s = simulate('R0-L1-p(R1,CPE1)', [10, 2e-6, 100, zarcQ(100, 1e-4, 0.9), 0.9], freq, 0.001, 2);
    const d = computeDrt(s);
    expectClose(d.inductance, 2e-6, 0.05);
    expect(Math.min(...d.gamma)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...d.coefficients)).toBeGreaterThanOrEqual(0);
    // the fitted spectrum is within the noise
    const worst = Math.max(...d.residuals.re.map(Math.abs), ...d.residuals.im.map(Math.abs));
    expect(worst).toBeLessThan(0.01);
  });

  it('excludes R∞ and L on request and accepts a fixed λ', () => {
    const s = simulate('p(R1,CPE1)', [100, zarcQ(100, 1e-3, 0.8), 0.8], freq);
    const d = computeDrt(s, { resistance: false, inductance: false, lambda: 1e-6, nonNegative: false });
    expect(d.rInf).toBe(0);
    expect(d.inductance).toBe(0);
    expect(d.lambdaMethod).toBe('fixed');
    expect(d.lambdaCurve).toBeUndefined();
    expectClose(d.polarization, 100, 0.02);
  });

  it.each([
    [{ penalty: 3 as never }, 'penalty'],
    [{ basis: 'spline' as never }, 'basis'],
    [{ lambda: -1 }, 'lambda'],
    [{ lambda: 'aic' as never }, 'lambda'],
    [{ lambdaRange: [1, 0.1] as [number, number] }, 'lambdaRange'],
    [{ shapeCoefficient: 0 }, 'shapeCoefficient'],
    [{ robustness: 2 }, 'robustness'],
  ])('computeDrt(spectrum, %o) throws ParameterError on %s', (options, name) => {
    const s = simulate('R0-p(R1,CPE1)', [10, 100, 1e-6, 0.9], freq);
    try {
      computeDrt(s, options);
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ParameterError);
      expect((e as ParameterError).parameter).toBe(name);
    }
  });
});

describe('computeDrt on a real measurement', () => {
  it('finds the single RC of the ZPlot dummy cell Circuit3_EIS_1.z where the documented R0-p(R1,C1) fit puts it', () => {
    // impedance.py's documented fit (REFERENCE_FITS.md §1c): R0 = 1.51e3 Ω, R1 = 4.63e3 Ω, C1 = 2.02e-8 F.
    const [R0, R1, C1] = [1507.0328, 4630.262, 2.0193152e-8];
    const d = computeDrt(readZPlotFixture('impedancepy_Circuit3_EIS_1.z'));
    expect(d.peaks.length).toBe(1);
    expect(Math.abs(Math.log10(d.peaks[0].tau / (R1 * C1)))).toBeLessThan(0.05);
    expectClose(d.peaks[0].area, R1, 0.02);
    expectClose(d.rInf, R0, 0.02);
  });
});

describe('findDrtPeaks', () => {
  it('splits two Gaussians at the valley and measures their FWHM in decades', () => {
    const tau = Float64Array.from({ length: 801 }, (_, k) => 10 ** (-6 + k * 0.01));
    const g = Float64Array.from(tau, (t) => {
      const y = Math.log10(t);
      return 3 * Math.exp(-(((y + 4) / 0.2) ** 2)) + 1 * Math.exp(-(((y + 1) / 0.3) ** 2));
    });
    const peaks = findDrtPeaks(tau, g);
    expect(peaks.length).toBe(2);
    expectClose(Math.log10(peaks[0].tau), -4, 0, 1e-6);
    expectClose(Math.log10(peaks[1].tau), -1, 0, 1e-3);
    // area in ln τ: A·σ·√π·ln 10 for A·exp(−((log10 τ − c)/σ)²)
    expectClose(peaks[0].area, 3 * 0.2 * Math.sqrt(Math.PI) * Math.LN10, 1e-4);
    expectClose(peaks[1].area, 1 * 0.3 * Math.sqrt(Math.PI) * Math.LN10, 1e-4);
    expectClose(peaks[0].width, 2 * 0.2 * Math.sqrt(Math.LN2), 1e-3);
    expectClose(peaks[0].fraction + peaks[1].fraction, 1, 1e-6);
  });
  it('drops maxima below the prominence threshold', () => {
    const tau = Float64Array.from({ length: 801 }, (_, k) => 10 ** (-4 + k * 0.01));
    const g = Float64Array.from(tau, (t) => {
      const y = Math.log10(t);
      return Math.exp(-(y * y) / 0.1) + 0.01 * Math.exp(-(((y - 1.2) / 0.05) ** 2));
    });
    expect(findDrtPeaks(tau, g).length).toBe(1);
    expect(findDrtPeaks(tau, g, { minRelativeHeight: 0.001, minRelativeProminence: 0.001, minAreaFraction: 0 }).length).toBe(2);
  });
});
