// `zkr sign`: users sign L2 transfers and withdraws, which the operator proves and submits with
// `zkr submit` (submit.ts).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { computeDomain, publicKeyOf, signOperation, type PrivateKey, type SignedOperation } from '@zkr/core';
import { sync } from '@zkr/sdk';
import { UsageError } from '../errors.js';
import { toJson, type Output, type Run } from '../io.js';
import { addDeploymentOptions, targetOf, withRollup, type DeploymentOptions, type Rollup } from '../l1.js';
import { parseAddress, parseCount, parseKey, parseUint } from '../parse.js';

interface SignOptions extends DeploymentOptions {
  l2Key: string;
  from: string;
  amount: string;
  fee: string;
  nonce?: string;
  out?: string;
}

/** The sender's nonce as L1 data says, after checking that `key` owns the account. */
async function nonceOf(rollup: Rollup, from: number, key: PrivateKey): Promise<bigint> {
  const account = (await sync(rollup.client, rollup.provider)).account(from);
  if (account === undefined) throw new UsageError(`--from: account ${from} is not on L2 yet (its deposit must be in a submitted batch)`);
  const { ax, ay } = publicKeyOf(key);
  if (account.ax !== ax || account.ay !== ay) throw new UsageError(`--l2-key is not the key of account ${from}`);
  return account.nonce;
}

async function signAndWrite(options: SignOptions, op: SignedOperation, output: Output): Promise<void> {
  const key = parseKey(options.l2Key, '--l2-key');
  const target = targetOf(options);
  // With --nonce, signing needs no L1 at all: the domain comes from the deployment file.
  const nonce = options.nonce !== undefined ? parseUint(options.nonce, '--nonce') : await withRollup(target, undefined, (rollup) => nonceOf(rollup, op.from, key));
  const signed = signOperation(key, { domain: computeDomain(BigInt(target.deployment.chainId), target.deployment.rollup), op, nonce });
  output.info(`signed ${op.type} from account ${op.from} with nonce ${nonce}`);
  if (options.out === undefined) {
    output.result(toJson(signed), signed);
    return;
  }
  writeFileSync(options.out, `${toJson(signed)}\n`);
  output.result(`wrote ${options.out}`, { file: options.out, nonce, operation: signed });
}

function signCommand(sign: Command, name: string, description: string): Command {
  return addDeploymentOptions(sign.command(name).description(description))
    .requiredOption('--l2-key <hex>', "the sender account's L2 private key (32 bytes hex)")
    .requiredOption('--from <index>', 'sender account')
    .requiredOption('--amount <wei>', "amount in the account token's smallest unit")
    .requiredOption('--fee <wei>', "fee paid to the operator's fee account")
    .option('--nonce <n>', "the sender's nonce (default: read from L1 by syncing; pass it to sign several operations before a submit)")
    .option('-o, --out <file>', 'write the signed operation here (default: stdout)');
}

export function registerSignCommands(program: Command, run: Run): void {
  const sign = program
    .command('sign')
    .description('sign an L2 transfer or withdraw; prints the operation JSON `zkr submit --ops` reads')
    .addHelpText('after', '\nExample:\n  $ zkr sign withdraw -d deployment.json --l2-key 0x0202…02 --from 1 --l1-address 0x7099…79C8 --amount 1000000000000000 --fee 1000000000000 > withdraw.json');
  signCommand(sign, 'transfer', 'sign a transfer between two L2 accounts')
    .requiredOption('--to <index>', 'recipient account')
    .addHelpText('after', '\nExample:\n  $ zkr sign transfer -d deployment.json --l2-key 0x0202…02 --from 1 --to 2 --amount 1000000000000000 --fee 1000000000000 -o transfer.json')
    .action((options: SignOptions & { to: string }) =>
      run((output) =>
        signAndWrite(
          options,
          { type: 'transfer', from: parseCount(options.from, '--from'), to: parseCount(options.to, '--to'), amount: parseUint(options.amount, '--amount'), fee: parseUint(options.fee, '--fee') },
          output,
        ),
      ),
    );
  signCommand(sign, 'withdraw', 'sign a withdraw from L2 to an L1 address, credited there when its batch is verified')
    .requiredOption('--l1-address <address>', 'L1 address that may pull the funds with `zkr withdraw`')
    .addHelpText('after', '\nExample:\n  $ zkr sign withdraw -d deployment.json --l2-key 0x0202…02 --from 1 --l1-address 0x7099…79C8 --amount 1000000000000000 --fee 1000000000000 -o withdraw.json')
    .action((options: SignOptions & { l1Address: string }) =>
      run((output) =>
        signAndWrite(
          options,
          {
            type: 'withdraw',
            from: parseCount(options.from, '--from'),
            amount: parseUint(options.amount, '--amount'),
            fee: parseUint(options.fee, '--fee'),
            l1Address: parseAddress(options.l1Address, '--l1-address'),
          },
          output,
        ),
      ),
    );
}
