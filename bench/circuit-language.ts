// Speed of the circuit language: parsing and printing typical circuits in both
// dialects, and a 10 000-level nested circuit. Run with
//   npx tsx --conditions=source bench/circuit-language.ts
import { cpus, loadavg } from 'node:os';
import { formatCircuit, parseCircuit } from '../src/index.js';
import type { CircuitNode } from '../src/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median over `batches` of the mean time per call (µs) of `f` run `reps` times. */
function time(f: () => unknown, reps: number, batches = 31): number {
  for (let i = 0; i < reps; i++) f();
  const per: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) f();
    per.push(((performance.now() - t) * 1000) / reps);
  }
  return median(per);
}

const py = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const cdc = 'R(RQ)(RQ)';
const annotated = 'R_b{R=120, role=bulk}-p(R_gb{R=800:100..1e4, role=grain-boundary},CPE_gb{Q=1e-9:1e-12..1e-6, alpha=0.85 fixed})';
const ast: CircuitNode = parseCircuit(py);
const astAnn: CircuitNode = parseCircuit(annotated);

let deep = '';
const N = 10_000;
for (let i = 0; i < N; i++) deep += `p(R${i}-`;
deep += `R${N}`;
for (let i = N - 1; i >= 0; i--) deep += `,C${i})`;
const deepAst = parseCircuit(deep);

const rows: Array<[string, number]> = [
  [`parseCircuit('${py}')`, time(() => parseCircuit(py), 2000)],
  [`parseCircuit('${cdc}')`, time(() => parseCircuit(cdc), 2000)],
  ['parseCircuit(annotated, 3 elements, 6 entries)', time(() => parseCircuit(annotated), 2000)],
  [`formatCircuit(ast) (impedance.py)`, time(() => formatCircuit(ast), 2000)],
  [`formatCircuit(ast, 'cdc')`, time(() => formatCircuit(ast, 'cdc'), 2000)],
  ['formatCircuit(annotated ast)', time(() => formatCircuit(astAnn), 2000)],
  ['parseCircuit(10 000-deep p(R-p(…), 20 001 elements)', time(() => parseCircuit(deep), 1, 7)],
  ['formatCircuit(10 000-deep AST)', time(() => formatCircuit(deepAst), 1, 7)],
];

console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load ${loadavg().map((x) => x.toFixed(1)).join(', ')}`);
console.log('| what | median per call |');
console.log('|---|---|');
for (const [what, us] of rows) console.log(`| ${what} | ${us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(2)} µs`} |`);
