// The rollup's event log, read in pages of blocks: RPC providers cap the block range (or the
// result count) of one eth_getLogs, so one call from the deploy block fails on a long-lived chain.
import type { Contract, LogDescription, Provider } from 'ethers';
import type { PriorityEntry } from '@zkr/core';

/** Blocks per eth_getLogs unless told otherwise: within every public provider's cap we know of. */
export const DEFAULT_LOG_PAGE = 2_000;

export interface RollupLog {
  readonly name: string;
  readonly args: LogDescription['args'];
  readonly blockNumber: number;
  readonly transactionHash: string;
}

export interface LogRange {
  readonly fromBlock: number;
  readonly toBlock: number;
  /** Blocks per eth_getLogs call (default DEFAULT_LOG_PAGE). */
  readonly pageSize?: number;
}

/** The rollup's events named `events` in [fromBlock, toBlock], oldest first: one eth_getLogs per
 * page of `pageSize` blocks, every event type in the same call. */
export async function rollupLogs(contract: Contract, provider: Provider, events: readonly string[], range: LogRange): Promise<RollupLog[]> {
  const pageSize = range.pageSize ?? DEFAULT_LOG_PAGE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, received ${pageSize}`);
  const address = await contract.getAddress();
  const topics = events.map((name) => contract.interface.getEvent(name)!.topicHash);
  const found: RollupLog[] = [];
  for (let from = range.fromBlock; from <= range.toBlock; from += pageSize) {
    const logs = await provider.getLogs({ address, topics: [topics], fromBlock: from, toBlock: Math.min(from + pageSize - 1, range.toBlock) });
    for (const log of logs) {
      const parsed = contract.interface.parseLog(log)!;
      found.push({ name: parsed.name, args: parsed.args, blockNumber: log.blockNumber, transactionHash: log.transactionHash });
    }
  }
  return found;
}

export const PRIORITY_EVENTS = ['DepositQueued', 'ForcedExitQueued'] as const;

/** A DepositQueued or ForcedExitQueued log as the queue entry it records, with its queue index. */
export function priorityEntryOf(log: RollupLog): { queueIndex: number; entry: PriorityEntry } {
  const a = log.args;
  if (log.name === 'DepositQueued') {
    return { queueIndex: Number(a[0]), entry: { type: 'deposit', accountIndex: Number(a[1]), tokenId: a[2] as bigint, amount: a[3] as bigint, ax: a[4] as bigint, ay: a[5] as bigint } };
  }
  return { queueIndex: Number(a[0]), entry: { type: 'forcedExit', accountIndex: Number(a[1]), tokenId: a[2] as bigint, amount: 0n, ax: 0n, ay: 0n } };
}
