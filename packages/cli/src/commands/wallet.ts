// A user's own account: make an L2 key (`zkr keygen`) and read an account's balance, nonce and
// token (`zkr balance`) from L1 or from a state file `zkr sync -o` wrote.
import type { Command } from 'commander';
import type { Account, RollupStateJSON } from '@zkr/core';
import { UsageError } from '../errors.js';
import { readJsonFile, type Run } from '../io.js';
import { KEY_FILE_TYPE, writeKeyFile } from '../keyFile.js';
import { targetOf, withRollup } from '../l1.js';
import { loadCore, loadSdk } from '../lazy.js';
import { objectAt, parseCount } from '../parse.js';

interface BalanceOptions {
  account: string;
  deployment?: string;
  rpc?: string;
  state?: string;
}

/** A state JSON (`zkr sync -o`) or a sync checkpoint (`zkr sync --checkpoint`), which holds one. */
async function accountFromFile(path: string, index: number): Promise<{ account: Account | undefined; depth: number }> {
  const { RollupState } = await loadCore();
  const json = objectAt(readJsonFile(path, '--state'), `--state ${path}`);
  const body = 'state' in json ? objectAt(json['state'], `--state ${path}: "state"`) : json;
  try {
    const state = RollupState.fromJSON(body as unknown as RollupStateJSON);
    return { account: state.account(index), depth: state.depth };
  } catch (error) {
    throw new UsageError(`--state ${path} is not a rollup state: ${(error as Error).message}`);
  }
}

async function accountFromL1(options: BalanceOptions & { deployment: string }, index: number): Promise<{ account: Account | undefined; depth: number }> {
  const { sync } = await loadSdk();
  return withRollup(targetOf(options), undefined, async ({ client, provider }) => {
    const state = await sync(client, provider);
    return { account: state.account(index), depth: state.depth };
  });
}

export function registerWalletCommands(program: Command, run: Run): void {
  program
    .command('keygen')
    .description('make a new L2 account key and write it to a file only you can read; prints the public key')
    .option('-o, --out <file>', 'key file to write', 'zkr-key.json')
    .option('--force', 'overwrite an existing key file')
    .option('--show-secret', 'also print the private key (it is in the file either way)')
    .addHelpText(
      'after',
      [
        '',
        'Commands taking --l2-key accept the key file in place of the hex key.',
        '',
        'Example:',
        '  $ zkr keygen -o alice.json',
        '  $ ZKR_PRIVATE_KEY=0x59c6… zkr deposit -d deployment.json --l2-key alice.json --amount 1000000000000000',
      ].join('\n'),
    )
    .action((options: { out: string; force?: boolean; showSecret?: boolean }) =>
      run(async (output) => {
        const { bytesToHex, publicKeyOf, randomPrivateKey } = await loadCore();
        const privateKey = randomPrivateKey();
        const { ax, ay } = publicKeyOf(privateKey);
        const publicKey = { ax: ax.toString(), ay: ay.toString() };
        writeKeyFile(options.out, { type: KEY_FILE_TYPE, version: 1, privateKey: bytesToHex(privateKey), publicKey }, options.force === true);
        const secret = options.showSecret ? { privateKey: bytesToHex(privateKey) } : {};
        const human = [`wrote ${options.out} (readable by you only)`, `public key: (${publicKey.ax}, ${publicKey.ay})`];
        if (options.showSecret) human.push(`private key: ${bytesToHex(privateKey)}`);
        output.result(human.join('\n'), { file: options.out, publicKey, ...secret });
      }),
    );

  program
    .command('balance')
    .description("show an L2 account's balance, nonce and token: synced from L1 (-d), or from a state file (--state)")
    .requiredOption('--account <index>', 'L2 account index')
    .option('-d, --deployment <file>', 'deployment JSON written by `zkr deploy`: sync the state from L1')
    .option('--rpc <url>', "L1 JSON-RPC URL (default: the deployment's)")
    .option('--state <file>', 'a state JSON written by `zkr sync -o`, or a `zkr sync --checkpoint` file: no L1 needed')
    .addHelpText(
      'after',
      '\nThe L1 view is the last verified batch: operations not yet submitted are not in it.\n\nExamples:\n  $ zkr balance -d deployment.json --account 1\n  $ zkr sync -d deployment.json -o state.json && zkr balance --state state.json --account 1 --json',
    )
    .action((options: BalanceOptions) =>
      run(async (output) => {
        const index = parseCount(options.account, '--account');
        if ((options.deployment === undefined) === (options.state === undefined))
          throw new UsageError('choose one of --deployment FILE (sync from L1) and --state FILE');
        const { account, depth } =
          options.state !== undefined
            ? await accountFromFile(options.state, index)
            : await accountFromL1({ ...options, deployment: options.deployment! }, index);
        if (index >= 2 ** depth) throw new UsageError(`--account ${index} is beyond the tree: depth ${depth} holds accounts 0 to ${2 ** depth - 1}`);
        if (account === undefined) throw new UsageError(`--account ${index}: no account there (a deposit creates it once a batch includes it)`);
        const result = { accountIndex: index, tokenId: account.tokenId, balance: account.balance, nonce: account.nonce, ax: account.ax, ay: account.ay };
        output.result(`account ${index}: balance ${account.balance} of token ${account.tokenId}, nonce ${account.nonce}`, result);
      }),
    );
}
