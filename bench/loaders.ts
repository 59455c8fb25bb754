// Loader throughput: MB/s of parseSpectra on the largest fixtures and on a large
// synthetic CSV, median of repeated timed batches. Run:
//   npx tsx --conditions=source bench/loaders.ts
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { parseSpectra } from '../src/data/parseSpectra.js';

const FIX = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median MB/s of `fn` over `batches` batches sized to ~50 ms each. */
function throughput(bytes: number, fn: () => unknown, batches = 25): { mbps: number; msPerCall: number } {
  for (let i = 0; i < 20; i++) fn();
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    if (performance.now() - t0 > 50 || reps > 1e6) break;
    reps *= 2;
  }
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    times.push((performance.now() - t0) / reps);
  }
  const ms = median(times);
  return { mbps: bytes / 1e6 / (ms / 1e3), msPerCall: ms };
}

const rows: string[] = [];
const line = (name: string, bytes: number, r: { mbps: number; msPerCall: number }) => {
  rows.push(`| ${name} | ${(bytes / 1024).toFixed(1)} KiB | ${r.msPerCall.toFixed(3)} ms | ${r.mbps.toFixed(1)} MB/s |`);
};

const fixtures = [
  'palmsens/pyimpspec_data.pssession',
  'ivium-idf/pyimpspec_data.ids',
  'biologic-mpt/yadg_geis_SP300_Li-battery.mpt',
  'parstat/impedancepy_exampleDataParstat.txt',
  'gamry-dta/impedancepy_exampleDataGamry.DTA',
];
const largest = fixtures.map((f) => [f, statSync(FIX + f).size] as const).sort((a, b) => b[1] - a[1])[0][0];
for (const f of fixtures) {
  const b = new Uint8Array(readFileSync(FIX + f));
  line(`parseSpectra ${f}${f === largest ? ' (largest fixture)' : ''}`, b.length, throughput(b.length, () => parseSpectra(b, { fileName: f })));
}

// Synthetic generic CSV: 100 000 rows "f,re,im" with full-precision numbers.
const n = 100_000;
const parts = ["f/Hz,Z' (Ω),-Z'' (Ω)"];
for (let i = 0; i < n; i++) {
  const f = 1e6 * Math.pow(10, (-8 * (i % 1000)) / 1000);
  parts.push(`${f},${100 + Math.sin(i)},${50 + Math.cos(i)}`);
}
const csv = parts.join('\n') + '\n';
const csvBytes = new TextEncoder().encode(csv);
line('parseSpectra synthetic CSV, 100k rows (bytes in)', csvBytes.length, throughput(csvBytes.length, () => parseSpectra(csvBytes, { splitSweeps: false }), 9));
line('papaparse alone, same CSV (dynamicTyping, no validation)', csvBytes.length, throughput(csvBytes.length, () => Papa.parse(csv, { dynamicTyping: true }), 9));

console.log(`Node ${process.version}, ${process.platform} ${process.arch}\n`);
console.log('| input | size | median time per parse | throughput |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(r);
