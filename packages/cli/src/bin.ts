#!/usr/bin/env node
import { createProgram, jsonError } from './program.js';
import { ExitCode } from './errors.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: string }).code;
  // --help and --version end through commander's exit override with code 0.
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exitCode = ExitCode.ok;
  else {
    process.exitCode = ExitCode.badInput;
    // A usage error ends before any command runs; --json still gets its JSON document (commander
    // has written the human message and the help to stderr).
    if (process.argv.includes('--json')) process.stdout.write(jsonError(error, process.exitCode));
  }
}
