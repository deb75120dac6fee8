// Waiting for a sent transaction without ethers' block listener. `tx.wait()` asks for the receipt
// once, then waits for a *new* block; its poller takes the first height it reads as already seen.
// When the transaction lands in that very block and no other block follows (an idle anvil), it
// waits for ever: `zkr submit` and the gas benchmark each hung this way once, under load.
import type { BaseContract, Provider, TransactionReceipt, TransactionResponse } from 'ethers';

export interface MinedOptions {
  /** Time between receipt queries (default: the provider's polling interval, at most 1 s). */
  readonly pollMs?: number;
  /** Give up after this long without a receipt (default: wait as long as it takes). A dropped or
   * replaced transaction is never mined; the caller decides whether to resend. */
  readonly timeoutMs?: number;
}

/** No receipt for the transaction within `timeoutMs`: it may still be pending, or dropped. */
export class TransactionTimeoutError extends Error {
  override readonly name = 'TransactionTimeoutError';
  constructor(
    readonly hash: string,
    readonly timeoutMs: number,
  ) {
    super(`transaction ${hash} was not mined within ${timeoutMs} ms (still pending, or dropped)`);
  }
}

function pollIntervalOf(provider: Provider, options: MinedOptions): number {
  const interval = (provider as { pollingInterval?: unknown }).pollingInterval;
  return options.pollMs ?? Math.min(typeof interval === 'number' ? interval : 1000, 1000);
}

/**
 * The receipt of `tx` once it is mined, found by asking for it until it exists. A reverted
 * transaction throws as `tx.wait()` does (ethers' CALL_EXCEPTION, with the receipt attached);
 * none within `options.timeoutMs` is a TransactionTimeoutError.
 */
export async function mined(tx: TransactionResponse, options: MinedOptions = {}): Promise<TransactionReceipt> {
  const interval = pollIntervalOf(tx.provider, options);
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  while ((await tx.provider.getTransactionReceipt(tx.hash)) === null) {
    if (Date.now() >= deadline) throw new TransactionTimeoutError(tx.hash, options.timeoutMs!);
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
  // The receipt exists now, so wait() returns (or throws) on its first query.
  return (await tx.wait())!;
}

/** `contract` once its deployment transaction is mined (instead of `waitForDeployment()`). */
export async function deployedContract<T extends BaseContract>(contract: T, options: MinedOptions = {}): Promise<T> {
  const tx = contract.deploymentTransaction();
  if (tx === null) throw new Error('the contract was not deployed by this object (no deployment transaction)');
  await mined(tx, options);
  return contract;
}
