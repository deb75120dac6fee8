// One operation applied as a batch of one: the rules a batch applies, used to check operations
// one at a time at intake and when cutting batches. The fee reaches the fee account at once
// rather than at the batch's end, which ends in the same balances.
import type { Operation, PriorityEntry, RollupState } from '@zkr/core';

export interface ApplyContext {
  readonly feeAccountIndex: number;
  readonly domain: bigint;
}

/** Applies `op` to `state`, or throws core's typed error and changes nothing. */
export function applyOne(state: RollupState, op: Operation, context: ApplyContext, signatures: 'check' | 'skip'): void {
  state.applyBatch({ operations: [op], batchSize: 1, feeAccountIndex: context.feeAccountIndex, domain: context.domain }, { signatures });
}

/** The operation serving a queued L1 entry on `state`: a forced exit takes the whole balance. */
export function priorityOperation(entry: PriorityEntry, state: RollupState): Operation {
  return entry.type === 'deposit'
    ? { type: 'deposit', accountIndex: entry.accountIndex }
    : { type: 'forcedExit', accountIndex: entry.accountIndex, amount: state.account(entry.accountIndex)?.balance ?? 0n };
}

/** core names a batch's slot (`operations[0].amount`); a request or a status names the field. */
export function operationField(field: string | undefined): string | undefined {
  return field?.replace(/^operations\[\d+\]\.?/, '') || undefined;
}
