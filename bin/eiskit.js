#!/usr/bin/env node
// Thin shim of the `eiskit` command: runs the built CLI (dist/ is built by `npm run build`, and by `prepare` on install).
import { runCli } from '../dist/cli.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns,
});
process.exitCode = code;
