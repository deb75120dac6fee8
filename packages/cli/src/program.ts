// The zkr command: a thin layer over the packages. Every command calls into a package; no
// rollup logic lives here.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadCircuits } from './lazy.js';
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
import { registerNodeCommand } from './commands/node.js';
import { ExitCode } from './errors.js';
import { createOutput, type Output } from './io.js';
import { reportError, usageErrorOf } from './report.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface ProgramOptions {
  /** --json was asked for (bin.ts reads it before parsing): commander then writes no text of its
   * own, so that a usage error too leaves one JSON object on stderr. */
  readonly json?: boolean;
}

export function createProgram(options: ProgramOptions = {}): Command {
  const program = new Command('zkr')
    .description('zkr: run a ZK rollup — circuits, trusted setup, proving, L1 contract, sync')
    .version(VERSION, '-V, --version', 'print the version of zkr')
    .option('--json', 'machine-readable output: results as JSON on stdout, a failure as one JSON object on stderr')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError(options.json !== true)
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
      reportError(error, { json: json === true, debug: debug === true });
    } finally {
      // snarkjs keeps its curve's worker threads alive (iden3/snarkjs#152); only a command that
      // loaded circuits or the prover can have built one.
      if ('curve_bn128' in globalThis) await (await loadCircuits()).terminateSnarkjsCurve();
    }
  };

  // Set before the commands are added so they inherit them: commander's own usage errors
  // (unknown option, missing argument) are bad input naming the option, reported by bin.ts like
  // any other error; under --json commander prints nothing itself.
  program.exitOverride((error) => {
    if (error.exitCode !== 0) throw usageErrorOf(error);
    throw error;
  });
  if (options.json) program.configureOutput({ writeErr: () => undefined });
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
  registerNodeCommand(program, run);
  return program;
}
