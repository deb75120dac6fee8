// The zkr command: a thin layer over the packages. Every command calls into a package; no
// rollup logic lives here.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerCircuitCommands } from './commands/circuits.js';
import { registerCeremonyCommands } from './commands/ceremony.js';
import { registerRollupCommands } from './commands/rollup.js';
import { registerDeployCommand } from './commands/deploy.js';
import { registerFundsCommands } from './commands/funds.js';
import { registerSignCommands } from './commands/sign.js';
import { registerSubmitCommand } from './commands/submit.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerExitCommands } from './commands/exits.js';
import { registerAccountCommand } from './commands/account.js';
import { registerProverWorkerCommand } from './commands/proverWorker.js';
import { registerWalletCommands } from './commands/wallet.js';
import { describe, exitCodeOf, ExitCode, messageOf, UsageError } from './errors.js';
import { createOutput, type Output } from './io.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The JSON document an error becomes under --json (stdout), the same for every kind of error. */
export function jsonError(error: unknown, exitCode: number): string {
  return `${JSON.stringify({ error: { name: error instanceof Error ? error.name : 'Error', message: messageOf(error), exitCode } })}\n`;
}

export function createProgram(): Command {
  const program = new Command('zkr')
    .description('zkr: run a ZK rollup — circuits, trusted setup, proving, L1 contract, sync')
    .version(VERSION, '-V, --version', 'print the version of zkr')
    .option('--json', 'machine-readable output on stdout')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError()
    .addHelpText(
      'after',
      `\nExit codes: ${ExitCode.ok} ok, ${ExitCode.failure} the operation failed, ${ExitCode.badInput} bad input, ${ExitCode.artifact} missing or corrupt artifact, ${ExitCode.refused} refused as unsafe for funds.`,
    );

  const run = async (action: (output: Output) => Promise<void>): Promise<void> => {
    const { json, debug } = program.opts<{ json?: boolean; debug?: boolean }>();
    const output = createOutput(json === true);
    try {
      await action(output);
    } catch (error) {
      process.exitCode = exitCodeOf(error);
      if (json) process.stdout.write(jsonError(error, process.exitCode));
      else process.stderr.write(`zkr: ${describe(error)}\n`);
      if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    } finally {
      // snarkjs keeps its curve's worker threads alive (iden3/snarkjs#152).
      await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
    }
  };

  // Set before the commands are added so they inherit it: commander's own usage errors
  // (unknown option, missing argument) are bad input.
  program.exitOverride((error) => {
    if (error.exitCode !== 0) throw new UsageError(error.message);
    throw error;
  });
  registerCircuitCommands(program, run);
  registerCeremonyCommands(program, run);
  registerRollupCommands(program, run);
  registerDeployCommand(program, run);
  registerFundsCommands(program, run);
  registerSignCommands(program, run);
  registerSubmitCommand(program, run);
  registerExitCommands(program, run);
  registerAccountCommand(program, run);
  registerWalletCommands(program, run);
  registerBenchCommand(program, run);
  registerProverWorkerCommand(program, run);
  return program;
}
