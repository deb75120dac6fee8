// An operator: mirrors L1's priority queue into @zkr/core, builds batches, has them proved and
// submits them. The mirror changes only after L1 accepted a batch, so a failed proof or a
// reverted submission loses nothing. Proving is injected (e.g. @zkr/prover's pool), keeping
// this package free of the prover.
import { RollupState, signOperation, type BatchResult, type Operation, type PrivateKey, type TransferOp, type WithdrawOp } from '@zkr/core';
import type { TransactionReceipt } from 'ethers';
import type { Groth16ProofJson, RollupClient } from './client.js';

export type ProveFunction = (circuitId: string, input: BatchResult['circuitInput']) => Promise<{ proof: Groth16ProofJson }>;

export interface OperatorOptions {
  readonly client: RollupClient;
  readonly prove: ProveFunction;
  /** Batch size => registry circuit proving it. */
  readonly circuits: Readonly<Record<number, string>>;
  readonly feeAccountIndex: number;
  readonly state?: RollupState;
}

export interface ProvedBatchResult {
  readonly batch: BatchResult;
  readonly proof: Groth16ProofJson;
  /** The state after this batch. */
  readonly next: RollupState;
  readonly proveMs: number;
}

/** One batch of a submission; batches submitted together share the receipt. */
export interface SubmittedBatch {
  readonly batch: BatchResult;
  readonly receipt: TransactionReceipt;
  readonly proveMs: number;
}

export class Operator {
  state: RollupState;
  readonly client: RollupClient;
  private readonly options: OperatorOptions;
  private domainValue: bigint | undefined;

  constructor(options: OperatorOptions) {
    this.options = options;
    this.client = options.client;
    this.state = options.state ?? RollupState.empty({ depth: options.client.depth });
  }

  async domain(): Promise<bigint> {
    this.domainValue ??= await this.client.domain();
    return this.domainValue;
  }

  /** Mirrors the priority entries L1 queued since the last call. */
  async pullQueue(): Promise<void> {
    const entries = await this.client.priorityEntries();
    for (const entry of entries.slice(this.state.queuedPriority)) this.state.enqueuePriority(entry);
  }

  async transfer(key: PrivateKey, op: Omit<TransferOp, 'type' | 'signature'>): Promise<TransferOp> {
    return signOperation(key, { domain: await this.domain(), op: { type: 'transfer', ...op }, nonce: this.state.account(op.from)!.nonce });
  }

  async withdraw(key: PrivateKey, op: Omit<WithdrawOp, 'type' | 'signature'>): Promise<WithdrawOp> {
    return signOperation(key, { domain: await this.domain(), op: { type: 'withdraw', ...op }, nonce: this.state.account(op.from)!.nonce });
  }

  /** The smallest registered batch size that holds `count` operations. */
  batchSizeFor(count: number): number {
    const sizes = Object.keys(this.options.circuits)
      .map(Number)
      .sort((a, b) => a - b);
    const size = sizes.find((s) => s >= count);
    if (size === undefined) throw new RangeError(`no circuit proves ${count} operations; sizes: ${sizes.join(', ')}`);
    return size;
  }

  /** Builds and proves a batch on a copy of `state` (default: the mirror); nothing is changed. */
  async prove(operations: readonly Operation[], options: { batchSize?: number; state?: RollupState } = {}): Promise<ProvedBatchResult> {
    return (await this.proveMany([operations], options))[0]!;
  }

  /** Builds consecutive batches of one size on a copy of `state` (default: the mirror), each on
   * the state the previous one left, and proves them concurrently; nothing is changed. The size
   * defaults to the smallest that holds the longest list. */
  async proveMany(operationLists: readonly (readonly Operation[])[], options: { batchSize?: number; state?: RollupState } = {}): Promise<ProvedBatchResult[]> {
    const batchSize = options.batchSize ?? this.batchSizeFor(Math.max(0, ...operationLists.map((ops) => ops.length)));
    const domain = await this.domain();
    let state = options.state ?? this.state;
    const built = operationLists.map((operations) => {
      const next = state.clone();
      const batch = next.applyBatch({ operations, batchSize, feeAccountIndex: this.options.feeAccountIndex, domain });
      state = next;
      return { batch, next };
    });
    return Promise.all(
      built.map(async ({ batch, next }) => {
        const started = performance.now();
        const { proof } = await this.options.prove(this.options.circuits[batchSize]!, batch.circuitInput);
        return { batch, proof, next, proveMs: performance.now() - started };
      }),
    );
  }

  async submit(operations: readonly Operation[], options: { batchSize?: number } = {}): Promise<SubmittedBatch> {
    return (await this.submitMany([operations], options))[0]!;
  }

  /** Proves consecutive batches of one size and submits them in one L1 transaction. */
  async submitMany(operationLists: readonly (readonly Operation[])[], options: { batchSize?: number } = {}): Promise<SubmittedBatch[]> {
    if (operationLists.length === 0) throw new RangeError('operationLists: at least one batch is needed');
    await this.pullQueue();
    const proved = await this.proveMany(operationLists, options);
    const receipt = await this.client.submitBatches(proved.map(({ batch, proof }) => ({ batch, feeAccountIndex: this.options.feeAccountIndex, proof })));
    this.state = proved.at(-1)!.next;
    return proved.map(({ batch, proveMs }) => ({ batch, receipt, proveMs }));
  }
}
