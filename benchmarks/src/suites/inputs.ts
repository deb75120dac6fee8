// Valid batch inputs made by @zkr/core: every slot a signed transfer (the common case).
import { computeDomain, publicKeyOf, RollupState, signOperation, type BatchResult, type Operation, type PrivateKey } from '@zkr/core';

const key = (n: number): PrivateKey => new Uint8Array(32).fill(n);

/** A funded state of the given tree depth and a batch of `batchSize` transfers applied to it. */
export function sampleBatch(
  batchSize: number,
  depth = 8,
  domain = computeDomain(31337n, `0x${'5f'.repeat(20)}`),
): { state: RollupState; batch: BatchResult; operations: Operation[] } {
  const state = RollupState.empty({ depth });
  for (let i = 0; i < 3; i++) state.enqueuePriority({ type: 'deposit', accountIndex: i, tokenId: 0n, amount: 10n ** 18n, ...publicKeyOf(key(i + 1)) });
  state.applyBatch({ operations: [0, 1, 2].map((i) => ({ type: 'deposit', accountIndex: i })), batchSize: 3, feeAccountIndex: 0, domain });
  const operations: Operation[] = [];
  const scratch = state.clone();
  for (let i = 0; i < batchSize; i++) {
    const from = 1 + (i % 2);
    const op = signOperation(key(from + 1), {
      domain,
      op: { type: 'transfer', from, to: 3 - from, amount: 10n ** 15n, fee: 10n ** 12n },
      nonce: scratch.account(from)!.nonce,
    });
    scratch.applyBatch({ operations: [op], batchSize: 1, feeAccountIndex: 0, domain });
    operations.push(op);
  }
  const batch = state.clone().applyBatch({ operations, batchSize, feeAccountIndex: 0, domain });
  return { state, batch, operations };
}

export function sampleBatchInput(batchSize: number, depth = 8): BatchResult['circuitInput'] {
  return sampleBatch(batchSize, depth).batch.circuitInput;
}
