// L1 money movement: deposit into the rollup, withdraw what batches credited.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { loadCore } from '../lazy.js';
import { addDeploymentOptions, addSignerOption, sendToRollup, type DeploymentOptions, type SignerOptions } from '../l1.js';
import { readL2Key } from '../keyFile.js';
import { parseAddress, parseAmount, parseCount, parseUintBits } from '../parse.js';

interface DepositOptions extends DeploymentOptions, SignerOptions {
  amount: string;
  l2Key?: string;
  token?: string;
  toAccount?: string;
  owner?: string;
}

interface WithdrawOptions extends DeploymentOptions, SignerOptions {
  token: string;
}

export function registerFundsCommands(program: Command, run: Run): void {
  addSignerOption(addDeploymentOptions(program.command('deposit')))
    .description('deposit on L1: open an L2 account for an L2 key (--l2-key), or top up one (--to-account)')
    .requiredOption('--amount <wei>', "amount in the token's smallest unit, at least the token's minimum deposit (1 unless set)")
    .option('--l2-key <hex|file>', 'L2 private key (32 bytes hex, or a key file from `zkr keygen`) whose public key will own the new account')
    .option('--token <id>', 'token of the new account (0 = ETH; an ERC-20 is approved to the rollup first if the allowance is short)')
    .option('--to-account <index>', "top up this existing account, in the account's token")
    .option('--owner <address>', "L1 address given the new account's exit rights (forced exit, escape; default: the sender); `zkr account` shows it")
    .addHelpText(
      'after',
      '\nThe account exists on L2 once a batch includes the deposit (`zkr submit` with {"type":"deposit","accountIndex":N}).\n\nExample:\n  $ zkr deposit -d deployment.json --l2-key 0x0101…01 --amount 1000000000000000',
    )
    .action((options: DepositOptions) =>
      run(async (output) => {
        const amount = parseAmount(options.amount, '--amount');
        const toAccount = options.toAccount === undefined ? undefined : parseCount(options.toAccount, '--to-account');
        if (toAccount !== undefined && (options.l2Key !== undefined || options.token !== undefined || options.owner !== undefined)) {
          throw new UsageError('--to-account excludes --l2-key, --token and --owner: the account already has its key, token and owner');
        }
        const owner = options.owner === undefined ? {} : { owner: parseAddress(options.owner, '--owner') };
        if (toAccount === undefined && options.l2Key === undefined) throw new UsageError('choose --l2-key HEX (new account) or --to-account N (top-up)');
        const { publicKeyOf } = await loadCore();
        const account: { accountIndex: number } | { ax: bigint; ay: bigint; tokenId: bigint; owner?: string } =
          toAccount !== undefined
            ? { accountIndex: toAccount }
            : { ...publicKeyOf(readL2Key(options.l2Key, '--l2-key')), tokenId: parseUintBits(options.token ?? '0', '--token', 32), ...owner };
        await sendToRollup(options, async ({ client }) => {
          // ETH goes as value, an ERC-20 by transferFrom; a top-up pays in the account's token.
          const tokenId = 'ax' in account ? account.tokenId : ((await client.contract.getFunction('accountToken')(account.accountIndex)) as bigint);
          const approval = await client.approveDeposit(tokenId, amount);
          if (approval) output.info(`approved the rollup for ${amount} of token ${tokenId} (tx ${approval.hash})`);
          const receipt =
            'ax' in account
              ? await client.deposit({ ...account, amount })
              : await client.depositTo({ accountIndex: account.accountIndex, amount, eth: tokenId === 0n });
          const { queueIndex, accountIndex, tokenId: token, amount: credited } = client.events(receipt, 'DepositQueued')[0]!;
          const result = {
            accountIndex: Number(accountIndex),
            queueIndex: Number(queueIndex),
            tokenId: token!,
            amount: credited!,
            txHash: receipt.hash,
            approvalTxHash: approval?.hash ?? null,
          };
          output.result(
            `queued deposit ${result.queueIndex}: ${result.amount} of token ${result.tokenId} to account ${result.accountIndex} (tx ${receipt.hash})`,
            result,
          );
        });
      }),
    );

  addSignerOption(addDeploymentOptions(program.command('withdraw')))
    .description('pull to the L1 sender what proven withdraw operations credited to its address')
    .option('--token <id>', 'token to withdraw (0 = ETH)', '0')
    .addHelpText('after', '\nExample:\n  $ ZKR_PRIVATE_KEY=0x59c6… zkr withdraw -d deployment.json')
    .action((options: WithdrawOptions) =>
      run(async (output) => {
        const tokenId = parseUintBits(options.token, '--token', 32);
        await sendToRollup(options, async ({ client }, signer) => {
          const receipt = await client.withdraw(tokenId);
          const { amount } = client.events(receipt, 'Withdrawn')[0]!;
          const result = { to: signer.address, tokenId, amount: amount!, txHash: receipt.hash };
          output.result(`withdrew ${result.amount} of token ${tokenId} to ${signer.address} (tx ${receipt.hash})`, result);
        });
      }),
    );
}
