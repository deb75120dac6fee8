// The rollup on a real EVM (anvil) with real Groth16 proofs of the small registry instances.
import { JsonRpcProvider, type Signer, type TransactionResponse } from 'ethers';
import { AccountTree, accountLeaf, type BatchResult } from '@zkr/core';
import { mined, RollupClient, RollupNotFoundError, sync, type Groth16ProofJson } from '../src/index.js';
import { advanceTime, DEADLINE, deployContract, deployOperator, ETH, ethReceived, key, MIN_DEPOSIT, pub, startHarness, UNIT, type Harness } from './harness.js';
import type { Operator } from '../src/index.js';

/** One batch to submit, with fee account 0 (every test rollup's). */
const proved = (batch: BatchResult, proof: Groth16ProofJson) => [{ batch, feeAccountIndex: 0, proof }];

let harness: Harness;
let signers: Signer[];
beforeAll(async () => {
  harness = await startHarness();
  signers = await Promise.all([0, 1, 2, 3].map((i) => harness.provider.getSigner(i)));
}, 900_000);
afterAll(async () => harness?.close());

/** Operator (signer 0) runs the rollup; fee account 0 (key 1, the minimum deposit), Alice 1 (key 2), Bob 2 (key 3). */
async function openRollup(options: { priorityDeadline?: number } = {}): Promise<Operator> {
  const operator = await deployOperator(harness, signers[0]!, options);
  await operator.client.deposit({ ...pub(1), tokenId: ETH, amount: MIN_DEPOSIT });
  await operator.client.connect(signers[1]!).deposit({ ...pub(2), tokenId: ETH, amount: 5n * UNIT });
  await operator.client.connect(signers[2]!).deposit({ ...pub(3), tokenId: ETH, amount: 1n * UNIT });
  await operator.submit(
    [
      { type: 'deposit', accountIndex: 0 },
      { type: 'deposit', accountIndex: 1 },
    ],
    { batchSize: 2 },
  );
  await operator.submit([{ type: 'deposit', accountIndex: 2 }], { batchSize: 1 });
  return operator;
}

describe('end to end', () => {
  test('deposits, transfers and a withdrawal are proven, verified on L1, paid out, and sync rebuilds the root', async () => {
    const operator = await openRollup();
    const bob = await signers[2]!.getAddress();
    await operator.submit([await operator.transfer(key(2), { from: 1, to: 2, amount: 2n * UNIT, fee: 10n ** 12n })], { batchSize: 1 });
    await operator.submit([await operator.withdraw(key(3), { from: 2, amount: 3n * UNIT, fee: 0n, l1Address: bob })], { batchSize: 1 });
    expect(await operator.client.root()).toBe(operator.state.root);
    expect(await operator.client.pendingWithdrawal(bob, ETH)).toBe(3n * UNIT);

    const receipt = await operator.client.connect(signers[2]!).withdraw(ETH);
    expect(await ethReceived(harness, bob, receipt)).toBe(3n * UNIT);
    expect(await operator.client.pendingWithdrawal(bob, ETH)).toBe(0n);

    // A fresh provider and client, as a new process would have: L1 data alone.
    const fresh = new JsonRpcProvider(harness.anvil.rpcUrl);
    const attached = await RollupClient.at(await operator.client.address, fresh);
    expect(attached.depth).toBe(operator.client.depth);
    const rebuilt = await sync(attached, fresh);
    fresh.destroy();
    expect(rebuilt.root).toBe(operator.state.root);
    expect(rebuilt.account(1)!.balance).toBe(3n * UNIT - 10n ** 12n);
    expect(rebuilt.account(0)!.balance).toBe(MIN_DEPOSIT + 10n ** 12n);
  });
});

test('attaching to an address without code is a RollupNotFoundError', async () => {
  await expect(RollupClient.at('0x000000000000000000000000000000000000dEaD', harness.provider)).rejects.toThrow(RollupNotFoundError);
});

