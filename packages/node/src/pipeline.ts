// The node's one writer of batches (docs/protocol.md §13.4-12.6): it cuts batches from queued L1
// entries and accepted operations, has them proved, submits up to `batchesPerTransaction` of
// them in one L1 transaction, and waits for that transaction to be confirmed before cutting the
// next ones. One submission in flight at a time: each builds on the root L1 holds once the
// previous one is confirmed, so none can be built on a root that never comes.
import { RollupState, ZkrError, type PriorityEntry } from '@zkr/core';
import { Operator, syncFrom, SyncError, type ProveFunction, type ProvedBatchResult, type RollupClient, type SyncCheckpoint } from '@zkr/sdk';
import type { JsonRpcProvider } from 'ethers';
import { planBatches, type PlannedBatch } from './batchPlan.js';
import { PendingState } from './intake.js';
import type { NodeMetrics } from './metrics.js';
import { operationFromJson, operationToJson } from './operationJson.js';
import { PriorityQueueReader } from './priorityQueue.js';
import type { NodeStore, StoredTransaction } from './store/store.js';
import type { Submitter } from './submitter.js';

export interface PipelineOptions {
  readonly store: NodeStore;
  readonly client: RollupClient;
  readonly provider: JsonRpcProvider;
  readonly submitter: Submitter;
  readonly prove: ProveFunction;
  /** Batch size => registry circuit proving it; the node uses `batchSize`'s. */
  readonly circuits: Readonly<Record<number, string>>;
  readonly batchSize: number;
  readonly batchesPerTransaction: number;
  readonly maxWaitMs: number;
  readonly feeAccountIndex: number;
  readonly confirmations: number;
  readonly pollMs: number;
  readonly metrics: NodeMetrics;
  readonly log: (message: string) => void;
}

/** A submission sent and not yet confirmed: its transaction and the state after its batches. */
interface Live {
  readonly tx: StoredTransaction;
  readonly after: RollupState;
}

/** Blocks of L1's priority queue read again on each poll, at least (§13.4). */
const PRIORITY_REORG_DEPTH = 12;

const since = (started: number): number => Math.round(performance.now() - started);

