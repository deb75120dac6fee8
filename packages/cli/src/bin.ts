#!/usr/bin/env node
import { createProgram } from './program.js';
import { isCleanExit, jsonRequested, reportError } from './report.js';

const report = { json: jsonRequested(process.argv), debug: process.argv.includes('--debug') };
// An error no command caught (a rejection in a long-running command's background work) is
// reported like any other: one line, or one JSON object under --json, and exit 1.
const fatal = (error: unknown): void => {
  reportError(error, report);
  process.exit();
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

try {
  await createProgram({ json: report.json }).parseAsync(process.argv);
} catch (error) {
  // --help and --version end through commander's exit override with code 0; anything else that
  // reaches here (a usage error, a failure outside a command's run) is reported by the table.
  if (!isCleanExit(error)) reportError(error, report);
}
