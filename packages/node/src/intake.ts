// Checking an operation when it arrives (docs/protocol.md §13.3): against the pending L2 state,
// i.e. the state L1 verified plus every operation accepted since, with @zkr/core's own rules
// (no circuit witness: see oneOperation.ts). A check that fails changes nothing and is answered
// with a typed 4xx naming the field.
import { type RollupState, UnknownAccount, ZkrError, type Operation, type PriorityEntry, type SignedOperation } from '@zkr/core';
import { RequestError } from './errors.js';
import { applyOne, priorityOperation } from './oneOperation.js';
import type { SignedOperationJson } from './operationJson.js';

export class PendingState {
  private constructor(
    private state: RollupState,
    private readonly domain: bigint,
    private readonly feeAccountIndex: number,
  ) {}

  /** `base` (not changed) with `operations` applied in order. They were checked when accepted,
   * so signatures are not checked again; an operation that no longer applies is skipped (the
   * batcher will reject it with its reason). */
  static rebuild(base: RollupState, operations: readonly Operation[], domain: bigint, feeAccountIndex: number): PendingState {
    const pending = new PendingState(base.clone(), domain, feeAccountIndex);
    const priority = pending.state.pendingPriority().map((entry) => () => priorityOperation(entry, pending.state));
    for (const next of [...priority, ...operations.map((op) => () => op)]) {
      const op = next();
      try {
        pending.apply(op, 'skip');
      } catch (error) {
        if (!(error instanceof ZkrError)) throw error;
      }
    }
    return pending;
  }

  account(index: number) {
    return this.state.account(index);
  }

  get root(): bigint {
    return this.state.root;
  }

  /** Mirrors newly queued L1 deposits and exits, served before anything accepted later. */
  addPriority(entries: readonly PriorityEntry[]): void {
    for (const entry of entries) {
      this.state.enqueuePriority(entry);
      const op = priorityOperation(entry, this.state);
      try {
        this.apply(op, 'skip');
      } catch (error) {
        if (!(error instanceof ZkrError)) throw error;
      }
    }
  }

  get queuedPriority(): number {
    return this.state.queuedPriority;
  }

  /** Checks `op` (posted as `body`) against the pending state and applies it, or throws a
   * RequestError and changes nothing. */
  admit(body: SignedOperationJson, op: SignedOperation): void {
    if (body.domain !== undefined && BigInt(body.domain) !== this.domain) {
      throw new RequestError(
        422,
        'node.wrong_domain',
        'domain',
        `signed for domain ${body.domain}, this rollup's is ${this.domain} (chain id and rollup address)`,
      );
    }
    const sender = this.state.account(body.from);
    if (!sender) throw RequestError.fromRule(new UnknownAccount(`no account at ${body.from}`, { field: 'operations[0].from' }));
    const nonce = BigInt(body.nonce);
    if (nonce < sender.nonce)
      throw new RequestError(409, 'node.replayed_operation', 'nonce', `nonce ${nonce} of account ${body.from} is already used; the next is ${sender.nonce}`);
    if (nonce > sender.nonce)
      throw new RequestError(422, 'node.nonce_mismatch', 'nonce', `account ${body.from} expects nonce ${sender.nonce}, received ${nonce}`);
    try {
      this.apply(op, 'check');
    } catch (error) {
      if (error instanceof ZkrError) throw RequestError.fromRule(error);
      throw error;
    }
  }

  private apply(op: Operation, signatures: 'check' | 'skip'): void {
    applyOne(this.state, op, { feeAccountIndex: this.feeAccountIndex, domain: this.domain }, signatures);
  }
}
