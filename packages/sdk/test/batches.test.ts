// Several batches in one L1 transaction, verified by one multi-proof check (issue #5), on anvil
// with real proofs of batch_1_d8 and batch_2_d8.
import { Contract, JsonRpcProvider, type Signer } from 'ethers';
import { FIELD_MODULUS, signOperation, type Operation, type SignedOperation } from '@zkr/core';
import { BASE_FIELD } from '@zkr/contracts';
import { RollupClient, solidityProof, sync, type Operator, type ProvedBatch, type ProvedBatchResult } from '../src/index.js';
import { deployOperator, ETH, key, MIN_DEPOSIT, pub, revertOf, startHarness, UNIT, type Harness } from './harness.js';

let harness: Harness;
let signers: Signer[];
let operator: Operator;
let bob: string;
/** Two consecutive size-2 batches proved on the opened rollup, not yet submitted. */
let pair: ProvedBatchResult[];

/** Signs `op` as account `from` (key from + 1) with its mirror nonce + `ahead`: several
 * operations of one sender can then be built before any is applied. */
async function signed(from: number, op: SignedOperation, ahead = 0): Promise<Operation> {
  return signOperation(key(from + 1), { domain: await operator.domain(), op, nonce: operator.state.account(from)!.nonce + BigInt(ahead) });
}

const submission = (batches: readonly ProvedBatchResult[]): ProvedBatch[] => batches.map(({ batch, proof }) => ({ batch, feeAccountIndex: 0, proof }));

/** Raw `submitBatches(batchSize, batches, proofs)` arguments for `pair`, with batch 1's fee
 * account index as given: what the client cannot send. */
const pairArguments = (fee1 = 0n, proofs = pair.map(({ proof }) => solidityProof(proof))): unknown[] => [
  2,
  pair.map(({ batch }, i) => ({ newRoot: batch.newRoot, feeAccountIndex: i === 1 ? fee1 : 0n, opBytes: batch.opBytes })),
  proofs,
];

/** What a rejected submission must leave as it was. */
async function l1State(): Promise<unknown[]> {
  const c = operator.client.contract;
  return [
    await c.getFunction('root')(),
    await c.getFunction('batchNumber')(),
    await c.getFunction('consumedPriority')(),
    await operator.client.pendingWithdrawal(bob, ETH),
  ];
}

beforeAll(async () => {
  harness = await startHarness();
  signers = await Promise.all([0, 1, 2, 3].map((i) => harness.provider.getSigner(i)));
  bob = await signers[2]!.getAddress();
  // Fee account 0 (key 1), Alice 1 (key 2), Bob 2 (key 3); Carol's deposit (3) still queued.
  operator = await deployOperator(harness, signers[0]!);
  await operator.client.deposit({ ...pub(1), tokenId: ETH, amount: MIN_DEPOSIT });
  await operator.client.connect(signers[1]!).deposit({ ...pub(2), tokenId: ETH, amount: 5n * UNIT });
  await operator.client.connect(signers[2]!).deposit({ ...pub(3), tokenId: ETH, amount: 2n * UNIT });
  await operator.submit(
    [
      { type: 'deposit', accountIndex: 0 },
      { type: 'deposit', accountIndex: 1 },
    ],
    { batchSize: 2 },
  );
  await operator.submit([{ type: 'deposit', accountIndex: 2 }], { batchSize: 1 });
  await operator.client.connect(signers[3]!).deposit({ ...pub(4), tokenId: ETH, amount: UNIT });
  await operator.pullQueue();
  // Batch 0 consumes a deposit (the priority chain moves), batch 1 credits a withdrawal.
  pair = await operator.proveMany(
    [
      [{ type: 'deposit', accountIndex: 3 }, await signed(1, { type: 'transfer', from: 1, to: 2, amount: UNIT, fee: 10n ** 12n })],
      [
        await signed(2, { type: 'withdraw', from: 2, amount: UNIT, fee: 0n, l1Address: bob }),
        await signed(1, { type: 'transfer', from: 1, to: 3, amount: 7n, fee: 0n }, 1),
      ],
    ],
    { batchSize: 2 },
  );
}, 900_000);
afterAll(async () => harness?.close());

