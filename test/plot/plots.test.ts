import { describe, expect, test } from 'vitest';
import { DataFormatError } from '../../src/errors.js';
import { arrheniusPlot, bodePlot, drtPlot, nyquistPlot, residualsPlot, seriesPlot } from '../../src/plot/index.js';
import { allPlots, aged, curve, data, logGrid, rcSpectrum } from './fixtures.js';
import { checkXml, summarize, ticksOf } from './xmlCheck.js';

const plots = allPlots();

describe('every plot', () => {
  test.each(plots.map((p) => [p.name, p] as const))('%s is well-formed XML with an <svg> root, title and desc', (_, p) => {
    expect(checkXml(p.svg)).toBe('svg');
    expect(p.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(p.svg).toMatch(/<title id="[^"]+-title">[^<]+<\/title><desc id="[^"]+-desc">[^<]+<\/desc>/);
    expect(p.svg).toContain(`width="${p.width}" height="${p.height}"`);
  });

  test.each(plots.map((p) => [p.name, p] as const))('%s never contains NaN or Infinity', (_, p) => {
    expect(p.svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  test.each(plots.map((p) => [p.name, p] as const))('%s keeps its structure (snapshot of a summary)', (name, p) => {
    expect(summarize(p.svg)).toMatchSnapshot(name);
  });

  test('the checker rejects malformed markup', () => {
    expect(() => checkXml('<svg><g></svg>')).toThrow();
    expect(() => checkXml('<svg a="1" a="2"/>')).toThrow();
    expect(() => checkXml('<svg>a & b</svg>')).toThrow();
    expect(() => checkXml('<svg x=1/>')).toThrow();
    expect(checkXml('<svg><text>a &amp; &#8722;</text></svg>')).toBe('svg');
  });
});

describe('nyquistPlot', () => {
  test('nyquistPlot(RC arc) has equal Ω per pixel on both axes (within 1 %)', () => {
    for (const [w, h] of [
      [640, 480],
      [900, 300],
      [300, 700],
    ]) {
      const svg = nyquistPlot(data, { width: w, height: h });
      const xt = ticksOf(svg, 'x');
      const yt = ticksOf(svg, 'y');
      expect(xt.length).toBeGreaterThan(2);
      expect(yt.length).toBeGreaterThan(1);
      const sx = (xt[xt.length - 1].x - xt[0].x) / (xt[xt.length - 1].value - xt[0].value);
      const sy = -(yt[yt.length - 1].y - yt[0].y) / (yt[yt.length - 1].value - yt[0].value);
      expect(Math.abs(sx / sy - 1)).toBeLessThan(0.01);
    }
  });

  test('nyquistPlot of a single R‖C draws a round semicircle in pixels', () => {
    const R = 2000;
    const s = rcSpectrum(logGrid(1e7, 1, 71), 500, [[R, 1e-9]]);
    const svg = nyquistPlot(s, { width: 800, height: 400 });
    const xt = ticksOf(svg, 'x');
    const yt = ticksOf(svg, 'y');
    const sx = (xt[xt.length - 1].x - xt[0].x) / (xt[xt.length - 1].value - xt[0].value);
    const sy = (yt[yt.length - 1].y - yt[0].y) / (yt[yt.length - 1].value - yt[0].value);
    const mapX = (v: number) => xt[0].x + (v - xt[0].value) * sx;
    const mapY = (v: number) => yt[0].y + (v - yt[0].value) * sy;
    // Marker centres: circles are written as "M(cx−r) cy a r r …".
    const d = /class="points" data-count="71" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const centres = [...d.matchAll(/M([-\d.]+) ([-\d.]+)a([\d.]+)/g)].map((m) => [Number(m[1]) + Number(m[3]), Number(m[2])]);
    expect(centres.length).toBe(71);
    const cx = mapX(500 + R / 2);
    const cy = mapY(0);
    const radii = centres.map(([x, y]) => Math.hypot(x - cx, y - cy));
    const expected = (R / 2) * sx;
    for (const r of radii) expect(Math.abs(r / expected - 1)).toBeLessThan(0.01);
  });

  test('nyquistPlot shows −Im up: the arc apex is above the real axis', () => {
    const svg = nyquistPlot(data);
    const yt = ticksOf(svg, 'y');
    const zero = yt.find((t) => t.value === 0);
    expect(zero).toBeDefined();
    const d = /class="points" data-count="\d+" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const ys = [...d.matchAll(/M[-\d.]+ ([-\d.]+)a/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeLessThan(zero!.y - 50);
  });

  test('nyquistPlot labels decades of frequency on the first series', () => {
    const svg = nyquistPlot(data, { frequencyLabels: true });
    const labels = [...svg.matchAll(/class="frequency-label" data-frequency="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(labels).toEqual([0.1, 1, 10, 100, 1e3, 1e4, 1e5, 1e6]);
    expect(svg).toContain('>1 kHz<');
    expect(svg).toContain('>100 mHz<');
    const every2 = nyquistPlot(data, { frequencyLabels: true, frequencyLabelEvery: 2 });
    expect([...every2.matchAll(/class="frequency-label"/g)].length).toBe(4);
  });

  test('nyquistPlot overlays series with a legend and distinct markers', () => {
    const svg = nyquistPlot([
      { data, fit: curve, label: 'fresh' },
      { data: aged, label: '24 h <aged>' },
    ]);
    expect(summarize(svg).legend).toEqual(['fresh', '24 h &lt;aged&gt;']);
    expect(svg).toContain('fill="#0072B2"');
    expect(svg).toContain('fill="#D55E00"');
  });

  test('nyquistPlot skips non-finite points', () => {
    const s = { frequency: [3, 2, 1], re: [1, NaN, 3], im: [-1, -2, Infinity] };
    const svg = nyquistPlot(s);
    expect(svg).toContain('data-count="1"');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe('empty and bad input', () => {
  const empty = { frequency: [], re: [], im: [] };
  test.each([
    ['nyquistPlot', () => nyquistPlot(empty)],
    ['nyquistPlot(all NaN)', () => nyquistPlot({ frequency: [1, 2], re: [NaN, NaN], im: [1, 2] })],
    ['bodePlot', () => bodePlot(empty)],
    ['residualsPlot', () => residualsPlot(empty)],
    ['drtPlot', () => drtPlot({ tau: [], gamma: [] })],
    ['arrheniusPlot', () => arrheniusPlot({ temperature: [300], conductivity: [-1] })],
    ['seriesPlot', () => seriesPlot({ time: [], value: [] })],
  ])('%s of no usable data is a well-formed empty-state plot', (_, make) => {
    const svg = make();
    expect(checkXml(svg)).toBe('svg');
    expect(svg).toContain('data-empty="true"');
    expect(svg).toContain('>No data<');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  test.each([
    ['nyquistPlot', () => nyquistPlot({ frequency: [1, 2], re: [1], im: [1, 2] })],
    ['bodePlot', () => bodePlot([{ fit: { frequency: [1], re: [1, 2], im: [1] } }])],
    ['residualsPlot', () => residualsPlot({ frequency: [1, 2], re: [1, 2], im: [1] })],
    ['drtPlot', () => drtPlot({ tau: [1, 2], gamma: [1] })],
    ['arrheniusPlot', () => arrheniusPlot({ temperature: [300, 310], conductivity: [1e-3] })],
    ['seriesPlot', () => seriesPlot({ time: [1, 2], value: [1, 2], error: [1] })],
  ])('%s with arrays of different length throws DataFormatError LENGTH_MISMATCH', (_, make) => {
    try {
      make();
      expect.fail('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(DataFormatError);
      expect((e as DataFormatError).code).toBe('LENGTH_MISMATCH');
    }
  });

  test('titles, labels and ids are escaped', () => {
    const svg = nyquistPlot(data, { title: '<script>alert("x")</script> & co', description: 'a < b', id: 'bad id"><x', xLabel: "Z' / Ω" });
    expect(checkXml(svg)).toBe('svg');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('Z&apos; / Ω');
  });
});

describe('plot contents', () => {
  test('bodePlot puts |Z| on a log axis and −φ in degrees; the plateau is at R0 + R1 + R2', () => {
    const svg = bodePlot(data, { fit: curve });
    const s = summarize(svg) as { axisTitles: string[] };
    expect(s.axisTitles).toEqual(['|Z| / Ω', 'f / Hz', '−φ / °']);
    expect(svg).toContain('data-axis="y-magnitude" data-scale="log"');
    const labels = (summarize(svg) as { axes: Record<string, string[]> }).axes.x;
    expect(labels).toContain('10³');
  });

  test('residualsPlot shows percent and a symmetric range', () => {
    const svg = residualsPlot({ frequency: [1, 10, 100], re: [0.01, -0.02, 0], im: [0, 0.005, 0] });
    const yt = ticksOf(svg, 'y').map((t) => t.value);
    expect(Math.min(...yt)).toBe(-Math.max(...yt));
    expect(Math.max(...yt)).toBeGreaterThanOrEqual(2);
  });

  test('drtPlot with axis frequency maps τ to f = 1/(2πτ)', () => {
    const svg = drtPlot({ tau: [1e-6, 1e-3], gamma: [1, 2] }, { axis: 'frequency' });
    expect(svg).toContain('>f / Hz<');
    const xt = ticksOf(svg, 'x').map((t) => t.value);
    expect(xt).toContain(1000);
    expect(xt).toContain(1e5);
  });

  test('arrheniusPlot annotates Eₐ in eV and kJ/mol and draws a °C axis', () => {
    const svg = arrheniusPlot({ temperature: [300, 350, 400], conductivity: [1e-4, 5e-4, 2e-3], fit: { activationEnergy: 0.42, prefactor: 10, activationEnergyStderr: 0.01 } });
    expect(svg).toContain('Eₐ = 0.42 ± 0.01 eV (40.5 ± 0.965 kJ mol⁻¹)');
    expect(svg).toContain('data-axis="x-celsius"');
    // °C ticks sit at 1000/(T + 273.15).
    const c = ticksOf(svg, 'x-celsius');
    const labels = (summarize(svg) as { axes: Record<string, string[]> }).axes['x-celsius'];
    expect(c.length).toBeGreaterThan(2);
    const xt = ticksOf(svg, 'x');
    const k = (xt[1].x - xt[0].x) / (xt[1].value - xt[0].value);
    c.forEach((t, i) => {
      const tc = Number(labels[i].replace('−', '-'));
      expect(Math.abs(xt[0].x + (1000 / (tc + 273.15) - xt[0].value) * k - t.x)).toBeLessThan(0.05);
    });
  });

  test('seriesPlot picks hours for a 16 h series and draws error bars', () => {
    const svg = seriesPlot({ time: [0, 3600, 57600], value: [1, 2, 3], error: [0.1, 0.1, 0.2] }, { yLabel: 'R / Ω' });
    expect(svg).toContain('>t / h<');
    expect(svg).toContain('class="error-bars"');
  });
});
