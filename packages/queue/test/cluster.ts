// Test helpers: waiting on a condition, and circuit inputs made by @zkr/core.
import { computeDomain, publicKeyOf, RollupState, type BatchResult } from '@zkr/core';

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `count` distinct batch_1_d8 batches: one deposit each, of a different amount. */
export function depositBatches(count: number): BatchResult[] {
  const domain = computeDomain(31337n, `0x${'5f'.repeat(20)}`);
  const owner = publicKeyOf(new Uint8Array(32).fill(7));
  return Array.from({ length: count }, (_, i) => {
    const state = RollupState.empty({ depth: 8 });
    state.enqueuePriority({ type: 'deposit', accountIndex: 0, tokenId: 0n, amount: BigInt(i + 1) * 10n ** 9n, ...owner });
    return state.applyBatch({ operations: [{ type: 'deposit', accountIndex: 0 }], batchSize: 1, feeAccountIndex: 0, domain });
  });
}
