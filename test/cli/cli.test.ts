import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom, fitFromJSON, parseSpectra, replayFit, simulateImpedance, toCsv } from 'eiskit';
import { readSpectraFile } from 'eiskit/node';
import { expectAllClose, expectClose } from '../helpers/close.js';
import { cli, parseCsv } from './run.js';

const DEMO = 'examples/data/li-llzo-li_25C_synthetic.csv';
const GAMRY = 'test/fixtures/gamry-dta/impedancepy_exampleDataGamry.DTA';
const ZPLOT = 'test/fixtures/zplot-z/impedancepy_exampleDataZPlot.z';
const BIOLOGIC = 'test/fixtures/biologic-mpt/impedancepy_exampleDataBioLogic.mpt';
// Documented truth of the demo spectrum (examples/data/make-demo-data.ts).
const DEMO_TRUTH = { R_b: 210, R_gb: 150, R_int: 382, asr: 150, area: 0.785, thickness: 0.1 };

const tmp = mkdtempSync(join(tmpdir(), 'eiskit-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('eiskit info', () => {
  it.each([
    [GAMRY, 'gamry-dta', 72],
    [ZPLOT, 'zplot', 21],
    [BIOLOGIC, 'biologic-mpt', 43],
    [DEMO, 'csv', 79],
  ])('info %s --json reports format %s and %i points', async (file, format, points) => {
    const r = await cli(['info', file, '--json']);
    expect(r.code).toBe(0);
    const [entry] = JSON.parse(r.stdout);
    expect(entry.format).toBe(format);
    expect(entry.spectra[0].points).toBe(points);
    const s = readSpectraFile(file).spectra[0];
    expect(entry.spectra[0].frequency).toEqual([Math.min(...s.frequency), Math.max(...s.frequency)]);
  });

  it('info with a glob lists every matching file in a table', async () => {
    const r = await cli(['info', 'test/fixtures/zplot-z/impedancepy_*.z']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('impedancepy_Circuit1_EIS_1.z');
    expect(r.stdout).toContain('impedancepy_exampleDataZPlot_noComments.z');
    expect(r.stdout.split('\n')[0]).toMatch(/^file\s+#\s+format\s+points/);
  });
});

describe('eiskit validate', () => {
  it('validate on the demo spectrum is valid (KK-compliant synthetic data)', async () => {
    const r = await cli(['validate', DEMO, '--json']);
    expect(r.code).toBe(0);
    const [v] = JSON.parse(r.stdout);
    expect(v.valid).toBe(true);
    expect(v.mu).toBeLessThanOrEqual(0.85);
    expect(v.noise).toBeGreaterThan(0.001);
    expect(v.noise).toBeLessThan(0.01); // 0.5 % proportional noise was added
  });

  it('validate --strict exits 1 when a spectrum is invalid, 0 without --strict', async () => {
    const file = 'test/fixtures/zplot-z/impedancepy_exampleDataZPlot_noComments.z';
    expect((await cli(['validate', file])).code).toBe(0);
    const strict = await cli(['validate', file, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('INVALID');
  });
});

describe('eiskit fit', () => {
  it('fit demo --template symmetric with the cell recovers the documented truth and ASR = R·A/2', async () => {
    const r = await cli(['fit', DEMO, '--template', 'symmetric', '--area', '0.785cm2', '--thickness', '1mm', '--symmetric', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.fit.converged).toBe(true);
    expectClose(out.fit.values.R_b, DEMO_TRUTH.R_b, 0.02, 0, 'R_b');
    expectClose(out.fit.values.R_gb, DEMO_TRUTH.R_gb, 0.03, 0, 'R_gb');
    expectClose(out.fit.values.R_int, DEMO_TRUTH.R_int, 0.02, 0, 'R_int');
    const [iface] = out.properties.interfaces;
    expectClose(iface.asr.value, (out.fit.values.R_int * DEMO_TRUTH.area) / 2, 1e-9, 0, 'ASR = R·A/2');
    expectClose(iface.asr.value, DEMO_TRUTH.asr, 0.02, 0, 'ASR truth');
    expectClose(out.properties.conductivity.total.value, DEMO_TRUTH.thickness / ((out.fit.values.R_b + out.fit.values.R_gb) * DEMO_TRUTH.area), 1e-9);
  });

  it('fit text report shows parameters, intervals, the symmetric convention and arc labels', async () => {
    const r = await cli(['fit', DEMO, '--circuit', 'R0-p(R1,CPE1)-p(R2,CPE2)', '--area', '0.785', '--thickness', '0.1', '--symmetric']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^converged \(/m);
    expect(r.stdout).toMatch(/^R0 \(R\)\s+2\d\d\.\d+\s+Ω/m);
    expect(r.stdout).toContain('95% CI');
    expect(r.stdout).toContain('R·A/2');
    expect(r.stdout).toMatch(/R1∥CPE1\s+.*grain-boundary/);
    expect(r.stdout).toMatch(/ASR R2 \(\S+\) per interface\s+149\.\d|ASR R2 \(\S+\) per interface\s+15\d\.\d/);
  });

  it('fit options reach fitCircuit: --weighting, --multistart, --seed, --fmin/--fmax, --fixed, --initial', async () => {
    const spectrum = readSpectraFile(DEMO).spectra[0];
    const inWindow = Array.from(spectrum.frequency).filter((f) => f >= 1 && f <= 1e6).length;
    const r = await cli([
      'fit', DEMO, '-c', 'R0-p(R1,CPE1)-p(R2,CPE2)', '--weighting', 'modulus', '--multistart', '3', '--seed', '5',
      '--fmin', '1', '--fmax', '1e6', '--fixed', 'R0=210', '--initial', 'R2=300', '--json',
    ]);
    expect(r.code).toBe(0);
    const { fit } = JSON.parse(r.stdout);
    expect(fit.statistics.weighting).toBe('modulus');
    const single = JSON.parse((await cli(['fit', DEMO, '-c', 'R0-p(R1,CPE1)-p(R2,CPE2)', '--weighting', 'modulus', '--fmin', '1', '--fmax', '1e6', '--fixed', 'R0=210', '--initial', 'R2=300', '--json'])).stdout).fit;
    expect(fit.multistart.starts).toBe(single.multistart.starts + 3);
    expect(fit.multistart.seed).toBe(5);
    expect(fit.statistics.points).toBe(inWindow);
    expect(fit.values.R0).toBe(210);
    expect(fit.parameters.find((p: { key: string }) => p.key === 'R0').fixed).toBe(true);
    expectClose(fit.values.R2, 382, 0.03, 0, 'R2');
  });

  it('--bound-probe reaches fitCircuit (boundProbe) and finds the boundary minimum R0 = 0, which the plain fit only approaches', async () => {
    // Bulk arc far above the top frequency: with this noise draw the minimum lies on R0 = 0.
    const f = Float64Array.from({ length: 71 }, (_, i) => Math.pow(10, 6 - i / 10));
    const truth = { R0: 50, R1: 200, CPE1_0: 1.5e-11, CPE1_1: 0.95, R2: 1000, CPE2_0: 1e-6, CPE2_1: 0.85 };
    const s = simulateImpedance('R0-p(R1,CPE1)-p(R2,CPE2)', truth, f, { noise: { type: 'proportional', sigma: 0.01 }, random: createRandom(19) });
    const file = join(tmp, 'bulk-above-window.csv');
    writeFileSync(file, toCsv(s));
    const args = ['fit', file, '-c', 'R0-p(R1,CPE1)-p(R2,CPE2)', '--weighting', 'modulus', '--json'];
    const plain = JSON.parse((await cli(args)).stdout).fit;
    const r = await cli([...args, '--bound-probe']);
    expect(r.code).toBe(0);
    const probed = JSON.parse(r.stdout).fit;
    expect(probed.options.boundProbe).toBe(true);
    expect(probed.converged).toBe(true);
    expect(probed.values.R0).toBe(0);
    expect(probed.statistics.chiSquare).toBeLessThanOrEqual(plain.statistics.chiSquare);
  });

  it('fit --csv writes one tidy row with the parameter columns', async () => {
    const r = await cli(['fit', ZPLOT, '--circuit', 'R0-p(R1,CPE1)', '--csv']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].R0)).toBeGreaterThan(0);
    expect(rows[0].converged).toBe('true');
  });

  it('fit of many files (glob) is a warm-started series; the table and CSV recover each true R1', async () => {
    const truth = [100, 200, 400];
    for (const [i, r1] of truth.entries()) {
      const res = await cli([
        'simulate', '--circuit', 'R0-p(R1,CPE1)', '--values', `R0=20,R1=${r1},CPE1_0=2e-6,CPE1_1=0.9`,
        '--fmin', '0.1', '--fmax', '1e6', '--ppd', '8', '--noise', '0.002', '--seed', String(i + 1), '--out', join(tmp, 'series', `s${i}.csv`),
      ]);
      expect(res.code).toBe(0);
    }
    const glob = join(tmp, 'series', 's*.csv');
    const csv = await cli(['fit', glob, '--circuit', 'R0-p(R1,CPE1)', '--csv']);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows.map((r) => r.file)).toEqual(truth.map((_, i) => join(tmp, 'series', `s${i}.csv`)));
    rows.forEach((row, i) => expectClose(Number(row.R1), truth[i], 0.02, 0, `R1[${i}]`));
    expect(rows.slice(1).every((r) => r.start === 'warm')).toBe(true);
    const text = await cli(['fit', glob, '--circuit', 'R0-p(R1,CPE1)'], { tty: true });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('3 spectra fitted, all converged');
    expect(text.stdout.split('\n').filter((l) => l.includes('s1.csv'))).toHaveLength(1);
    expect(text.stderr).toMatch(/\[#+\] 3\/3/); // progress bar on a TTY
    const piped = await cli(['fit', glob, '--circuit', 'R0-p(R1,CPE1)']);
    expect(piped.stderr).toBe(''); // no progress bar when stderr is not a terminal
    // --workers: independent fits on worker threads (fitBatch) equal the cold-start series bit for bit.
    const cold = parseCsv((await cli(['fit', glob, '--circuit', 'R0-p(R1,CPE1)', '--csv', '--no-warm-start'])).stdout);
    const parallel = await cli(['fit', glob, '--circuit', 'R0-p(R1,CPE1)', '--csv', '--workers', '2']);
    expect(parallel.code).toBe(0);
    const prow = parseCsv(parallel.stdout);
    expect(prow.map((r) => [r.file, r.R0, r.R1, r.CPE1_0, r.CPE1_1])).toEqual(cold.map((r) => [r.file, r.R0, r.R1, r.CPE1_0, r.CPE1_1]));
  });

  it('fit of a multi-spectrum BioLogic file is a series that recovers pyimpspec TC-1 (R0 100, R1 200, C1 0.8 µF, R2 500, Warburg Y0 4e-4)', async () => {
    // Exact parameters from reference_fits.json (pyimpspec mock "Circuit 1", Boukamp 1995 TC-1); the data are noise-free.
    // impedance.py's W has Z = A_W·(1 − j)/√ω, so A_W = 1/(Y0·√2).
    const r = await cli(['fit', 'test/fixtures/biologic-mpt/pyimpspec_case-multiple-spectra.mpt', '-c', 'R0-p(R1,C1)-p(R2,W1)', '--csv']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows.map((x) => x.spectrum)).toEqual(['0', '1', '2']);
    for (const row of rows) {
      expectClose(Number(row.R0), 100, 1e-6, 0, 'R0');
      expectClose(Number(row.R1), 200, 1e-6, 0, 'R1');
      expectClose(Number(row.C1), 8e-7, 1e-6, 0, 'C1');
      expectClose(Number(row.R2), 500, 1e-6, 0, 'R2');
      expectClose(Number(row.W1), 1 / (4e-4 * Math.SQRT2), 1e-6, 0, 'W1');
    }
  });

  it('fit --out result.json writes the file and says so on stderr', async () => {
    const out = join(tmp, 'fit', 'result.json');
    const r = await cli(['fit', ZPLOT, '--circuit', 'R0-p(R1,CPE1)', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${out}`);
    expect(JSON.parse(readFileSync(out, 'utf8')).fit.circuit).toBe('R0-p(R1,CPE1)');
  });

  it('fit --plots DIR writes Nyquist, Bode and residual SVGs of every fit', async () => {
    const dir = join(tmp, 'plots');
    const r = await cli(['fit', ZPLOT, GAMRY, '-c', 'R0-p(R1,CPE1)', '--plots', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote 6 SVG plots to ${dir}`);
    for (const stem of ['impedancepy_exampleDataZPlot.z', 'impedancepy_exampleDataGamry.DTA']) {
      for (const kind of ['nyquist', 'bode', 'residuals']) expect(readFileSync(join(dir, `${stem}-${kind}.svg`), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    }
  });

  it('fit --save DIR writes replayable fits: fitFromJSON + replayFit give the same values', async () => {
    const dir = join(tmp, 'saved');
    const r = await cli(['fit', ZPLOT, '-c', 'R0-p(R1,CPE1)', '--weighting', 'modulus', '--save', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`saved 1 replayable fit`);
    const saved = fitFromJSON(readFileSync(join(dir, 'impedancepy_exampleDataZPlot.z.fit.json'), 'utf8'));
    const printed = JSON.parse(r.stdout).fit;
    expect(saved.result.values).toEqual(printed.values);
    const again = replayFit(saved);
    for (const [k, v] of Object.entries(printed.values as Record<string, number>)) expectClose(again.values[k], v, 1e-12, 0, k);
  });

  it('a fit that does not converge exits 1 and names the file', async () => {
    const r = await cli(['fit', GAMRY, '--circuit', 'R0-p(R1,CPE1)-p(R2,CPE2)-Wo1', '--max-iterations', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('NOT converged');
    expect(r.stderr).toContain(`${GAMRY}: fit did not converge`);
  });
});

describe('bad input exits 2 with file, line and position; no stack trace unless --debug', () => {
  const bad = join(tmp, 'bad.csv');
  writeFileSync(bad, 'freq,re,im\n1000,1,-1\n100,abc,-2\n10,3,-3\n');
  const empty = join(tmp, 'empty.csv');
  writeFileSync(empty, '');
  const junk = join(tmp, 'junk.bin');
  writeFileSync(junk, Uint8Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256));

  it.each([
    [['info', bad], [`${bad}:3: `, 'column "re"', '"abc"', 'NOT_A_NUMBER']],
    [['fit', bad, '--circuit', 'R0-p(R1,C1)'], [`${bad}:3: `]],
    [['fit', ZPLOT, '--circuit', 'R0-p(R1,C1'], ['error: circuit:', 'column 4', '   ^']],
    [['fit', ZPLOT, '--circuit', 'R0-p(R1,Q1)'], ['error: circuit:', 'Q1']],
    [['info', join(tmp, 'missing.DTA')], ['missing.DTA: no such file or directory']],
    [['info', join(tmp, 'nothing-*.DTA')], ['no file matches']],
    [['info', empty], [`${empty}: `, '[EMPTY]']],
    [['info', junk], [`${junk}: `, '[UNKNOWN_FORMAT]']],
    [['info', 'test/fixtures'], ['test/fixtures: is a directory']],
    [['fit', ZPLOT, '--circuit', 'R0-p(R1,C1)', '--fixed', 'R9=1'], ['unknown parameter "R9"']],
    [['fit', ZPLOT], ['--circuit']],
    [['fit', ZPLOT, '--circuit', 'R0', '--bogus'], ["Unknown option '--bogus'"]],
    [['fit', ZPLOT, '--circuit', 'R0', '--weighting', 'cubic'], ['--weighting must be']],
    [['fit', ZPLOT, '--circuit', 'R0', '--area', '1cm2'], ['--thickness is missing']],
    [['fit', ZPLOT, '--circuit', 'R0', '--initial', 'R0=1,R1'], ['--initial: expected key=number at character 6']],
    [['simulate', '--circuit', 'R0-p(R1,C1)', '--values', 'R0=1,R1=2'], ['missing parameter values: C1']],
    [['convert', ZPLOT, '--to', 'xml'], ['--to must be csv or json']],
    [['frobnicate'], ['unknown command "frobnicate"']],
  ])('eiskit %j', async (argv, needles) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    for (const n of needles) expect(r.stderr).toContain(n);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('--debug adds the stack trace', async () => {
    const r = await cli(['info', bad, '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--skip-invalid reads the rest of the file and reports the skipped row', async () => {
    const r = await cli(['info', bad, '--skip-invalid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 data rows read, 2 used, 1 skipped');
  });
});

describe('eiskit convert and simulate', () => {
  it.each([GAMRY, BIOLOGIC, ZPLOT])('convert %s to CSV reads back to the same numbers', async (file) => {
    const r = await cli(['convert', file]);
    expect(r.code).toBe(0);
    const original = readSpectraFile(file).spectra[0];
    const back = parseSpectra(r.stdout, { fileName: 'x.csv' }).spectra[0];
    expectAllClose(back.frequency, original.frequency, 0, 0, 'f');
    expectAllClose(back.re, original.re, 0, 0, 're');
    expectAllClose(back.im, original.im, 0, 0, 'im');
  });

  it('convert --to json keeps arrays and the true sign of Im', async () => {
    const r = await cli(['convert', GAMRY, '--to', 'json']);
    const [s] = JSON.parse(r.stdout);
    const original = readSpectraFile(GAMRY).spectra[0];
    expect(s.frequency).toEqual(Array.from(original.frequency));
    expect(s.im).toEqual(Array.from(original.im));
  });

  it('simulate equals simulateImpedance on the same grid (noise-free) and is seeded with noise', async () => {
    const r = await cli(['simulate', '--circuit', 'R0-p(R1,C1)', '--values', 'R0=10,R1=100,C1=1e-6', '--fmin', '1', '--fmax', '1e4', '--ppd', '2']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    const f = rows.map((x) => Number(x['frequency/Hz']));
    expectAllClose(f, [1e4, 10 ** 3.5, 1e3, 10 ** 2.5, 100, 10 ** 1.5, 10, 10 ** 0.5, 1], 1e-12);
    const ref = simulateImpedance('R0-p(R1,C1)', { R0: 10, R1: 100, C1: 1e-6 }, f);
    expectAllClose(rows.map((x) => Number(x['Re(Z)/Ohm'])), ref.re, 1e-15);
    expectAllClose(rows.map((x) => Number(x['Im(Z)/Ohm'])), ref.im, 1e-15);
    const noisy = ['simulate', '--circuit', 'R0', '--values', 'R0=10', '--noise', '0.01', '--seed', '3'];
    expect((await cli(noisy)).stdout).toBe((await cli(noisy)).stdout);
  });
});

describe('eiskit drt and report', () => {
  it('drt --json on the demo spectrum: R∞ ≈ R_b and R_pol ≈ R_gb + R_int', async () => {
    const r = await cli(['drt', DEMO, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expectClose(d.rInf, DEMO_TRUTH.R_b, 0.05, 0, 'R∞');
    expectClose(d.polarization, DEMO_TRUTH.R_gb + DEMO_TRUTH.R_int, 0.05, 0, 'R_pol');
    expect(d.peaks.length).toBeGreaterThanOrEqual(2);
    const csv = await cli(['drt', DEMO, '--csv']);
    expect(parseCsv(csv.stdout)).toHaveLength(d.tau.length);
  });

  it('report writes one self-contained HTML file and prints the fit table', async () => {
    const out = join(tmp, 'report.html');
    const r = await cli(['report', DEMO, '--template', 'symmetric', '--area', '0.785cm2', '--thickness', '1mm', '--symmetric', '--out', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.toLowerCase().startsWith('<!doctype html>')).toBe(true);
    for (const id of ['summary', 'validation', 'fit', 'fit-parameters', 'correlations', 'derived', 'capacitances', 'plots']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('data-valid="true"');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4); // Nyquist, Bode, residuals, DRT
    expect(html).toContain('ASR R_int (interphase)');
    expect(html).toContain('R·A/2 per interface (symmetric cell)');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(r.stdout).toContain('R_int');
  });
});

describe('help and version', () => {
  it('eiskit --help lists every command; no command prints usage and exits 2', async () => {
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    for (const c of ['info', 'validate', 'fit', 'drt', 'simulate', 'convert', 'report']) expect(h.stdout).toContain(`  ${c} `);
    expect((await cli([])).code).toBe(2);
    const fitHelp = await cli(['fit', '--help']);
    for (const o of ['--circuit', '--template', '--area', '--thickness', '--symmetric', '--weighting', '--multistart', '--json', '--csv', '--out']) expect(fitHelp.stdout).toContain(o);
  });

  it('eiskit --version prints the version of package.json (CLI_VERSION cannot drift from it)', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
  });
});