describe('rejected submissions change nothing', () => {
  test('one invalid proof among k is rejected', async () => {
    const before = await l1State();
    const [first, second] = pair;
    // A well-formed proof (points on the curve) that proves nothing: C replaced by A.
    const forged = { ...second!.proof, pi_c: second!.proof.pi_a };
    await expect(operator.client.submitBatches(submission([first!, { ...second!, proof: forged }]))).rejects.toThrow(/Rollup__InvalidProof/);
    expect(await l1State()).toEqual(before);
  });

  test('proofs swapped between two batches are rejected', async () => {
    const before = await l1State();
    const [first, second] = pair;
    await expect(
      operator.client.submitBatches(
        submission([
          { ...first!, proof: second!.proof },
          { ...second!, proof: first!.proof },
        ]),
      ),
    ).rejects.toThrow(/Rollup__InvalidProof/);
    expect(await l1State()).toEqual(before);
  });

  test('a proof reused for two batches is rejected', async () => {
    const before = await l1State();
    const [first, second] = pair;
    await expect(operator.client.submitBatches(submission([first!, { ...second!, proof: first!.proof }]))).rejects.toThrow(/Rollup__InvalidProof/);
    expect(await l1State()).toEqual(before);
  });

  test('a public input aliased by + r is rejected, by the rollup and by the verifier', async () => {
    const before = await l1State();
    const [first, second] = pair;
    // feeAccountIndex is an input the submitter passes as a number: 0 + r aliases 0.
    const raw = operator.client.contract.getFunction('submitBatches');
    await raw.staticCall(...pairArguments(0n)); // the honest submission goes through
    expect(await revertOf(operator.client.contract, raw.staticCall(...pairArguments(FIELD_MODULUS)))).toBe('Rollup__InvalidProof()');
    expect(await l1State()).toEqual(before);

    const verifier = new Contract(
      await operator.client.contract.getFunction('verifiers')(2),
      harness.artifacts['BatchVerifier_batch_2_d8']!.abi as never,
      harness.provider,
    );
    const verify = verifier.getFunction('verifyProofs');
    const proofs = [solidityProof(first!.proof), solidityProof(second!.proof)];
    const inputs = [...first!.batch.publicSignals, ...second!.batch.publicSignals];
    expect(await verify(proofs, inputs)).toBe(true);
    const aliased = [...inputs];
    aliased[8 + 5] = aliased[8 + 5]! + FIELD_MODULUS;
    expect(await revertOf(verifier, verify(proofs, aliased))).toBe('BatchVerifier__InputNotInField(1, 5)');
    const shifted = proofs.map((p) => [...p]);
    shifted[1]![6] = shifted[1]![6]! + BASE_FIELD; // C.x + q: the same point to the precompile
    expect(await revertOf(verifier, verify(shifted, inputs))).toBe('BatchVerifier__CoordinateNotInField(1, 6)');
    // A single proof goes the same way (k = 1: the rollup's only verification path).
    expect(await verify(proofs.slice(1), second!.batch.publicSignals)).toBe(true);
    expect(await revertOf(verifier, verify(proofs.slice(1), aliased.slice(8)))).toBe('BatchVerifier__InputNotInField(0, 5)');
  });

  test('malformed op bytes are rejected, naming the batch and the byte position', async () => {
    const raw = operator.client.contract.getFunction('submitBatches');
    const proofs = pair.map(({ proof }) => solidityProof(proof));
    /** Batch 0 as proved, batch 1 with these op bytes: the error must name batch 1. */
    const withSecond = (opBytes: string): Promise<unknown> =>
      raw.staticCall(
        2,
        pair.map(({ batch }, i) => ({ newRoot: batch.newRoot, feeAccountIndex: 0n, opBytes: i === 1 ? opBytes : batch.opBytes })),
        proofs,
      );
    const reason = (opBytes: string): Promise<string> => revertOf(operator.client.contract, withSecond(opBytes));
    expect(await reason('0x0005')).toBe('Rollup__UnknownOpType(1, 1, 5)');
    expect(await reason('0xff')).toBe('Rollup__UnknownOpType(1, 0, 255)');
    expect(await reason(`0x0002${'11'.repeat(12)}`)).toBe('Rollup__TruncatedOp(1, 1)'); // a transfer is 14 bytes
    expect(await reason('0x000000')).toBe('Rollup__TooManyOps(1, 2)');
    // Batch 0 consumes the last queued deposit: a deposit in batch 1 has no entry to consume.
    expect(await reason('0x01000004')).toBe('Rollup__NotEnoughPriorityOps(5, 4)');
    // Well-formed bytes other than the proved ones parse, and then fail the proof.
    expect(await reason('0x00')).toBe('Rollup__InvalidProof()');
  });

  test('a wrong batch size is rejected', async () => {
    const before = await l1State();
    // A size no verifier proves; batches of two ops claimed as size 1 (rollup.test.ts has a
    // one-op size-2 proof checked by the size-1 verifier).
    await expect(operator.client.submitBatches(submission(pair), { batchSize: 3 })).rejects.toThrow(/Rollup__NoVerifierFor\(3\)/);
    await expect(operator.client.submitBatches(submission(pair), { batchSize: 1 })).rejects.toThrow(/Rollup__TooManyOps\(0, 1\)/);
    // The client refuses to mix sizes before anything is sent.
    const [single] = await operator.proveMany([[]], { batchSize: 1 });
    await expect(operator.client.submitBatches(submission([pair[0]!, single!]))).rejects.toThrow(/batches\[1\]: batch size 1, but batches\[0\] has 2/);
    expect(await l1State()).toEqual(before);
  });

  test('a verifier of another batch size cannot be announced', async () => {
    const register = operator.client.contract.getFunction('announceVerifier');
    const sizeTwo = (await operator.client.contract.getFunction('verifiers')(2)) as string;
    expect(await revertOf(operator.client.contract, register.staticCall(3, sizeTwo))).toBe(`Rollup__VerifierMismatch(3, ${sizeTwo})`);
  });

  test('k = 0 and a proof count that differs from the batch count are rejected', async () => {
    await expect(operator.client.submitBatches([], { batchSize: 2 })).rejects.toThrow(/Rollup__NoBatches/);
    const raw = operator.client.contract.getFunction('submitBatches');
    expect(await revertOf(operator.client.contract, raw.staticCall(...pairArguments(0n, [solidityProof(pair[0]!.proof)])))).toBe('Rollup__ProofCount(1, 2)');
  });
});

