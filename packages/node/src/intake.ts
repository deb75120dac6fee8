// Checking an operation when it arrives (docs/protocol.md §13.3): against the pending L2 state,
// i.e. the state L1 verified plus every operation accepted since, with @zkr/core's own rules.
// A check that fails changes nothing and is answered with a typed 4xx naming the field.
import { type RollupState, ZkrError, type Operation, type PriorityEntry, type SignedOperation } from '@zkr/core';
import { applyOne, operationField, priorityOperation } from './oneOperation.js';
import { operationFromJson, type SignedOperationJson } from './operationJson.js';

/** A refused request: HTTP status, a stable code, the request field to blame. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly field: string | undefined,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(field === undefined ? message : `${field}: ${message}`);
  }

  toJSON(): Record<string, unknown> {
    return { error: { code: this.code, field: this.field, message: this.message, ...this.details } };
  }
}

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

  /** Checks `body` against the pending state and applies it, or throws a RequestError and
   * changes nothing. */
  admit(body: SignedOperationJson): SignedOperation {
    if (body.domain !== undefined && BigInt(body.domain) !== this.domain) {
      throw new RequestError(422, 'WrongDomain', 'domain', `signed for domain ${body.domain}, this rollup's is ${this.domain} (chain id and rollup address)`);
    }
    const sender = this.state.account(body.from);
    if (!sender) throw new RequestError(422, 'UnknownAccount', 'from', `no account at ${body.from}`);
    const nonce = BigInt(body.nonce);
    if (nonce < sender.nonce)
      throw new RequestError(409, 'ReplayedOperation', 'nonce', `nonce ${nonce} of account ${body.from} is already used; the next is ${sender.nonce}`);
    if (nonce > sender.nonce) throw new RequestError(422, 'NonceMismatch', 'nonce', `account ${body.from} expects nonce ${sender.nonce}, received ${nonce}`);
    const op = operationFromJson(body) as SignedOperation;
    try {
      this.apply(op, 'check');
    } catch (error) {
      // The API's codes are PascalCase names (WrongDomain, ReplayedOperation): core's rule by its class name.
      if (error instanceof ZkrError)
        throw new RequestError(422, error.name, operationField(error.field), error.message.replace(/^operations\[\d+\]\.?[\w.]*: /, ''));
      throw error;
    }
    return op;
  }

  private apply(op: Operation, signatures: 'check' | 'skip'): void {
    applyOne(this.state, op, { feeAccountIndex: this.feeAccountIndex, domain: this.domain }, signatures);
  }
}
