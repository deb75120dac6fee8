// Leaving without the operator (docs/protocol.md §7.5): a forced exit the operator must serve by
// its deadline; past it anyone freezes the rollup, and each owner escapes with the balance of the
// last verified root, which `escape` rebuilds from L1 alone.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { loadSdk } from '../lazy.js';
import { addDeploymentOptions, addSignerOption, sendToRollup, type DeploymentOptions, type SignerOptions } from '../l1.js';
import { parseCount } from '../parse.js';

interface AccountOptions extends DeploymentOptions, SignerOptions {
  account: string;
}

export function registerExitCommands(program: Command, run: Run): void {
  addSignerOption(addDeploymentOptions(program.command('exit')))
    .description("as an account's L1 owner: queue a forced exit of its whole balance, which the operator must include before the deadline")
    .requiredOption('--account <index>', 'L2 account whose L1 owner (see zkr account) is this sender')
    .addHelpText(
      'after',
      '\nIf no batch serves it in time, anyone may `zkr freeze` the rollup.\n\nExample:\n  $ ZKR_PRIVATE_KEY=0x59c6… zkr exit -d deployment.json --account 1',
    )
    .action((options: AccountOptions) =>
      run(async (output) => {
        const accountIndex = parseCount(options.account, '--account');
        await sendToRollup(options, async ({ client }) => {
          const receipt = await client.requestForcedExit(accountIndex);
          const { queueIndex, tokenId } = client.events(receipt, 'ForcedExitQueued')[0]!;
          const result = { accountIndex, queueIndex: Number(queueIndex), tokenId: tokenId!, txHash: receipt.hash };
          output.result(`queued forced exit ${result.queueIndex} of account ${accountIndex} (tx ${receipt.hash})`, result);
        });
      }),
    );

  addSignerOption(addDeploymentOptions(program.command('freeze')))
    .description('freeze the rollup; anyone may, once the oldest queued deposit or forced exit is past its deadline')
    .addHelpText(
      'after',
      '\nOnce frozen, no batch is accepted: owners `zkr escape`, depositors of unserved deposits reclaim them.\n\nExample:\n  $ ZKR_PRIVATE_KEY=0x59c6… zkr freeze -d deployment.json',
    )
    .action((options: DeploymentOptions & SignerOptions) =>
      run(async (output) => {
        await sendToRollup(options, async ({ client }) => {
          const receipt = await client.freeze();
          const { oldestQueueIndex: oldest } = client.events(receipt, 'Frozen')[0]!;
          const result = { oldestQueueIndex: Number(oldest), txHash: receipt.hash };
          output.result(`rollup frozen: queue entry ${result.oldestQueueIndex} passed its deadline (tx ${receipt.hash})`, result);
        });
      }),
    );

  addSignerOption(addDeploymentOptions(program.command('escape')))
    .description("when frozen: claim an account's balance in the last verified root, proven by a Merkle path rebuilt from L1 alone")
    .requiredOption('--account <index>', 'L2 account whose L1 owner (see zkr account) is this sender')
    .addHelpText(
      'after',
      '\nThe balance is credited to the sender; `zkr withdraw --token ID` then pays it out.\n\nExample:\n  $ ZKR_PRIVATE_KEY=0x59c6… zkr escape -d deployment.json --account 1 && zkr withdraw -d deployment.json',
    )
    .action((options: AccountOptions) =>
      run(async (output) => {
        const accountIndex = parseCount(options.account, '--account');
        await sendToRollup(options, async ({ client, provider }) => {
          const { sync } = await loadSdk();
          const state = await sync(client, provider);
          const account = state.account(accountIndex);
          if (!account) throw new UsageError(`--account ${accountIndex} is not in the last verified state`);
          const receipt = await client.escape({ accountIndex, ...account, siblings: state.proof(accountIndex) });
          const result = { accountIndex, tokenId: account.tokenId, balance: account.balance, txHash: receipt.hash };
          output.result(
            `escaped account ${accountIndex}: ${account.balance} of token ${account.tokenId} credited to the sender; pull it with zkr withdraw (tx ${receipt.hash})`,
            result,
          );
        });
      }),
    );
}
