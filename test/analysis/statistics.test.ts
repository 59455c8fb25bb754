import { describe, it } from 'vitest';
import { studentTCdf, studentTQuantile, weightedLine } from '../../src/analysis/statistics.js';
import { expectClose } from '../helpers/close.js';

describe('studentTQuantile', () => {
  // Reference values: standard t tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
  it.each([
    [0.975, 1, 12.706204736],
    [0.975, 2, 4.30265273],
    [0.975, 5, 2.570581836],
    [0.975, 10, 2.228138852],
    [0.975, 30, 2.042272456],
    [0.95, 4, 2.131846786],
    [0.995, 20, 2.84533971],
    [0.975, Infinity, 1.959963985],
  ])('studentTQuantile(%d, %d) = %d', (p, nu, q) => {
    expectClose(studentTQuantile(p, nu), q, 1e-8);
    expectClose(studentTCdf(q, nu), p, 1e-8);
  });
});

describe('weightedLine', () => {
  it('recovers an exact line and the textbook slope variance s²/Sxx', () => {
    const x = [1, 2, 3, 4, 5];
    const y = [2.1, 3.9, 6.2, 7.8, 10.1];
    const fit = weightedLine(x, y);
    // Independent: ordinary least squares by hand.
    const xm = 3;
    const ym = y.reduce((a, b) => a + b) / 5;
    const sxx = x.reduce((s, v) => s + (v - xm) ** 2, 0);
    const b = x.reduce((s, v, i) => s + (v - xm) * (y[i] - ym), 0) / sxx;
    const a = ym - b * xm;
    const rss = x.reduce((s, v, i) => s + (y[i] - a - b * v) ** 2, 0);
    expectClose(fit.slope, b, 1e-12);
    expectClose(fit.intercept, a, 1e-12);
    expectClose(fit.covariance[1][1], rss / 3 / sxx, 1e-12);
  });
});
