// The witness-free check of one operation (intake, cutting batches) against core's applyBatch of
// a batch of one: the same state after each operation, and the same typed error for each refusal.
import { publicKeyOf, RollupState, signOperation, ZkrError, type Operation, type TransferOp, type WithdrawOp } from '@zkr/core';
import { applyOne } from '../src/oneOperation.js';

const DOMAIN = 77n;
const key = (i: number) => new Uint8Array(32).fill(i + 1);

/** Accounts 0..3 in token 0 (0 is the fee account), 4 in token 1. */
function opened(): RollupState {
  const state = RollupState.empty({ depth: 8 });
  for (let i = 0; i < 5; i++) state.enqueuePriority({ type: 'deposit', accountIndex: i, tokenId: i === 4 ? 1n : 0n, amount: 1000n, ...publicKeyOf(key(i)) });
  state.applyBatch({ operations: [0, 1, 2, 3, 4].map((i) => ({ type: 'deposit', accountIndex: i })), batchSize: 5, feeAccountIndex: 0, domain: DOMAIN });
  return state;
}

const signed = (state: RollupState, op: TransferOp | WithdrawOp, nonce = state.account(op.from)?.nonce ?? 0n): Operation =>
  signOperation(key(op.from), { domain: DOMAIN, nonce, op });

const outcome = (apply: () => void): string => {
  try {
    apply();
    return 'applied';
  } catch (error) {
    if (error instanceof ZkrError) return `${error.code} ${error.field}`;
    throw error;
  }
};

test('each operation leaves the state applyBatch leaves, or is refused with the same code and field', () => {
  const fast = opened();
  const batch = opened();
  const cases: ((s: RollupState) => Operation)[] = [
    (s) => signed(s, { type: 'transfer', from: 1, to: 2, amount: 100n, fee: 3n }),
    (s) => signed(s, { type: 'transfer', from: 2, to: 2, amount: 50n, fee: 1n }), // to itself
    (s) => signed(s, { type: 'transfer', from: 3, to: 0, amount: 10n, fee: 2n }), // to the fee account
    (s) => signed(s, { type: 'withdraw', from: 1, amount: 7n, fee: 1n, l1Address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' }),
    (s) => signed(s, { type: 'transfer', from: 1, to: 2, amount: 5000n, fee: 0n }), // insufficient balance
    (s) => signed(s, { type: 'transfer', from: 1, to: 9, amount: 1n, fee: 0n }), // unknown receiver
    (s) => signed(s, { type: 'transfer', from: 1, to: 4, amount: 1n, fee: 0n }), // another token
    (s) => signed(s, { type: 'transfer', from: 4, to: 4, amount: 1n, fee: 1n }), // fee in a token not the fee account's
    (s) => signed(s, { type: 'transfer', from: 1, to: 2, amount: 1n, fee: 0n }, 9n), // signed for another nonce
    (s) => ({ ...(signed(s, { type: 'transfer', from: 1, to: 2, amount: 1n, fee: 0n }) as TransferOp), amount: 2n }), // altered after signing
  ];
  const outcomes = cases.map((make) => {
    const op = make(batch);
    const expected = outcome(() => batch.applyBatch({ operations: [op], batchSize: 1, feeAccountIndex: 0, domain: DOMAIN }));
    expect(outcome(() => applyOne(fast, op, { feeAccountIndex: 0, domain: DOMAIN }, 'check'))).toBe(expected);
    expect(fast.root).toBe(batch.root);
    return expected;
  });
  expect(outcomes).toEqual([
    'applied',
    'applied',
    'applied',
    'applied',
    'core.insufficient_balance operations[0].amount',
    'core.unknown_account operations[0].to',
    'core.token_mismatch operations[0].to',
    'core.fee_token_mismatch operations[0].fee',
    'core.bad_signature operations[0].signature',
    'core.bad_signature operations[0].signature',
  ]);
});
