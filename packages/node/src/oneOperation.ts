// One operation applied on its own, with @zkr/core's rules: used to check operations one at a
// time at intake and when cutting batches. A transfer or withdraw is checked by core's rules
// directly (accounts, token, funds, signature, fee token, overflow) and written to the state
// without building the circuit witness a batch would; the fee reaches the fee account at once
// rather than at the batch's end, which ends in the same balances. An L1 entry (deposit, forced
// exit) is applied as a batch of one: rare, and its rules are the queue's.
import {
  type Account,
  BALANCE_BITS,
  BalanceOverflow,
  checkOperationSignature,
  encodeOperation,
  FeeAccountMissing,
  FeeTokenMismatch,
  type Operation,
  type PriorityEntry,
  type RollupState,
  type SignedOperation,
} from '@zkr/core';

const BALANCE_LIMIT = 1n << BigInt(BALANCE_BITS);
/** The slot a lone operation is named by, as in a batch: `operations[0].amount`. */
const SLOT = 'operations[0]';

export interface ApplyContext {
  readonly feeAccountIndex: number;
  readonly domain: bigint;
}

/** Applies `op` to `state`, or throws core's typed error and changes nothing. */
export function applyOne(state: RollupState, op: Operation, context: ApplyContext, signatures: 'check' | 'skip'): void {
  if (op.type === 'transfer' || op.type === 'withdraw') applySigned(state, op, context, signatures);
  else state.applyBatch({ operations: [op], batchSize: 1, feeAccountIndex: context.feeAccountIndex, domain: context.domain }, { signatures });
}

/** Every check runs before the first write, so a refused operation leaves `state` as it was. */
function applySigned(state: RollupState, op: SignedOperation, context: ApplyContext, signatures: 'check' | 'skip'): void {
  encodeOperation(op, SLOT); // each field's range, the amounts' float encoding, the address
  const sender = state.checkSignedOperation(op, SLOT); // accounts, one token, amount + fee, nonce
  if (signatures === 'check') checkOperationSignature(sender, { domain: context.domain, op, nonce: sender.nonce }, `${SLOT}.signature`);
  const feeAccount = state.account(context.feeAccountIndex);
  if (!feeAccount) throw new FeeAccountMissing(`no account at ${context.feeAccountIndex}`, { field: 'feeAccountIndex' });
  if (op.fee !== 0n && sender.tokenId !== feeAccount.tokenId) {
    throw new FeeTokenMismatch(`fee must be 0 for token ${sender.tokenId}: fees are paid in token ${feeAccount.tokenId}`, { field: `${SLOT}.fee` });
  }
  const writes = new Map<number, Account>([[op.from, { ...sender, balance: sender.balance - op.amount - op.fee, nonce: sender.nonce + 1n }]]);
  const credit = (index: number, amount: bigint, field: string) => {
    const account = writes.get(index) ?? state.account(index)!; // from = to sees the debited account
    const balance = account.balance + amount;
    if (balance >= BALANCE_LIMIT) throw new BalanceOverflow(`balance of account ${index} would reach ${balance}`, { field });
    writes.set(index, { ...account, balance });
  };
  if (op.type === 'transfer') credit(op.to, op.amount, `${SLOT}.to`);
  if (op.fee !== 0n) credit(context.feeAccountIndex, op.fee, 'feeAccountIndex');
  for (const [index, account] of writes) state.writeAccount(index, account);
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
