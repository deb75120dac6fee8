// A rollup run from the shell: only the spawned binary touches the rollup. The test itself just
// provides an L1 (anvil), the circuits' setup (cached) and reads an L1 balance and receipt.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonRpcProvider } from 'ethers';
import { setupCircuit } from '@zkr/circuits';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { RollupClient } from '@zkr/sdk';
import { FEE_L2_KEY, OPERATOR_KEY, tempDir, UNIT, USER_ADDRESS, USER_KEY, USER_L2_KEY, writeIn, zkr, zkrJson } from './zkr.js';

const FEE = 10n ** 12n;

interface SubmittedBatch {
  batchNumber: number;
  batchSize: number;
  operations: number;
  newRoot: string;
}

interface Submitted extends SubmittedBatch {
  gasUsed: string;
  gasPerBatch: string;
  txHash: string;
  batches: SubmittedBatch[];
}

describe('zkr: deploy, deposit, sign, submit, withdraw, sync from the shell', () => {
  let anvil: Anvil;
  let dir: string;
  let deployment: string;
  let lastRoot: string;
  const operatorEnv = { ZKR_PRIVATE_KEY: OPERATOR_KEY };
  const file = (name: string, content: unknown): string => writeIn(dir, name, content);

  beforeAll(async () => {
    anvil = await startAnvil();
    for (const name of ['batch_1_d8', 'batch_2_d8']) await setupCircuit({ name });
    dir = tempDir('zkr-flow-');
    deployment = join(dir, 'deployment.json');
  }, 600_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  test('deploy writes a deployment JSON with the circuits by batch size', async () => {
    const deployed = await zkrJson<{ rollup: string; circuits: Record<string, string>; depth: number; deployBlock: number }>([
      'deploy',
      '--rpc',
      anvil.rpcUrl,
      '--private-key',
      OPERATOR_KEY,
      '--out',
      deployment,
    ]);
    expect(deployed.rollup).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(deployed).toMatchObject({ depth: 8, circuits: { 1: 'batch_1_d8', 2: 'batch_2_d8' } });
    expect(deployed.deployBlock).toBeGreaterThan(0);
    // The file is the only record of the deployment: a second deploy must not replace it.
    const again = await zkr(['deploy', '--rpc', anvil.rpcUrl, '--out', deployment], operatorEnv);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; pass --force/);
  }, 300_000);

  test('deposits open the fee account (the minimum deposit, 1 wei) and a user account', async () => {
    const fee = await zkrJson<{ accountIndex: number }>(['deposit', '-d', deployment, '--l2-key', FEE_L2_KEY, '--amount', '1'], operatorEnv);
    const user = await zkrJson<{ accountIndex: number; amount: string }>([
      'deposit',
      '-d',
      deployment,
      '--l2-key',
      USER_L2_KEY,
      '--amount',
      String(5n * UNIT),
      '--private-key',
      USER_KEY,
    ]);
    expect(fee.accountIndex).toBe(0);
    expect(user).toMatchObject({ accountIndex: 1, amount: String(5n * UNIT) });
  }, 120_000);

  test('submit proves the deposits and L1 verifies the batch', async () => {
    const ops = file('deposits.json', [
      { type: 'deposit', accountIndex: 0 },
      { type: 'deposit', accountIndex: 1 },
    ]);
    const batch = await zkrJson<Submitted>(['submit', '-d', deployment, '--ops', ops], operatorEnv);
    expect(batch).toMatchObject({ batchNumber: 1, batchSize: 2 });
    expect(BigInt(batch.gasUsed)).toBeGreaterThan(0n);
  }, 300_000);

  test('a transfer signed with the nonce read from L1 is submitted', async () => {
    const out = join(dir, 'transfer.json');
    const sign = await zkr([
      'sign',
      'transfer',
      '-d',
      deployment,
      '--l2-key',
      USER_L2_KEY,
      '--from',
      '1',
      '--to',
      '0',
      '--amount',
      String(UNIT),
      '--fee',
      String(FEE),
      '-o',
      out,
    ]);
    expect(sign.code).toBe(0);
    expect(sign.stderr).toMatch(/nonce 0/);
    const batch = await zkrJson<Submitted>(['submit', '-d', deployment, '--ops', out], operatorEnv);
    expect(batch).toMatchObject({ batchNumber: 2, batchSize: 1 });
  }, 300_000);

  test('a signed withdraw is submitted and the L1 recipient pulls it', async () => {
    const sign = await zkr([
      'sign',
      'withdraw',
      '-d',
      deployment,
      '--l2-key',
      USER_L2_KEY,
      '--from',
      '1',
      '--l1-address',
      USER_ADDRESS,
      '--amount',
      String(2n * UNIT),
      '--fee',
      String(FEE),
    ]);
    expect(sign.code).toBe(0);
    // stdout is the signed operation itself, bigints as decimal strings.
    const op = JSON.parse(sign.stdout) as { type: string; amount: string; signature: { s: string } };
    expect(op).toMatchObject({ type: 'withdraw', amount: String(2n * UNIT) });
    expect(op.signature.s).toMatch(/^\d+$/);
    const batch = await zkrJson<Submitted>(['submit', '-d', deployment, '--ops', file('withdraw.json', sign.stdout)], operatorEnv);
    expect(batch.batchNumber).toBe(3);
    lastRoot = batch.newRoot;

    const provider = new JsonRpcProvider(anvil.rpcUrl);
    try {
      const before = await provider.getBalance(USER_ADDRESS);
      const pulled = await zkrJson<{ to: string; amount: string }>(['withdraw', '-d', deployment], { ZKR_PRIVATE_KEY: USER_KEY });
      expect(pulled).toEqual(expect.objectContaining({ to: USER_ADDRESS, amount: String(2n * UNIT) }));
      expect(await provider.getBalance(USER_ADDRESS)).toBeGreaterThan(before);
    } finally {
      provider.destroy();
    }
    // Nothing is left to pull: the contract's revert is an operation failure, in one line.
    const again = await zkr(['withdraw', '-d', deployment], { ZKR_PRIVATE_KEY: USER_KEY });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/^zkr: RollupRevertError: withdraw reverted: Rollup__NothingToWithdraw\(\)$/);
  }, 300_000);

  test('submit --batches 2 proves two batches and L1 verifies both in one transaction', async () => {
    const opened = await zkrJson<{ accountIndex: number }>([
      'deposit',
      '-d',
      deployment,
      '--l2-key',
      `0x${'03'.repeat(32)}`,
      '--amount',
      String(UNIT),
      '--private-key',
      USER_KEY,
    ]);
    expect(opened.accountIndex).toBe(2);
    // Account 1 signed nonces 0 and 1 above; with --nonce, signing needs no L1.
    const signTransfer = async (to: number, nonce: number): Promise<string> => {
      const out = join(dir, `transfer-${nonce}.json`);
      const sign = await zkr([
        'sign',
        'transfer',
        '-d',
        deployment,
        '--l2-key',
        USER_L2_KEY,
        '--from',
        '1',
        '--to',
        String(to),
        '--amount',
        String(UNIT / 4n),
        '--fee',
        String(FEE),
        '--nonce',
        String(nonce),
        '-o',
        out,
      ]);
      expect(sign.code).toBe(0);
      return out;
    };
    const ops = [file('deposit-2.json', { type: 'deposit', accountIndex: 2 }), ...(await Promise.all([signTransfer(2, 2), signTransfer(0, 3)]))];
    const submitted = await zkrJson<Submitted>(['submit', '-d', deployment, '--ops', ...ops, '--batches', '2'], operatorEnv);
    const second = submitted.batches[1];
    expect(submitted.batches).toEqual([
      { batchNumber: 4, batchSize: 2, operations: 2, newRoot: expect.stringMatching(/^\d+$/) },
      { batchNumber: 5, batchSize: 2, operations: 1, newRoot: submitted.newRoot },
    ]);
    expect(submitted).toMatchObject({ batchNumber: 5, batchSize: 2, operations: 3, gasPerBatch: String(BigInt(submitted.gasUsed) / 2n) });

    // L1's own record: one transaction carrying both BatchVerified events.
    const provider = new JsonRpcProvider(anvil.rpcUrl);
    try {
      const receipt = await provider.getTransactionReceipt(submitted.txHash);
      const client = await RollupClient.at(receipt!.to!, provider);
      // BatchVerified names the batch only (spec §7.2): the roots are in the calldata.
      expect(client.events(receipt!, 'BatchVerified').map((e) => e.batchNumber)).toEqual([4n, 5n]);
      expect(await client.root()).toBe(BigInt(second!.newRoot));
    } finally {
      provider.destroy();
    }
    lastRoot = submitted.newRoot;
    // The state synced from L1 holds both batches: account 1's next nonce is 4.
    const sign = await zkr(['sign', 'transfer', '-d', deployment, '--l2-key', USER_L2_KEY, '--from', '1', '--to', '2', '--amount', '1', '--fee', '0']);
    expect(sign.code).toBe(0);
    expect(sign.stderr).toMatch(/nonce 4/);
  }, 300_000);

  test('sync --deployment rebuilds the root of the last batch from L1 alone', async () => {
    const synced = await zkrJson<{ root: string; accounts: number; batches: number; fromBlock: number; toBlock: number }>(['sync', '-d', deployment]);
    expect(synced).toMatchObject({ root: lastRoot, accounts: 3 });
    // A rollup deployed without `zkr deploy` is named by its RPC and address instead.
    const { rollup } = JSON.parse(readFileSync(deployment, 'utf8')) as { rollup: string };
    // Its tree depth is read from the contract.
    expect(await zkrJson(['sync', '--rpc', anvil.rpcUrl, '--rollup', rollup])).toEqual(synced);
  }, 120_000);

  test('sync --checkpoint goes on from the last block it read, in pages of --page-size blocks', async () => {
    const checkpoint = join(dir, 'sync-checkpoint.json');
    const first = await zkrJson<{ root: string; batches: number; fromBlock: number; toBlock: number }>([
      'sync',
      '-d',
      deployment,
      '--checkpoint',
      checkpoint,
      '--page-size',
      '3',
    ]);
    expect(first).toMatchObject({ root: lastRoot, fromBlock: JSON.parse(readFileSync(deployment, 'utf8')).deployBlock });
    await zkrJson(['deposit', '-d', deployment, '--to-account', '1', '--amount', '1', '--private-key', USER_KEY]);
    const second = await zkrJson<{ root: string; batches: number; fromBlock: number; toBlock: number }>([
      'sync',
      '-d',
      deployment,
      '--checkpoint',
      checkpoint,
      '--page-size',
      '3',
    ]);
    expect(second).toMatchObject({ root: lastRoot, batches: first.batches, fromBlock: first.toBlock + 1 });
    expect(second.toBlock).toBeGreaterThan(first.toBlock);
    // A checkpoint of another rollup is refused.
    const other = file('other-checkpoint.json', { ...JSON.parse(readFileSync(checkpoint, 'utf8')), rollup: '0x000000000000000000000000000000000000dEaD' });
    const refused = await zkr(['sync', '-d', deployment, '--checkpoint', other]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is of rollup 0x000000000000000000000000000000000000dEaD/);
  }, 120_000);

  test('sync of an address that holds no contract is bad input (exit 2)', async () => {
    const nothing = '0x000000000000000000000000000000000000dEaD';
    const { code, stderr } = await zkr(['sync', '--rpc', anvil.rpcUrl, '--rollup', nothing]);
    expect(code).toBe(2);
    expect(stderr).toBe(`zkr: RollupNotFoundError: no contract at ${nothing}: is this the rollup's address on this chain?\n`);
  }, 120_000);

  test("a deployment file whose depth is not the contract's is bad input (exit 2)", async () => {
    const wrong = file('wrong-depth.json', { ...JSON.parse(readFileSync(deployment, 'utf8')), depth: 24 });
    const { code, stderr } = await zkr(['sync', '-d', wrong]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/the deployment file says depth 24, the rollup at 0x[0-9a-fA-F]{40} has depth 8/);
  }, 120_000);

  test('sign refuses an L2 key that does not own the sender account (exit 2)', async () => {
    const sign = await zkr(['sign', 'transfer', '-d', deployment, '--l2-key', FEE_L2_KEY, '--from', '1', '--to', '0', '--amount', '1', '--fee', '0']);
    expect(sign.code).toBe(2);
    expect(sign.stderr).toMatch(/--l2-key is not the key of account 1/);
  }, 120_000);

  test('balance reads the synced account: what five batches left account 1', async () => {
    // 5 units in; 1 + 2 + 1/4 + 1/4 out, a fee each; its nonce-4 transfer above was never submitted,
    // and the 1-wei top-up is still in the L1 queue.
    const balance = await zkrJson<{ balance: string; nonce: string; tokenId: string }>(['balance', '-d', deployment, '--account', '1']);
    expect(balance).toMatchObject({ balance: String(5n * UNIT - 3n * UNIT - UNIT / 2n - 4n * FEE), nonce: '4', tokenId: '0' });
  }, 120_000);

  test('sign checks what submit would refuse, at sign time: exit 2 naming the option', async () => {
    const { balance } = await zkrJson<{ balance: string }>(['balance', '-d', deployment, '--account', '1']);
    const signTransfer = (to: string, amount: string) =>
      zkr(['sign', 'transfer', '-d', deployment, '--l2-key', USER_L2_KEY, '--from', '1', '--to', to, '--amount', amount, '--fee', '1']);
    const beyondBalance = await signTransfer('2', balance);
    expect({ code: beyondBalance.code, stdout: beyondBalance.stdout }).toEqual({ code: 2, stdout: '' });
    expect(beyondBalance.stderr).toBe(`zkr: InsufficientBalance: --amount: balance ${balance} < amount ${balance} + fee 1\n`);
    const emptySlot = await signTransfer('9', '1');
    expect({ code: emptySlot.code, stderr: emptySlot.stderr }).toEqual({ code: 2, stderr: 'zkr: UnknownAccount: --to: no account at 9\n' });
    const beyondTree = await signTransfer('256', '1');
    expect({ code: beyondTree.code, stderr: beyondTree.stderr }).toEqual({
      code: 2,
      stderr: 'zkr: InvalidOperation: --to: account index must be an integer in [0, 2^8), received 256\n',
    });
  }, 120_000);
});
