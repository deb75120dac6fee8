// Builds valid batches with @zkr/core (the reference) for the batch circuit's tests.
import {
  computeDomain,
  publicKeyOf,
  RollupState,
  signOperation,
  type BatchResult,
  type Operation,
  type PrivateKey,
  type TransferOp,
  type WithdrawOp,
} from '@zkr/core';

export const DEPTH = 8;
export const BATCH_SIZE = 2;
export const DOMAIN = computeDomain(31337n, `0x${'5f'.repeat(20)}`);
export const KEYS: PrivateKey[] = [1, 2, 3, 4, 5].map((i) => new Uint8Array(32).fill(i));
export const L1_ADDRESS = `0x${'c0'.repeat(20)}`;

/** Account `i` is owned by KEYS[i]: 0 is the fee account (token 0), 1 and 2 hold token 0, 3 holds token 1. */
export const TOKENS = [0n, 0n, 0n, 1n] as const;

/** A state with the accounts of TOKENS, created by deposits of `balances` (fee account: 0). */
export function world(balances: readonly [bigint, bigint, bigint] = [1000n, 500n, 700n]): RollupState {
  const state = RollupState.empty({ depth: DEPTH });
  const amounts = [0n, ...balances];
  for (const [index, amount] of amounts.entries()) {
    state.enqueuePriority({ type: 'deposit', accountIndex: index, tokenId: TOKENS[index]!, amount, ...publicKeyOf(KEYS[index]!) });
  }
  state.applyBatch({
    operations: amounts.map((_, i) => ({ type: 'deposit', accountIndex: i })),
    batchSize: amounts.length,
    feeAccountIndex: 0,
    domain: DOMAIN,
  });
  return state;
}

export function transfer(state: RollupState, op: Omit<TransferOp, 'type' | 'signature'>, domain = DOMAIN): TransferOp {
  return signOperation(KEYS[op.from]!, { domain, op: { type: 'transfer', ...op }, nonce: state.account(op.from)!.nonce });
}

export function withdraw(state: RollupState, op: Omit<WithdrawOp, 'type' | 'signature' | 'l1Address'>, l1Address = L1_ADDRESS): WithdrawOp {
  return signOperation(KEYS[op.from]!, { domain: DOMAIN, op: { type: 'withdraw', l1Address, ...op }, nonce: state.account(op.from)!.nonce });
}

export function apply(state: RollupState, operations: Operation[], feeAccountIndex = 0): BatchResult {
  return state.applyBatch({ operations, batchSize: BATCH_SIZE, feeAccountIndex, domain: DOMAIN });
}
