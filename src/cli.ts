/**
 * The `eiskit` command. `runCli(argv, io)` runs in-process (tests, scripts);
 * `bin/eiskit.js` calls it with the process streams.
 *
 * @module eiskit/cli
 */
import { parseArgs } from 'node:util';
import { COMMAND_OPTIONS } from './cli/options.js';
import type { CliIo, CommandContext } from './cli/context.js';
import { runConvert, runSimulate } from './cli/convert.js';
import { runDrt } from './cli/drt.js';
import { runFit } from './cli/fit.js';
import { EXIT_BAD_INPUT, EXIT_OK, formatCliError } from './cli/formatCliError.js';
import { runInfo } from './cli/info.js';
import { runReport } from './cli/report.js';
import { runValidate } from './cli/validate.js';

export type { CliIo } from './cli/context.js';
export { EXIT_OK, EXIT_NOT_CONVERGED, EXIT_BAD_INPUT, EXIT_INTERNAL } from './cli/formatCliError.js';

/** Version printed by `eiskit --version`. */
export const CLI_VERSION = '0.1.0';

const HELP: Record<string, string> = {
  main: `eiskit — electrochemical impedance spectroscopy for solid-state batteries

Usage: eiskit <command> [files…] [options]

Commands:
  info      format, spectra, points and ranges of each file
  validate  lin-KK test (Schönleber 2014): M, µ, noise, verdict
  fit       fit a circuit; many files/globs fit as a series (tidy table)
  drt       distribution of relaxation times: R∞, R_pol, peaks; --csv for γ(τ)
  simulate  impedance of a circuit on a log grid (CSV/JSON), optional noise
  convert   any supported format to CSV (default) or JSON
  report    self-contained HTML report (lin-KK, fit, σ/ASR, plots)

Common options: --json, --csv, --out FILE, --format ID, --skip-invalid,
  --spectrum N (0-based, one spectrum per file), --debug, --help
Exit codes: 0 success, 1 a fit did not converge, 2 bad input, 3 internal error.
Run "eiskit <command> --help" for the command's options.
`,
  info: `Usage: eiskit info <files…> [--json|--csv] [--out FILE]
Prints format, spectra, points, frequency/Re/−Im ranges, rows read/used/skipped and loader warnings.
`,
  validate: `Usage: eiskit validate <files…> [--mu 0.85] [--strict] [--json|--csv]
Lin-KK test of every spectrum. --strict exits 1 when a spectrum is invalid.
`,
  fit: `Usage: eiskit fit <files…|globs> (--circuit C | --template symmetric|blocking|half-cell) [options]
  -c, --circuit C        impedance.py or CDC circuit, annotations allowed: "R0-p(R1,CPE1)-p(R2,CPE2)"
  -t, --template T       solid-electrolyte template (with --bulk-arc, --charge-transfer, --warburg)
  --area A               electrode area: "0.785cm2" (plain number = cm²)
  --thickness L          electrolyte thickness: "1mm" (plain number = cm)
  --symmetric            symmetric cell: ASR per interface = R·A/2 (else R·A)
  --electrode E          blocking | non-blocking (default: from the template, else non-blocking)
  -w, --weighting W      unit | modulus | proportional | boukamp (default unit)
  -m, --multistart N     extra random starts (default 0); --seed N
  --initial k=v,…        starting values (default: automatic guess)
  --fixed k=v,…          hold parameters constant
  --fmin F --fmax F      fit only this frequency window (Hz)
  --max-iterations N     solver iteration limit per start
  --bound-probe          after a non-converged solve, try each [0, ∞) parameter at 0
  --no-warm-start        series: start every fit from the automatic guess
  --workers N            series: independent fits in parallel on N worker threads (fitBatch)
  --plots DIR            write Nyquist, Bode and residual SVG plots of every fit into DIR
  --save DIR             save every fit as replayable JSON (<file>.fit.json; fitFromJSON, replayFit)
  --json | --csv         machine-readable output (CSV: one tidy row per spectrum)
  -o, --out FILE         write the output to FILE (.json/.csv pick the format)
One spectrum prints a fit report; several print a series table (progress bar on a terminal).
`,
  drt: `Usage: eiskit drt <files…> [--lambda X|gcv|lcurve] [--json|--csv] [--out FILE]
Tikhonov DRT with automatic λ; prints R∞, R_pol and the peaks. --csv writes tau_s,gamma_ohm.
`,
  simulate: `Usage: eiskit simulate --circuit C --values k=v,… [--fmin 0.1] [--fmax 1e6] [--ppd 10] [--noise 0.01 --seed 1] [--json] [--out FILE]
Writes frequency/Hz, Re(Z)/Ohm, Im(Z)/Ohm (true sign of Im), highest frequency first.
`,
  convert: `Usage: eiskit convert <files…> [--to csv|json] [--out FILE]
Any supported format (BioLogic, Gamry, ZPlot, Autolab, CHI, Parstat, PowerSuite, VersaStudio, Ivium, PalmSens, Zahner, P00, Elchemea, CSV) to CSV or JSON.
`,
  report: `Usage: eiskit report <file> (--circuit C | --template T) [fit options] [--out report.html]
Writes one self-contained HTML file (data summary, lin-KK verdict, fit table with intervals,
correlations and warnings, σ and ASR per interface, plots) and prints the fit report.
`,
};

const COMMANDS: Record<string, (ctx: CommandContext) => number | Promise<number>> = {
  info: runInfo,
  validate: runValidate,
  fit: runFit,
  drt: runDrt,
  simulate: runSimulate,
  convert: runConvert,
  report: runReport,
};

/**
 * Runs the `eiskit` command line in-process.
 *
 * @param argv - arguments after the program name, e.g. `['fit', 'cell.DTA', '--circuit', 'R0-p(R1,CPE1)']`
 * @param io - where to write results (stdout) and messages (stderr)
 * @returns the exit code: 0 success, 1 a fit did not converge, 2 bad input (file:line in the message), 3 internal error
 * @example
 * ```ts
 * const out: string[] = [];
 * const code = await runCli(['info', 'cell.DTA'], { stdout: (t) => out.push(t), stderr: () => {} });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' && rest[0] && HELP[rest[0]] ? rest[0] : 'main';
    io.stdout(HELP[topic]);
    return command === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${CLI_VERSION}\n`);
    return EXIT_OK;
  }
  const run = COMMANDS[command];
  if (!run) {
    const known = Object.keys(COMMANDS);
    const near = known.find((k) => k.startsWith(command.slice(0, 2)));
    io.stderr(`error: unknown command "${command}"${near ? ` (did you mean "${near}"?)` : ''}; commands: ${known.join(', ')}\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: COMMAND_OPTIONS[command], allowPositionals: true, strict: true });
    if (values.help) {
      io.stdout(HELP[command]);
      return EXIT_OK;
    }
    return await run({ values: values as CommandContext['values'], positionals, io });
  } catch (error) {
    const { message, code } = formatCliError(error, debug);
    io.stderr(message + '\n');
    return code;
  }
}
