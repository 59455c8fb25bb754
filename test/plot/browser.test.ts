// Renders every plot and the HTML report in headless Chromium (Debian's chromium via playwright-core).
// Skips only when /usr/bin/chromium is absent outside CI; in CI (process.env.CI set) it must run.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPlots, renderReport, reportInput } from './fixtures.js';
import { decodePng, inkStats } from './png.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && !process.env.CI;

// Minimal structural types, so this file type-checks even where playwright-core is not installed.
interface Page {
  setContent(html: string, options?: { waitUntil?: 'load' }): Promise<void>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  evaluate<R>(fn: () => R): Promise<R>;
  locator(selector: string): { first(): { screenshot(o: { type: 'png' }): Promise<Uint8Array> }; screenshot(o: { type: 'png' }): Promise<Uint8Array> };
  on(event: 'console', cb: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', cb: (e: Error) => void): void;
  on(event: 'request', cb: (r: { url(): string }) => void): void;
}
interface Context {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launchPersistentContext(dir: string, options: Record<string, unknown>): Promise<Context> };
}

describe.skipIf(skip)('headless Chromium', () => {
  let context: Context;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    const name = 'playwright-core';
    const { chromium } = (await import(name)) as Playwright;
    profile = mkdtempSync(join(tmpdir(), 'eiskit-chromium-'));
    // A fresh profile per run: playwright passes it as --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1200, height: 900 },
      deviceScaleFactor: 1,
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test.each(allPlots().map((p) => [p.name, p] as const))('%s renders at its size, is not blank and parses as SVG', async (_, p) => {
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:#fff">${p.svg}</body></html>`);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { errors: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.nodeName };
    }, p.svg);
    expect(parsed).toEqual({ errors: 0, root: 'svg' });
    const png = await page.locator('svg').first().screenshot({ type: 'png' });
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([p.width, p.height]);
    const s = inkStats(img);
    // Axes, labels and data: a few percent ink, and coloured (data) pixels.
    expect(s.ink / s.total).toBeGreaterThan(0.01);
    expect(s.ink / s.total).toBeLessThan(0.6);
    expect(s.colored).toBeGreaterThan(150);
  });

  test('the HTML report loads without console errors or requests and holds its key elements', async () => {
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!/^(data|about):/.test(r.url())) requests.push(r.url());
    });
    const html = renderReport(reportInput);
    await page.setContent(html, { waitUntil: 'load' });
    const info = await page.evaluate(() => {
      const q = (s: string) => document.querySelector(s);
      const svgs = Array.from(document.querySelectorAll('#plots svg'));
      return {
        title: document.title,
        sections: ['#summary', '#validation', '#fit', '#fit-parameters', '#fit-statistics', '#correlations', '#warnings', '#derived', '#quantities', '#capacitances', '#plots'].filter((s) => !q(s)),
        valid: q('#validation')?.getAttribute('data-valid'),
        parameterRows: document.querySelectorAll('#fit-parameters tbody tr').length,
        highCorrelations: document.querySelectorAll('#correlations td.high').length,
        warnings: q('#warnings')?.getAttribute('data-count'),
        plots: svgs.map((s) => s.getAttribute('data-plot')),
        plotSizes: svgs.map((s) => {
          const r = s.getBoundingClientRect();
          return r.width > 100 && r.height > 100;
        }),
        scripts: document.querySelectorAll('script').length,
        ids: Array.from(document.querySelectorAll('[id]')).map((e) => e.id),
      };
    });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(info.title).toBe('Li|LLZO|Li <25 °C> & "test"');
    expect(info.sections).toEqual([]);
    expect(info.valid).toBe('true');
    expect(info.parameterRows).toBe(5);
    expect(info.highCorrelations).toBe(2);
    expect(info.warnings).toBe('1');
    expect(info.plots).toEqual(['nyquist', 'bode', 'residuals', 'residuals']);
    expect(info.plotSizes.every(Boolean)).toBe(true);
    expect(info.scripts).toBe(0);
    expect(new Set(info.ids).size).toBe(info.ids.length);
    const png = decodePng(await page.locator('#plot-nyquist svg').screenshot({ type: 'png' }));
    expect(inkStats(png).colored).toBeGreaterThan(150);
  });
});
