// zkr account: what L1 records of an L2 account, above all who holds its exit rights (docs/protocol.md
// §7.1): the L1 owner the depositor named, the only address that can force its exit or escape with
// its balance. Whoever receives funds into an account should check that this owner is theirs.
import type { Command } from 'commander';
import type { AccountInfo } from '@zkr/sdk';
import { UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { addDeploymentOptions, targetOf, withRollup, type DeploymentOptions } from '../l1.js';
import { parseCount } from '../parse.js';

const hex = (n: bigint): string => `0x${n.toString(16).padStart(64, '0')}`;

function describeAccount(info: AccountInfo): string {
  return [
    `account ${info.accountIndex}`,
    `  key:          (${hex(info.ax)}, ${hex(info.ay)})`,
    `  token:        ${info.tokenId}`,
    `  owner:        ${info.owner} (alone may force an exit or escape; exits and escapes pay it)`,
    `  on L2:        ${info.onL2 ? 'yes' : 'not yet: its deposit waits in the priority queue'}`,
    `  forced exit:  ${info.pendingForcedExit === null ? 'none pending' : `pending, queue entry ${info.pendingForcedExit}`}`,
  ].join('\n');
}

export function registerAccountCommand(program: Command, run: Run): void {
  addDeploymentOptions(program.command('account'))
    .description('show an L2 account as L1 records it: its key, token, and the L1 owner holding its exit rights')
    .requiredOption('--account <index>', 'L2 account index')
    .addHelpText('after', '\nRead-only: no L1 key needed.\n\nExample:\n  $ zkr account -d deployment.json --account 1')
    .action((options: DeploymentOptions & { account: string }) =>
      run(async (output) => {
        const accountIndex = parseCount(options.account, '--account');
        const info = await withRollup(targetOf(options), undefined, ({ client }) =>
          client.accountInfo(accountIndex).catch((error: unknown) => {
            throw error instanceof RangeError ? new UsageError(`--account ${accountIndex}: ${error.message}`) : error;
          }),
        );
        output.result(describeAccount(info), { ...info, ax: hex(info.ax), ay: hex(info.ay) });
      }),
    );
}
