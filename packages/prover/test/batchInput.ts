// A registry batch's circuit input from @zkr/core: deposits opening `batchSize` accounts.
import { computeDomain, publicKeyOf, RollupState } from '@zkr/core';

export function depositBatchInput(batchSize: number): Record<string, unknown> {
  const domain = computeDomain(31337n, `0x${'5f'.repeat(20)}`);
  const state = RollupState.empty({ depth: 8 });
  for (let i = 0; i < batchSize; i++) {
    state.enqueuePriority({
      type: 'deposit',
      accountIndex: i,
      tokenId: 0n,
      amount: 10n ** 15n * BigInt(i + 1),
      ...publicKeyOf(new Uint8Array(32).fill(i + 1)),
    });
  }
  const { circuitInput } = state.applyBatch({
    operations: Array.from({ length: batchSize }, (_, i) => ({ type: 'deposit' as const, accountIndex: i })),
    batchSize,
    feeAccountIndex: 0,
    domain,
  });
  return JSON.parse(JSON.stringify(circuitInput, (_, v) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
}
