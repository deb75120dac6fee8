// Cutting batches (docs/protocol.md §13.4): queued L1 deposits and forced exits first, in queue
// order, then accepted operations in the order they were accepted. Each operation is tried on
// the state the previous ones left; one that no longer applies (a forced exit emptied its
// account, an earlier operation of its sender was rejected) is set aside with core's typed reason.
import { ZkrError, type Operation, type RollupState } from '@zkr/core';
import { applyOne, operationField, priorityOperation } from './oneOperation.js';
import { operationFromJson } from './operationJson.js';
import type { RejectReason, StoredOperation } from './store/store.js';

export interface PlannedBatch {
  readonly operations: Operation[];
  /** The stored operations among `operations`, in order. */
  readonly operationIds: number[];
}

export interface BatchPlan {
  readonly batches: PlannedBatch[];
  readonly rejected: { readonly id: number; readonly reason: RejectReason }[];
}

export interface PlanRequest {
  /** The state the first batch starts from; not changed. */
  readonly base: RollupState;
  readonly accepted: readonly StoredOperation[];
  readonly batchSize: number;
  readonly maxBatches: number;
  readonly feeAccountIndex: number;
  readonly domain: bigint;
  /** 'skip' trusts the signatures checked at intake; 'check' finds which one no longer verifies
   * (its sender's earlier operation was rejected, so the nonce it was signed for is not next). */
  readonly signatures: 'check' | 'skip';
}

export function planBatches(request: PlanRequest): BatchPlan {
  const state = request.base.clone();
  const capacity = request.batchSize * request.maxBatches;
  const slots: { op: Operation; id: number | undefined }[] = [];
  const rejected: BatchPlan['rejected'] = [];
  const tryApply = (op: Operation): ZkrError | undefined => {
    try {
      applyOne(state, op, request, request.signatures);
      return undefined;
    } catch (error) {
      if (error instanceof ZkrError) return error;
      throw error;
    }
  };
  for (const entry of request.base.pendingPriority()) {
    if (slots.length >= capacity) break;
    const op = priorityOperation(entry, state);
    const error = tryApply(op);
    // L1 queued it and the contract checked it: a priority entry always applies.
    if (error) throw error;
    slots.push({ op, id: undefined });
  }
  for (const stored of request.accepted) {
    if (slots.length >= capacity) break;
    const op = operationFromJson(stored.body);
    const error = tryApply(op);
    if (error) rejected.push({ id: stored.id, reason: { code: error.code, field: operationField(error.field), message: error.message } });
    else slots.push({ op, id: stored.id });
  }
  const batches: PlannedBatch[] = [];
  for (let i = 0; i < slots.length; i += request.batchSize) {
    const part = slots.slice(i, i + request.batchSize);
    batches.push({ operations: part.map((s) => s.op), operationIds: part.flatMap((s) => (s.id === undefined ? [] : [s.id])) });
  }
  return { batches, rejected };
}