describe('security', () => {
  let operator: Operator;
  beforeAll(async () => {
    operator = await openRollup();
  }, 300_000);

  test('replayed batch is refused', async () => {
    const { batch, proof, next } = await operator.prove([await operator.transfer(key(2), { from: 1, to: 2, amount: UNIT, fee: 0n })], { batchSize: 1 });
    await operator.client.submitBatches(proved(batch, proof));
    operator.state = next;
    await expect(operator.client.submitBatches(proved(batch, proof))).rejects.toThrow(/Rollup__InvalidProof/);
  });

  test('batch built on a stale root is refused', async () => {
    const stale = operator.state.clone();
    await operator.submit([await operator.transfer(key(3), { from: 2, to: 1, amount: 1n, fee: 0n })], { batchSize: 1 });
    const { batch, proof } = await operator.prove([{ type: 'noop' }], { batchSize: 1, state: stale });
    await expect(operator.client.submitBatches(proved(batch, proof))).rejects.toThrow(/Rollup__InvalidProof/);
  });

  test('tampered operation bytes are refused', async () => {
    const { batch, proof } = await operator.prove([await operator.transfer(key(2), { from: 1, to: 2, amount: 7n, fee: 0n })], { batchSize: 1 });
    const tampered = Uint8Array.from(batch.opBytes);
    tampered[11] = 8; // amount 7 -> 8
    await expect(operator.client.submitBatches(proved({ ...batch, opBytes: tampered }, proof))).rejects.toThrow(/Rollup__InvalidProof/);
  });

  test('proof for another batch size is refused', async () => {
    const { batch, proof } = await operator.prove([await operator.transfer(key(2), { from: 1, to: 2, amount: 7n, fee: 0n })], { batchSize: 2 });
    // Claimed as size 1 (the op fits): the size-1 verifier must refuse a size-2 proof.
    await expect(operator.client.submitBatches(proved(batch, proof), { batchSize: 1 })).rejects.toThrow(/Rollup__InvalidProof/);
  });

  test('skipped or reordered deposits are refused', async () => {
    await operator.client.connect(signers[3]!).deposit({ ...pub(4), tokenId: ETH, amount: UNIT });
    await operator.client.connect(signers[3]!).deposit({ ...pub(4), tokenId: ETH, amount: 2n * UNIT });
    await operator.pullQueue();
    // A mirror that skips the first of the two entries proves a chain L1 does not hold.
    const skipping = operator.state.clone();
    const json = skipping.toJSON();
    const without = { ...json, priorityQueue: json.priorityQueue.filter((_, i) => i !== json.consumedPriority) };
    const { RollupState } = await import('@zkr/core');
    const forged = RollupState.fromJSON({
      ...without,
      priorityQueue: without.priorityQueue.map((e, i) => (i === json.consumedPriority ? { ...e, accountIndex: 3 } : e)),
    });
    const { batch, proof } = await operator.prove([{ type: 'deposit', accountIndex: 3 }], { batchSize: 1, state: forged });
    await expect(operator.client.submitBatches(proved(batch, proof))).rejects.toThrow(/Rollup__InvalidProof/);
    // In order they go through.
    await operator.submit(
      [
        { type: 'deposit', accountIndex: 3 },
        { type: 'deposit', accountIndex: 4 },
      ],
      { batchSize: 2 },
    );
  });

  test('double withdrawal pays once', async () => {
    const alice = await signers[1]!.getAddress();
    await operator.submit([await operator.withdraw(key(2), { from: 1, amount: UNIT, fee: 0n, l1Address: alice })], { batchSize: 1 });
    await operator.client.connect(signers[1]!).withdraw(ETH);
    await expect(operator.client.connect(signers[1]!).withdraw(ETH)).rejects.toThrow(/Rollup__NothingToWithdraw/);
  });

  test('reentrancy from a malicious receiver fails and leaves the credit in place', async () => {
    const receiver = await deployContract(harness, 'MaliciousReceiver', signers[0]!, await operator.client.address);
    const address = await receiver.getAddress();
    await operator.submit([await operator.withdraw(key(2), { from: 1, amount: UNIT / 2n, fee: 0n, l1Address: address })], { batchSize: 1 });
    const pull = receiver
      .getFunction('pull')({ gasLimit: 1_000_000 })
      .then((tx: TransactionResponse) => mined(tx));
    await expect(pull).rejects.toThrow(/reverted/);
    expect(await operator.client.pendingWithdrawal(address, ETH)).toBe(UNIT / 2n);
  });
});

describe('forced exit and escape hatch', () => {
  test('a forced exit ignored past its deadline freezes the rollup; escape pays the last verified balances once', async () => {
    const operator = await openRollup({ priorityDeadline: DEADLINE });
    await operator.submit([await operator.transfer(key(2), { from: 1, to: 2, amount: UNIT, fee: 0n })], { batchSize: 1 });
    await operator.client.connect(signers[1]!).requestForcedExit(1);
    await expect(operator.client.freeze()).rejects.toThrow(/Rollup__NoDeadlinePassed/);
    await advanceTime(harness, DEADLINE + 1);
    await operator.client.freeze();
    await expect(operator.submit([{ type: 'noop' }], { batchSize: 1 })).rejects.toThrow(/Rollup__Frozen/);

    for (const [index, signer] of [
      [1, signers[1]!],
      [2, signers[2]!],
    ] as const) {
      const account = operator.state.account(index)!;
      const claim = { accountIndex: index, ...account, siblings: operator.state.proof(index) };
      expect(AccountTree.verifyProof({ root: operator.state.root, index, leaf: accountLeaf(account), siblings: claim.siblings })).toBe(true);
      const owner = operator.client.connect(signer);
      await expect(owner.escape({ ...claim, balance: account.balance + 1n })).rejects.toThrow(/Rollup__BadMerkleProof/);
      await owner.escape(claim);
      await expect(owner.escape(claim)).rejects.toThrow(/Rollup__AlreadyExited/);
      expect(await operator.client.pendingWithdrawal(await signer.getAddress(), ETH)).toBe(account.balance);
    }
    expect(operator.state.account(1)!.balance).toBe(4n * UNIT);
    expect(operator.state.account(2)!.balance).toBe(2n * UNIT);
  });
});