describe('k batches in one transaction', () => {
  test('are all applied, one BatchVerified each, withdrawals credited; sync rebuilds the root from the calldata', async () => {
    const number = (await operator.client.contract.getFunction('batchNumber')()) as bigint;
    const receipt = await operator.client.submitBatches(submission(pair));
    operator.state = pair.at(-1)!.next;
    const events = operator.client.events(receipt, 'BatchVerified');
    // Only the number, decoded by name: the rest of each batch is in the calldata (spec §7.2).
    expect(events).toEqual([{ batchNumber: number + 1n }, { batchNumber: number + 2n }]);
    expect(await operator.client.root()).toBe(operator.state.root);
    expect(await operator.client.contract.getFunction('consumedPriority')()).toBe(4n);
    expect(await operator.client.pendingWithdrawal(bob, ETH)).toBe(UNIT);

    // Through the operator: three size-1 batches, the same sender in each.
    const submitted = await operator.submitMany([
      [await signed(1, { type: 'transfer', from: 1, to: 2, amount: 1n, fee: 0n })],
      [await signed(1, { type: 'transfer', from: 1, to: 2, amount: 2n, fee: 0n }, 1)],
      [await signed(1, { type: 'transfer', from: 1, to: 2, amount: 3n, fee: 0n }, 2)],
    ]);
    expect(submitted.map((s) => s.receipt.hash)).toEqual(Array(3).fill(submitted[0]!.receipt.hash));
    expect(await operator.client.contract.getFunction('batchNumber')()).toBe(number + 5n);
    expect(await operator.client.root()).toBe(operator.state.root);

    const fresh = new JsonRpcProvider(harness.anvil.rpcUrl);
    const rebuilt = await sync(await RollupClient.at(await operator.client.address, fresh), fresh);
    fresh.destroy();
    expect(rebuilt.root).toBe(operator.state.root);
    expect(rebuilt.account(3)!.balance).toBe(UNIT + 7n);
    expect(rebuilt.account(2)!.balance).toBe(2n * UNIT + 6n);
  });
});
