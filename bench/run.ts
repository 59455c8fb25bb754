/**
 * `npm run bench [topic…]` (or `-- --assemble` to only rebuild RESULTS.md): runs every bench/<topic>.ts (or the named ones) in its
 * own process, one after another, then assembles bench/RESULTS.md from the
 * per-topic result files in bench/results/ plus a machine header.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const order = ['elements', 'fit', 'lm-kernel', 'batch', 'loaders', 'validate'];
const args = process.argv.slice(2);
const assembleOnly = args.includes('--assemble');
const wanted = args.filter((a) => !a.startsWith('--'));
const topics = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));

for (const t of assembleOnly ? [] : topics) {
  if (wanted.length && !wanted.includes(t)) continue;
  console.log(`\n### bench/${t}.ts`);
  execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', join(here, `${t}.ts`)], {
    stdio: 'inherit',
    cwd: join(here, '..'),
  });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = `# Benchmark results

Produced by \`npm run bench\` (each \`bench/<topic>.ts\` writes \`bench/results/<topic>.md\`; this file is assembled from them).
Medians and ratios only: machines here are noisy.

Last assembled on: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}.
Each section states the machine it was measured on.
`;
const dir = join(here, 'results');
const parts = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .sort((a, b) => (order.indexOf(a.slice(0, -3)) + 1 || 99) - (order.indexOf(b.slice(0, -3)) + 1 || 99))
      .map((f) => readFileSync(join(dir, f), 'utf8').trim())
  : [];
writeFileSync(join(here, 'RESULTS.md'), [header, ...parts].join('\n\n') + '\n');
console.log('\nwrote bench/RESULTS.md');
