// The rollup's event log, read in pages of blocks: RPC providers cap the block range (or the
// result count) of one eth_getLogs, so one call from the deploy block fails on a long-lived chain.
import type { Contract, Provider } from 'ethers';
import type { PriorityEntry } from '@zkr/core';
import type { RollupEventName } from './abiTypes.js';
import { eventOf, type RollupEvent } from './events.js';

/** Blocks per eth_getLogs unless told otherwise: within every public provider's cap we know of. */
export const DEFAULT_LOG_PAGE = 2_000;

/** A rollup event with where it was logged; `name` narrows `args` (typed, by name). */
export type RollupLog<N extends RollupEventName = RollupEventName> = Extract<RollupEvent, { readonly name: N }> & {
  readonly blockNumber: number;
  readonly transactionHash: string;
};

export interface LogRange {
  readonly fromBlock: number;
  readonly toBlock: number;
  /** Blocks per eth_getLogs call (default DEFAULT_LOG_PAGE). */
  readonly pageSize?: number;
}

/** The rollup's events named `events` in [fromBlock, toBlock], oldest first: one eth_getLogs per
 * page of `pageSize` blocks, every event type in the same call. */
export async function rollupLogs<N extends RollupEventName>(
  contract: Contract,
  provider: Provider,
  events: readonly N[],
  range: LogRange,
): Promise<RollupLog<N>[]> {
  const pageSize = range.pageSize ?? DEFAULT_LOG_PAGE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, received ${pageSize}`);
  const address = await contract.getAddress();
  const topics = events.map((name) => contract.interface.getEvent(name)!.topicHash);
  const found: RollupLog<N>[] = [];
  for (let from = range.fromBlock; from <= range.toBlock; from += pageSize) {
    const logs = await provider.getLogs({ address, topics: [topics], fromBlock: from, toBlock: Math.min(from + pageSize - 1, range.toBlock) });
    for (const log of logs) {
      const event = eventOf(contract.interface.parseLog(log)!) as Extract<RollupEvent, { readonly name: N }>;
      found.push({ ...event, blockNumber: log.blockNumber, transactionHash: log.transactionHash });
    }
  }
  return found;
}

export const PRIORITY_EVENTS = ['DepositQueued', 'ForcedExitQueued'] as const;

/** A DepositQueued or ForcedExitQueued log as the queue entry it records, with its queue index. */
export function priorityEntryOf(log: RollupLog<(typeof PRIORITY_EVENTS)[number]>): { queueIndex: number; entry: PriorityEntry } {
  const { queueIndex, accountIndex, tokenId } = log.args;
  if (log.name === 'DepositQueued') {
    return {
      queueIndex: Number(queueIndex),
      entry: { type: 'deposit', accountIndex: Number(accountIndex), tokenId, amount: log.args.amount, ax: log.args.ax, ay: log.args.ay },
    };
  }
  return { queueIndex: Number(queueIndex), entry: { type: 'forcedExit', accountIndex: Number(accountIndex), tokenId, amount: 0n, ax: 0n, ay: 0n } };
}