export class Pipeline {
  /** The state L1 verified, `confirmations` deep; the snapshot the store keeps. */
  confirmed!: SyncCheckpoint;
  /** The pending state operations are checked against when they arrive. */
  pending!: PendingState;
  private live: Live | undefined;
  private readonly operator: Operator;
  private readonly priority: PriorityQueueReader;
  private domain = 0n;
  /** When each queued L1 entry was first seen, by queue index: it waits at most `maxWaitMs`. */
  private readonly prioritySeen = new Map<number, number>();
  private running = false;
  private readonly stopped = new AbortController();
  private loop: Promise<void> | undefined;
  /** Serialises intake and rebuilding the pending state: both change it. */
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PipelineOptions) {
    this.operator = new Operator({ client: options.client, prove: options.prove, circuits: options.circuits, feeAccountIndex: options.feeAccountIndex });
    this.priority = new PriorityQueueReader(options.client, options.provider, Math.max(options.confirmations, PRIORITY_REORG_DEPTH));
  }

  /** Runs `body` alone with respect to every other `exclusive` body (intake, pending rebuilds). */
  exclusive<T>(body: () => Promise<T>): Promise<T> {
    const run = this.lock.then(body, body);
    this.lock = run.catch(() => undefined);
    return run;
  }

  get rollupDomain(): bigint {
    return this.domain;
  }

  get liveTransaction(): StoredTransaction | undefined {
    return this.live?.tx;
  }

  /** Recovery at start (§13.6): sync from L1 on top of the snapshot, settle what the store says
   * was in flight, and rebuild the pending state from every operation not yet verified. */
  async recover(): Promise<void> {
    const { store, client, provider } = this.options;
    this.domain = await client.domain();
    const snapshot = await store.snapshot();
    const toBlock = Math.max(0, (await provider.getBlockNumber()) - (this.options.confirmations - 1));
    const from =
      snapshot && snapshot.block <= toBlock
        ? { state: RollupState.fromJSON(snapshot.state as never), block: snapshot.block, batches: snapshot.batches }
        : undefined;
    try {
      this.confirmed = await syncFrom(client, provider, { toBlock, ...(from ? { from } : {}) });
    } catch (error) {
      // A snapshot of blocks a reorg replaced: read L1 from the start instead.
      if (!(error instanceof SyncError) || !from) throw error;
      this.confirmed = await syncFrom(client, provider, { toBlock });
    }
    this.priority.reset(this.confirmed);
    const discarded = await store.discardUnsentBatches();
    if (discarded > 0) this.options.log(`recovery: ${discarded} batches built but never sent are built again`);
    const tx = await store.liveTransaction();
    if (tx) await this.resume(tx);
    await this.rebuildPending();
    this.options.log(
      `recovered: ${this.confirmed.batches} batches verified on L1 at block ${this.confirmed.block}${this.live ? `, transaction ${this.live.tx.hash} in flight` : ''}`,
    );
  }

  /** A transaction recorded before the crash: its batches are on L1 already, or it is in flight
   * again on top of the confirmed state. */
  private async resume(tx: StoredTransaction): Promise<void> {
    const { store } = this.options;
    if (tx.batchNumbers.at(-1)! <= this.confirmed.batches) {
      await store.confirmTransaction(tx.hash, this.confirmed.block, this.snapshotOf(this.confirmed));
      this.options.log(`batches ${tx.batchNumbers.join(', ')} verified on L1 while the node was down (${tx.hash})`);
      return;
    }
    const batches = await store.batchesNumbered(tx.batchNumbers);
    if (batches.length !== tx.batchNumbers.length || batches[0]!.number !== this.confirmed.batches + 1) {
      // Built on batches L1 no longer has: it can only revert.
      await this.abandon(tx, 'dropped');
      return;
    }
    const after = this.confirmed.state.clone();
    for (const b of batches) {
      after.applyBatch(
        { operations: b.operations.map(operationFromJson), batchSize: b.batchSize, feeAccountIndex: this.options.feeAccountIndex, domain: this.domain },
        { signatures: 'skip' },
      );
      if (after.root !== b.newRoot) throw new Error(`stored batch ${b.number} replays to root ${after.root}, not its recorded ${b.newRoot}`);
    }
    this.live = { tx, after };
  }

  private async abandon(tx: StoredTransaction, status: 'dropped' | 'reverted'): Promise<void> {
    await this.options.store.abandonTransaction(tx.hash, status);
    this.options.metrics.count('zkr_node_transactions_abandoned_total');
    this.options.log(`transaction ${tx.hash} ${status}: its batches are built again`);
  }

  private snapshotOf(checkpoint: SyncCheckpoint) {
    return { block: checkpoint.block, batches: checkpoint.batches, state: checkpoint.state.toJSON() };
  }

  /** The state new batches start from: after the live submission, or L1's. */
  private get head(): RollupState {
    return this.live?.after ?? this.confirmed.state;
  }

  /** pending = head + queued L1 entries + accepted operations (checked at intake already). */
  async rebuildPending(): Promise<void> {
    await this.exclusive(async () => {
      const head = this.head.clone();
      for (const entry of await this.priority.since(head.queuedPriority)) head.enqueuePriority(entry);
      const accepted = await this.options.store.operationsIn('accepted');
      this.pending = PendingState.rebuild(
        head,
        accepted.map((o) => operationFromJson(o.body)),
        this.domain,
        this.options.feeAccountIndex,
      );
    });
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped.abort();
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const worked = this.live ? await this.settleLive() : await this.cut();
        if (!worked) await this.sleep(this.options.pollMs);
      } catch (error) {
        if (!this.running) return;
        this.options.metrics.count('zkr_node_pipeline_errors_total');
        this.options.log(`pipeline: ${(error as Error).message}`);
        await this.sleep(1000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopped.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private async settleLive(): Promise<boolean> {
    const live = this.live!;
    const started = performance.now();
    const outcome = await this.options.submitter.settle(live.tx, this.stopped.signal);
    const settled = performance.now();
    if (outcome.kind !== 'confirmed') {
      await this.abandon(live.tx, outcome.kind);
      this.live = undefined;
      await this.recover();
      return true;
    }
    const checkpoint = await syncFrom(this.options.client, this.options.provider, { from: this.confirmed, toBlock: outcome.receipt.blockNumber });
    if (checkpoint.state.root !== live.after.root)
      throw new SyncError(`L1 holds root ${checkpoint.state.root} after transaction ${live.tx.hash}, the node built ${live.after.root}`);
    await this.options.store.confirmTransaction(live.tx.hash, outcome.receipt.blockNumber, this.snapshotOf(checkpoint));
    this.confirmed = checkpoint;
    this.priority.forget(checkpoint.state.queuedPriority);
    this.live = undefined;
    this.options.metrics.count('zkr_node_batches_verified_total', live.tx.batchNumbers.length);
    this.options.log(
      `batches ${live.tx.batchNumbers.join(', ')} verified on L1 (block ${outcome.receipt.blockNumber}, ${live.tx.hash}; mined in ${Math.round(settled - started)} ms, synced in ${since(settled)} ms)`,
    );
    return true;
  }

  /** Cuts, proves and sends the next submission when it is due; false when nothing is due. */
  private async cut(): Promise<boolean> {
    const { store, batchSize, batchesPerTransaction, maxWaitMs } = this.options;
    const confirmed = this.confirmed.state;
    const fresh = await this.priority.since(confirmed.queuedPriority);
    await this.mirrorPriority(confirmed.queuedPriority, fresh);
    const accepted = await store.operationsIn('accepted', batchSize * batchesPerTransaction);
    const now = Date.now();
    const queued = confirmed.queuedPriority - confirmed.consumedPriority + fresh.length;
    // Each queued entry waits from when this process first saw it (those the synced state holds included).
    for (let i = confirmed.consumedPriority; i < confirmed.consumedPriority + queued; i++) if (!this.prioritySeen.has(i)) this.prioritySeen.set(i, now);
    const waiting = queued + accepted.length;
    if (waiting === 0) return false;
    const oldest = Math.min(
      accepted[0]?.acceptedAt.getTime() ?? Infinity,
      ...Array.from({ length: queued }, (_, i) => this.prioritySeen.get(confirmed.consumedPriority + i)!),
    );
    if (waiting < batchSize * batchesPerTransaction && now - oldest < maxWaitMs) return false;
    // Only now, when a submission is due: copying the state costs (each key is checked again).
    const base = confirmed.clone();
    for (const entry of fresh) base.enqueuePriority(entry);
    const started = performance.now();

    // Signatures were checked at intake; only if the batches do not build with them checked
    // (an earlier operation of a sender was rejected) is each checked again, to find which.
    const prove = async (batches: readonly PlannedBatch[]): Promise<ProvedBatchResult[]> =>
      batches.length === 0
        ? []
        : this.operator.proveMany(
            batches.map((b) => b.operations),
            { batchSize, state: base },
          );
    let plan = await this.plan(base, accepted, 'skip');
    let proved: ProvedBatchResult[];
    try {
      proved = await prove(plan);
    } catch (error) {
      if (!(error instanceof ZkrError)) throw error;
      plan = await this.plan(base, accepted, 'check');
      proved = await prove(plan);
    }
    if (plan.length === 0) return true;
    const proving = since(started);
    const first = this.confirmed.batches + 1;
    await store.saveBatches(
      proved.map((p, i) => ({
        number: first + i,
        batchSize,
        operations: plan[i]!.operations.map(operationToJson),
        operationIds: plan[i]!.operationIds,
        oldRoot: p.batch.oldRoot,
        newRoot: p.batch.newRoot,
      })),
    );
    this.options.metrics.count('zkr_node_batches_proved_total', proved.length);
    await store.saveProofs(proved.map((p, i) => ({ number: first + i, proof: p.proof })));
    const data = this.options.client.submitBatchesData(proved.map((p) => ({ batch: p.batch, feeAccountIndex: this.options.feeAccountIndex, proof: p.proof })));
    const signed = await this.options.submitter.sign(data);
    const tx: StoredTransaction = { ...signed, batchNumbers: proved.map((_, i) => first + i), status: 'sent' };
    await store.recordTransaction(tx);
    this.live = { tx, after: proved.at(-1)!.next };
    await this.options.submitter.broadcast(signed.raw);
    this.options.metrics.count('zkr_node_transactions_sent_total');
    this.options.log(
      `batches ${tx.batchNumbers.join(', ')} sent in ${tx.hash} (nonce ${tx.nonce}; ${plan.reduce((n, b) => n + b.operations.length, 0)} operations built and proved in ${proving} ms, sent ${since(started)} ms after the cut)`,
    );
    return true;
  }

  /** New L1 entries (`fresh`, from queue index `first` on) reach the pending state, so
   * operations that depend on them are accepted. */
  private async mirrorPriority(first: number, fresh: readonly PriorityEntry[]): Promise<void> {
    await this.exclusive(async () => {
      const known = this.pending.queuedPriority - first;
      if (fresh.length > known) this.pending.addPriority(fresh.slice(Math.max(0, known)));
    });
  }

  /** The batches to prove; operations that no longer apply are rejected with core's reason and
   * the pending state is rebuilt without them. */
  private async plan(base: RollupState, accepted: Awaited<ReturnType<NodeStore['operationsIn']>>, signatures: 'check' | 'skip'): Promise<PlannedBatch[]> {
    const plan = planBatches({
      base,
      accepted,
      batchSize: this.options.batchSize,
      maxBatches: this.options.batchesPerTransaction,
      feeAccountIndex: this.options.feeAccountIndex,
      domain: this.domain,
      signatures,
    });
    if (plan.rejected.length > 0) {
      for (const { id, reason } of plan.rejected) await this.options.store.reject(id, reason);
      this.options.metrics.count('zkr_node_operations_rejected_total', plan.rejected.length);
      await this.rebuildPending();
    }
    return plan.batches;
  }
}
