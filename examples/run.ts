/**
 * Runs the bundled examples: `npm run example -- <name>` (a name, its
 * number, or a unique prefix), `npm run example -- --all`, and
 * `npm run example` with no argument lists them.
 */
import { pathToFileURL } from 'node:url';

/** Every example: short name → file and one-line description. */
export const EXAMPLES: Record<string, { file: string; description: string }> = {
  llzo: { file: './01-llzo-al2o3-interlayer.ts', description: 'Li|Al-LLZO|Li with/without Al2O3: ASR 1710 → 1 Ω·cm², σ 0.4 mS/cm' },
  llzto: { file: './02-llzto-ito-interlayer.ts', description: 'Li|LLZTO|Li with/without ITO: ASR 1192 → 32 Ω·cm² (symmetric template)' },
  llto: { file: './03-llto-grain-boundary.ts', description: 'Au|LLTO|Au: bulk 1e-3 vs grain boundary 5e-6 S/cm, labels from capacitance' },
  halide: { file: './04-halide-arrhenius.ts', description: 'Li3YCl6 / Li3YBr6 temperature series: fitSeries + Arrhenius Ea' },
  growth: { file: './05-growth-lgps-vs-li7p3s11.ts', description: 'LGPS (parabolic) vs Li7P3S11 (self-limiting) interphase growth' },
  lagp: { file: './06-lagp-crack.ts', description: 'Li|LAGP|Li crack: step 2.81 → 6.80 kΩ·cm² located in time' },
  gamry: { file: './07-gamry-real-file.ts', description: 'real Gamry .DTA: read, lin-KK, two-arc fit' },
  biologic: { file: './08-biologic-real-file.ts', description: 'real BioLogic .mpt: R-(R∥CPE) fit, Brug capacitance' },
  zplot: { file: './09-zplot-real-file.ts', description: 'real ZPlot .z dummy circuit vs impedance.py reference values' },
  operando: { file: './10-operando-campaign.ts', description: 'Li|LGPS|Li every 3 min for 96 h: 1921 spectra, fitTable on all cores, growth law' },
  demo: { file: './demo.ts', description: 'the `npm run demo` walk-through (bundled Li|LLZO|Li spectrum)' },
};

/** Resolves a name, number (`3`, `03`) or unique prefix to an example name. */
export function resolveExample(arg: string): string | undefined {
  if (EXAMPLES[arg]) return arg;
  const byNumber = Object.keys(EXAMPLES).find((k) => EXAMPLES[k].file.startsWith(`./${arg.padStart(2, '0')}-`));
  if (byNumber) return byNumber;
  const prefix = Object.keys(EXAMPLES).filter((k) => k.startsWith(arg) || EXAMPLES[k].file.includes(arg));
  return prefix.length === 1 ? prefix[0] : undefined;
}

/** Imports an example and runs its `main()`. */
export async function runExample(name: string): Promise<unknown> {
  const mod = (await import(new URL(EXAMPLES[name].file, import.meta.url).href)) as { main(): unknown };
  return await mod.main();
}

function list(): void {
  console.log('Examples (npm run example -- <name> | --all):');
  for (const [k, v] of Object.entries(EXAMPLES)) console.log(`  ${k.padEnd(9)} ${v.file.slice(2).padEnd(32)} ${v.description}`);
}

async function cli(args: string[]): Promise<number> {
  if (!args.length) {
    list();
    return 0;
  }
  const names = args.includes('--all') ? Object.keys(EXAMPLES) : args.map((a) => [a, resolveExample(a)] as const).map(([a, n]) => n ?? a);
  const unknown = names.filter((n) => !EXAMPLES[n]);
  if (unknown.length) {
    console.error(`unknown example ${unknown.map((u) => `"${u}"`).join(', ')}`);
    list();
    return 2;
  }
  for (const name of names) {
    console.log(`\n=== ${name}: ${EXAMPLES[name].description}`);
    await runExample(name);
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await cli(process.argv.slice(2));
}
