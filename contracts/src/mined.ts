// Waiting for a sent transaction without ethers' block listener. `tx.wait()` asks for the receipt
// once, then waits for a *new* block; its poller takes the first height it reads as already seen.
// When the transaction lands in that very block and no other block follows (an idle anvil), it
// waits for ever: `zkr submit` and the gas benchmark each hung this way once, under load.
import type { BaseContract, Provider, TransactionReceipt, TransactionResponse } from 'ethers';

export interface MinedOptions {
  /** Time between receipt queries (default: the provider's polling interval, at most 1 s). */
  readonly pollMs?: number;
}

function pollIntervalOf(provider: Provider, options: MinedOptions): number {
  const interval = (provider as { pollingInterval?: unknown }).pollingInterval;
  return options.pollMs ?? Math.min(typeof interval === 'number' ? interval : 1000, 1000);
}

/**
 * The receipt of `tx` once it is mined, found by asking for it until it exists. A reverted
 * transaction throws as `tx.wait()` does (ethers' CALL_EXCEPTION, with the receipt attached).
 */
export async function mined(tx: TransactionResponse, options: MinedOptions = {}): Promise<TransactionReceipt> {
  const interval = pollIntervalOf(tx.provider, options);
  while ((await tx.provider.getTransactionReceipt(tx.hash)) === null) await new Promise((resolve) => setTimeout(resolve, interval));
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
