import { describe, expect, test } from 'vitest';
import type { Spectrum } from '../../src/data/spectrum.js';
import { fitCircuit } from '../../src/fit/index.js';
import type { FitResult } from '../../src/fit/index.js';
import { renderReport, type ReportFit, type ReportSpectrum, type ReportValidation } from '../../src/plot/index.js';
import { linKK, type LinKKResult } from '../../src/validate/index.js';
import { data, logGrid, rcSpectrum, reportInput } from './fixtures.js';
import { checkXml } from './xmlCheck.js';

/** The <svg>…</svg> blocks of a report. */
const svgsOf = (html: string) => [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);

describe('renderReport', () => {
  const html = renderReport(reportInput);

  test('renderReport(input) is one HTML document with inline CSS and no scripts or external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    const urls = [...html.matchAll(/https?:\/\/[^"'\s<)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  test('renderReport escapes every user text', () => {
    expect(html).toContain('<title>Li|LLZO|Li &lt;25 °C&gt; &amp; &quot;test&quot;</title>');
    expect(html).toContain('R1 &amp; C1 correlate &lt;r = −0.95&gt;');
    expect(html).not.toContain('<25 °C>');
  });

  test('renderReport holds every section and the fit table with intervals', () => {
    for (const id of ['summary', 'validation', 'fit', 'fit-parameters', 'fit-statistics', 'correlations', 'warnings', 'derived', 'quantities', 'capacitances', 'conventions', 'plots']) {
      expect(html, id).toContain(`id="${id}"`);
    }
    expect(html).toContain('data-valid="true"');
    expect(html).toContain('data-converged="true"');
    expect(html).toMatch(/<tr data-key="R1">.*?1 kΩ.*?8 Ω \(0\.8 %\).*?984 Ω … 1\.016 kΩ.*?grain-boundary/);
    expect(html).toMatch(/<tr data-key="R2">.*?at bound/);
    expect(html).toMatch(/<tr data-key="C2">.*?fixed/);
    expect(html).toContain('960 pF … 1.04 nF');
    expect(html).toContain('1.27×10⁻³ S cm⁻¹');
    expect(html).toContain('R_int·A/2 (symmetric cell)');
    expect(html).toContain('grain boundary');
    expect([...html.matchAll(/<td class="high"/g)].length).toBe(2);
  });

  test('renderReport inlines well-formed SVG plots with unique ids', () => {
    const svgs = svgsOf(html);
    expect(svgs.map((s) => /data-plot="([^"]+)"/.exec(s)?.[1])).toEqual(['nyquist', 'bode', 'residuals', 'residuals']);
    for (const s of svgs) expect(checkXml(s)).toBe('svg');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('renderReport is pure: the same input gives the same string', () => {
    expect(renderReport(reportInput)).toBe(html);
  });

  test('renderReport with only spectra says what is missing instead of failing', () => {
    const h = renderReport({ spectra: [data] });
    expect(h).toContain('data-valid="unknown"');
    expect(h).toContain('No fit.');
    expect(h).toContain('No derived quantities.');
    expect(svgsOf(h).length).toBe(2);
    const none = renderReport({ spectra: [] });
    expect(none).toContain('No spectra.');
    expect(none).toContain('No plots.');
  });

  test('renderReport accepts FitResult, LinKKResult and Spectrum directly', () => {
    const f = logGrid(1e6, 1, 40);
    const s = rcSpectrum(f, 50, [[800, 2e-9]]) as Spectrum;
    const fit: FitResult = fitCircuit('R0-p(R1,C1)', s);
    const kk: LinKKResult = linKK(s);
    const asFit: ReportFit = fit;
    const asKk: ReportValidation = kk;
    const asSpectrum: ReportSpectrum = s;
    const h = renderReport({ title: 'direct', spectra: [asSpectrum], fit: asFit, validation: asKk });
    expect(fit.converged).toBe(true);
    expect(h).toContain('data-key="R1"');
    expect(h).toContain(`data-valid="${kk.verdict.valid}"`);
    expect(svgsOf(h).map((x) => /data-plot="([^"]+)"/.exec(x)?.[1])).toEqual(['nyquist', 'bode', 'residuals', 'residuals']);
    // The fitted curve is drawn through the data (fit line present in Nyquist and Bode).
    expect(svgsOf(h)[0]).toContain('class="fit"');
  });
});
