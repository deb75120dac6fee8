// `sync` rebuilds the L2 state from L1 alone: the priority queue from its events, then every
// verified batch from its op bytes, replayed in order. A batch's op bytes are in the calldata of
// a transaction that calls `submitBatches` directly (an EOA operator), and in a BatchData event
// otherwise (a contract operator: spec §7.2). Signatures are not on L1; the proof verified there
// vouches for them. Logs are read in pages of blocks, and a sync can go on from a checkpoint a
// previous one returned, reading only the blocks after it.
import type { Provider } from 'ethers';
import { decodeOperations, hexToBytes, RollupState, ZkrError, type ZkrErrorOptions } from '@zkr/core';
import type { RollupClient } from './client.js';
import type { RollupEventArgs } from './abiTypes.js';
import { PRIORITY_EVENTS, priorityEntryOf, rollupLogs, type RollupLog } from './logs.js';

/** The state as of the end of `block`, after `batches` verified batches. */
export interface SyncCheckpoint {
  readonly state: RollupState;
  readonly block: number;
  readonly batches: number;
}

export interface SyncOptions {
  /** Go on from a previous sync's checkpoint (not changed): only later blocks are read. */
  readonly from?: SyncCheckpoint;
  /** The last block to read (default: the latest). */
  readonly toBlock?: number;
  /** Blocks per eth_getLogs (default DEFAULT_LOG_PAGE). */
  readonly pageSize?: number;
}

/** L1 data that does not add up (a missing batch, a root that differs): the chain or the RPC is not what it seems. */
export class SyncError extends ZkrError {
  static override readonly code = 'sdk.sync';
  constructor(message: string, options: ZkrErrorOptions = {}) {
    super(SyncError.code, message, options);
  }
}

/** A verified batch as submitted: BatchVerified names only its number (spec §7.2). */
interface BatchData {
  readonly batchSize: number;
  readonly newRoot: bigint;
  readonly feeAccountIndex: bigint;
  readonly opBytes: string;
}

type SubmittedBatch = RollupEventArgs<'BatchData'>['batches'][number];

const batchDataOf = (batchSize: bigint, b: SubmittedBatch): BatchData => ({
  batchSize: Number(batchSize),
  newRoot: b.newRoot,
  feeAccountIndex: b.feeAccountIndex,
  opBytes: b.opBytes,
});

const SYNC_EVENTS = [...PRIORITY_EVENTS, 'BatchVerified', 'BatchData'] as const;

/** Rebuilds the state and checks its root against the contract's at the last block read. */
export async function syncFrom(client: RollupClient, provider: Provider, options: SyncOptions = {}): Promise<SyncCheckpoint> {
  const state = options.from ? options.from.state.clone() : RollupState.empty({ depth: client.depth });
  let batches = options.from?.batches ?? 0;
  const fromBlock = options.from ? options.from.block + 1 : await client.deployedAtBlock();
  const toBlock = options.toBlock ?? (await provider.getBlockNumber());
  const domain = await client.domain();
  const logs = await rollupLogs(client.contract, provider, SYNC_EVENTS, {
    fromBlock,
    toBlock,
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  // A BatchData log follows the BatchVerified events of its transaction, in the same block.
  const logged = new Map<number, BatchData>();
  for (const log of logs) {
    if (log.name === 'BatchData')
      for (const [i, b] of log.args.batches.entries()) logged.set(Number(log.args.firstBatchNumber) + i, batchDataOf(log.args.batchSize, b));
  }
  const calldata = new Map<string, { batches: readonly BatchData[]; first: number }>();
  for (const log of logs) {
    if (log.name === 'DepositQueued' || log.name === 'ForcedExitQueued') {
      const { queueIndex, entry } = priorityEntryOf(log);
      if (queueIndex !== state.queuedPriority)
        throw new SyncError(`priority entry ${queueIndex} in block ${log.blockNumber}, but ${state.queuedPriority} entries were read before it`);
      state.enqueuePriority(entry);
    } else if (log.name === 'BatchVerified') {
      const number = Number(log.args.batchNumber);
      if (number !== batches + 1) throw new SyncError(`batch ${number} in block ${log.blockNumber}, but ${batches} batches were read before it`);
      const data = logged.get(number) ?? (await fromCalldata(client, provider, log, calldata));
      const operations = decodeOperations(hexToBytes(data.opBytes, 'opBytes'), data.batchSize);
      state.applyBatch({ operations, batchSize: data.batchSize, feeAccountIndex: Number(data.feeAccountIndex), domain }, { signatures: 'skip' });
      if (state.root !== data.newRoot) throw new SyncError(`batch ${number} replays to root ${state.root}, L1 verified ${data.newRoot}`);
      batches = number;
    }
  }
  const onChain = (await client.contract.getFunction('root')({ blockTag: toBlock })) as bigint;
  if (state.root !== onChain) throw new SyncError(`sync rebuilt root ${state.root} but L1 holds ${onChain} at block ${toBlock}`);
  return { state, block: toBlock, batches };
}

/** `syncFrom`'s state alone. */
export async function sync(client: RollupClient, provider: Provider, options: SyncOptions = {}): Promise<RollupState> {
  return (await syncFrom(client, provider, options)).state;
}

/** Batch `log` of a transaction that called `submitBatches` directly: its calldata holds the
 * batches, in the order of the transaction's BatchVerified events. */
async function fromCalldata(
  client: RollupClient,
  provider: Provider,
  log: RollupLog<'BatchVerified'>,
  cache: Map<string, { batches: readonly BatchData[]; first: number }>,
): Promise<BatchData> {
  const number = Number(log.args.batchNumber);
  let tx = cache.get(log.transactionHash);
  if (!tx) {
    const sent = await provider.getTransaction(log.transactionHash);
    if (!sent) throw new SyncError(`transaction ${log.transactionHash} of batch ${number} not found`);
    const call = sent.to?.toLowerCase() === (await client.address).toLowerCase() ? client.contract.interface.parseTransaction({ data: sent.data }) : null;
    if (call?.name !== 'submitBatches')
      throw new SyncError(`batch ${number}: transaction ${log.transactionHash} does not call submitBatches directly, and no BatchData was logged`);
    tx = { batches: (call.args[1] as SubmittedBatch[]).map((b) => batchDataOf(call.args[0], b)), first: number };
    cache.set(log.transactionHash, tx);
  }
  const batch = tx.batches[number - tx.first];
  if (!batch) throw new SyncError(`transaction ${log.transactionHash} emitted more BatchVerified events than it submitted batches`);
  return batch;
}
