// `zkr sign`: users sign L2 transfers and withdraws, which the operator proves and submits with
// `zkr submit` (submit.ts).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { PrivateKey, SignedOperation, ZkrError } from '@zkr/core';
import { UsageError } from '../errors.js';
import { toJson, type Output, type Run } from '../io.js';
import { addDeploymentOptions, targetOf, withRollup, type DeploymentOptions, type Rollup } from '../l1.js';
import { loadCore, loadSdk } from '../lazy.js';
import { readL2Key } from '../keyFile.js';
import { parseAddress, parseAmount, parseCount, parseUint } from '../parse.js';

interface SignOptions extends DeploymentOptions {
  l2Key: string;
  from: string;
  amount: string;
  fee: string;
  nonce?: string;
  out?: string;
}

/**
 * Core names the operation's field ("op.amount"); the user typed an option ("--amount"). The
 * same error class (so the same code and exit 2), renamed to the option, the original as cause.
 */
function renamedToOption(error: unknown): unknown {
  const core = error as ZkrError;
  if (typeof core.field !== 'string' || typeof core.code !== 'string') return error;
  const option = `--${core.field
    .split('.')
    .at(-1)!
    .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const message = core.message.slice(core.field.length + 2);
  const Class = core.constructor as new (message: string, options: { field: string; cause: unknown }) => Error;
  return new Class(message, { field: option, cause: error });
}

/**
 * The sender's nonce as L1 data says, after the checks submit would otherwise make too late:
 * `key` owns the account, both accounts exist within the tree in one token, and the balance
 * covers amount + fee.
 */
async function checkedNonce(rollup: Rollup, op: SignedOperation, key: PrivateKey): Promise<bigint> {
  const [{ sync }, { publicKeyOf }] = await Promise.all([loadSdk(), loadCore()]);
  const state = await sync(rollup.client, rollup.provider);
  const account = state.account(op.from);
  if (account === undefined && op.from < 2 ** state.depth)
    throw new UsageError(`--from: account ${op.from} is not on L2 yet (its deposit must be in a submitted batch)`);
  if (account !== undefined) {
    const { ax, ay } = publicKeyOf(key);
    if (account.ax !== ax || account.ay !== ay) throw new UsageError(`--l2-key is not the key of account ${op.from}`);
  }
  return state.checkSignedOperation(op, 'op').nonce;
}

/** Offline (--nonce): only the tree's size is known, from the deployment file. */
async function checkIndices(op: SignedOperation, depth: number | undefined): Promise<void> {
  if (depth === undefined) return;
  const { assertIndex } = await loadCore();
  assertIndex(op.from, depth, 'op.from');
  if (op.type === 'transfer') assertIndex(op.to, depth, 'op.to');
}

async function signAndWrite(options: SignOptions, op: SignedOperation, output: Output): Promise<void> {
  const key = readL2Key(options.l2Key, '--l2-key');
  const target = targetOf(options);
  const { computeDomain, signOperation } = await loadCore();
  // With --nonce, signing needs no L1 at all: the domain comes from the deployment file.
  let nonce: bigint;
  let signed: SignedOperation;
  try {
    if (options.nonce !== undefined) {
      nonce = parseUint(options.nonce, '--nonce');
      await checkIndices(op, target.depth);
    } else {
      nonce = await withRollup(target, undefined, (rollup) => checkedNonce(rollup, op, key));
    }
    signed = signOperation(key, { domain: computeDomain(BigInt(target.deployment.chainId), target.deployment.rollup), op, nonce });
  } catch (error) {
    throw renamedToOption(error);
  }
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
    .requiredOption('--l2-key <hex|file>', "the sender account's L2 private key: 32 bytes hex, or a key file from `zkr keygen`")
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
    .addHelpText(
      'after',
      '\nExample:\n  $ zkr sign withdraw -d deployment.json --l2-key 0x0202…02 --from 1 --l1-address 0x7099…79C8 --amount 1000000000000000 --fee 1000000000000 > withdraw.json',
    );
  signCommand(sign, 'transfer', 'sign a transfer between two L2 accounts')
    .requiredOption('--to <index>', 'recipient account')
    .addHelpText(
      'after',
      '\nExample:\n  $ zkr sign transfer -d deployment.json --l2-key 0x0202…02 --from 1 --to 2 --amount 1000000000000000 --fee 1000000000000 -o transfer.json',
    )
    .action((options: SignOptions & { to: string }) =>
      run((output) =>
        signAndWrite(
          options,
          {
            type: 'transfer',
            from: parseCount(options.from, '--from'),
            to: parseCount(options.to, '--to'),
            amount: parseAmount(options.amount, '--amount'),
            fee: parseAmount(options.fee, '--fee'),
          },
          output,
        ),
      ),
    );
  signCommand(sign, 'withdraw', 'sign a withdraw from L2 to an L1 address, credited there when its batch is verified')
    .requiredOption('--l1-address <address>', 'L1 address that may pull the funds with `zkr withdraw`')
    .addHelpText(
      'after',
      '\nExample:\n  $ zkr sign withdraw -d deployment.json --l2-key 0x0202…02 --from 1 --l1-address 0x7099…79C8 --amount 1000000000000000 --fee 1000000000000 -o withdraw.json',
    )
    .action((options: SignOptions & { l1Address: string }) =>
      run((output) =>
        signAndWrite(
          options,
          {
            type: 'withdraw',
            from: parseCount(options.from, '--from'),
            amount: parseAmount(options.amount, '--amount'),
            fee: parseAmount(options.fee, '--fee'),
            l1Address: parseAddress(options.l1Address, '--l1-address'),
          },
          output,
        ),
      ),
    );
}
