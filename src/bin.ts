/**
 * Entry of the `eiskit` command when run from source
 * (`npx tsx --conditions=source src/bin.ts …`); the published command is
 * `bin/eiskit.js`, which runs the built `dist/cli.js`.
 * @module
 */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns,
});
