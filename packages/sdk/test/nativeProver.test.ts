// Proofs from the native prover backend (Rust, @zkr/prover-native) pass the rollup's on-chain
// verification: two batches in one submitBatches transaction on anvil.
import type { Signer } from 'ethers';
import { setupCircuit } from '@zkr/circuits';
import { signOperation } from '@zkr/core';
import { createProver, nativeUnavailable, type Prover } from '@zkr/prover';
import { CIRCUITS, deployOperator, ETH, key, MIN_DEPOSIT, pub, startHarness, UNIT, type Harness } from './harness.js';

let harness: Harness;
let nativeProver: Prover;

beforeAll(async () => {
  harness = await startHarness();
  const files = Object.fromEntries(await Promise.all(Object.values(CIRCUITS).map(async (name) => [name, await setupCircuit({ name })] as const)));
  nativeProver = createProver({ backend: 'native', circuits: files, workers: 1 });
});
afterAll(async () => {
  await nativeProver?.close();
  await harness?.close();
});

test('native proofs of two batches pass submitBatches in one transaction', async () => {
  expect(nativeUnavailable()).toBeUndefined();
  const signers: Signer[] = await Promise.all([0, 1].map((i) => harness.provider.getSigner(i)));
  const backends: string[] = [];
  const operator = await deployOperator(
    {
      ...harness,
      prover: {
        prove: async (id: string, input: Record<string, unknown>) => {
          const result = await nativeProver.prove(id, input);
          backends.push(result.backend);
          return result;
        },
      } as unknown as Prover,
    },
    signers[0]!,
  );
  await operator.client.deposit({ ...pub(1), tokenId: ETH, amount: MIN_DEPOSIT });
  await operator.client.connect(signers[1]!).deposit({ ...pub(2), tokenId: ETH, amount: 5n * UNIT });
  await operator.pullQueue();
  const transfer = signOperation(key(2), { domain: await operator.domain(), op: { type: 'transfer', from: 1, to: 0, amount: UNIT, fee: 0n }, nonce: 0n });
  const submitted = await operator.submitMany(
    [
      [
        { type: 'deposit', accountIndex: 0 },
        { type: 'deposit', accountIndex: 1 },
      ],
      [transfer],
    ],
    { batchSize: 2 },
  );
  expect(backends).toEqual(['native', 'native']);
  expect(submitted[0]!.receipt.status).toBe(1);
  expect(await operator.client.contract.getFunction('root')()).toBe(submitted[1]!.batch.newRoot);
  expect(await operator.client.contract.getFunction('batchNumber')()).toBe(2n);
});
