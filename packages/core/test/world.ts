// A small rollup world for tests: fixed keys (signing is slow, so keys are few and reused),
// an operator fee account at index 0, and helpers that make valid operations.
import { computeDomain, publicKeyOf, RollupState, signOperation, type Operation, type PrivateKey, type TransferOp, type WithdrawOp } from '../src/index.js';

export const DOMAIN = computeDomain(31337n, `0x${'5f'.repeat(20)}`);
export const KEYS: PrivateKey[] = Array.from({ length: 4 }, (_, i) => new Uint8Array(32).fill(i + 1));
export const L1_ADDRESS = `0x${'c0'.repeat(20)}`;

/** A state with the fee account (index 0, token 0) and `balances.length` users of token 0. */
export function worldWith(balances: readonly bigint[], depth = 8): RollupState {
  const state = RollupState.empty({ depth });
  const keys = [KEYS[0]!, ...balances.map((_, i) => KEYS[(i % (KEYS.length - 1)) + 1]!)];
  for (const [index, key] of keys.entries()) {
    state.enqueuePriority({ type: 'deposit', accountIndex: index, tokenId: 0n, amount: index === 0 ? 0n : balances[index - 1]!, ...publicKeyOf(key) });
  }
  const deposits: Operation[] = keys.map((_, index) => ({ type: 'deposit', accountIndex: index }));
  state.applyBatch({ operations: deposits, batchSize: deposits.length, feeAccountIndex: 0, domain: DOMAIN });
  return state;
}

export function keyOf(index: number): PrivateKey {
  return index === 0 ? KEYS[0]! : KEYS[((index - 1) % (KEYS.length - 1)) + 1]!;
}

export function signedTransfer(state: RollupState, op: Omit<TransferOp, 'type' | 'signature'>): TransferOp {
  const nonce = state.account(op.from)?.nonce ?? 0n;
  return signOperation(keyOf(op.from), { domain: DOMAIN, op: { type: 'transfer', ...op }, nonce });
}

export function signedWithdraw(state: RollupState, op: Omit<WithdrawOp, 'type' | 'signature' | 'l1Address'>): WithdrawOp {
  const nonce = state.account(op.from)?.nonce ?? 0n;
  return signOperation(keyOf(op.from), { domain: DOMAIN, op: { type: 'withdraw', l1Address: L1_ADDRESS, ...op }, nonce });
}
