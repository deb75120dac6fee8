// L1's priority queue as the node follows it (docs/protocol.md §13.4): read incrementally, not
// from the deploy block on every poll. The entries the verified checkpoint holds are known; the
// reader keeps the later ones with the block that logged each, and each poll reads again from
// `reorgDepth` blocks below the last block it read, so an entry a reorg removed or moved is
// replaced by what L1 holds now. A reorg deeper than that is caught where it matters: a batch
// built on a queue L1 no longer holds reverts, and recovery starts the reader over.
import type { PriorityEntry } from '@zkr/core';
import { PRIORITY_EVENTS, priorityEntryOf, rollupLogs, SyncError, type RollupClient, type SyncCheckpoint } from '@zkr/sdk';
import type { Provider } from 'ethers';

interface Logged {
  readonly queueIndex: number;
  readonly entry: PriorityEntry;
  readonly block: number;
}

export class PriorityQueueReader {
  /** Entries after the first `known`, by queue index, contiguous. */
  private entries: Logged[] = [];
  private known = 0;
  /** No block at or below the checkpoint is read: its entries are in `known`. */
  private firstBlock = 0;
  private lastRead = 0;

  constructor(
    private readonly client: RollupClient,
    private readonly provider: Provider,
    private readonly reorgDepth: number,
  ) {}

  /** Starts over from `checkpoint`: its queue is known, later entries are read from the next block. */
  reset(checkpoint: SyncCheckpoint): void {
    this.known = checkpoint.state.queuedPriority;
    this.firstBlock = checkpoint.block + 1;
    this.lastRead = checkpoint.block;
    this.entries = [];
  }

  /** The entries before `count` are in a verified state now: they need not be kept. */
  forget(count: number): void {
    this.entries = this.entries.filter((e) => e.queueIndex >= count);
    this.known = Math.max(this.known, count);
  }

  /** Every entry L1 queued from queue index `from` on (`from` at least the checkpoint's count). */
  async since(from: number): Promise<PriorityEntry[]> {
    const head = await this.provider.getBlockNumber();
    const fromBlock = Math.max(this.firstBlock, Math.min(this.lastRead + 1, head + 1) - this.reorgDepth);
    if (fromBlock <= head) {
      const logs = await rollupLogs(this.client.contract, this.provider, PRIORITY_EVENTS, { fromBlock, toBlock: head });
      const read = logs.map((log) => ({ ...priorityEntryOf(log), block: log.blockNumber })).filter((e) => e.queueIndex >= this.known);
      this.entries = [...this.entries.filter((e) => e.block < fromBlock), ...read].sort((x, y) => x.queueIndex - y.queueIndex);
      this.entries.forEach((e, i) => {
        if (e.queueIndex !== this.known + i)
          throw new SyncError(`priority entry ${e.queueIndex} in block ${e.block}, but ${this.known + i} entries were read before it`);
      });
      this.lastRead = head;
    }
    if (from < this.known) throw new RangeError(`priority entries before ${this.known} are no longer kept, asked from ${from}`);
    return this.entries.slice(from - this.known).map((e) => e.entry);
  }
}
