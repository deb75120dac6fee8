import fc from 'fast-check';
import {
  AccountExists,
  BadSignature,
  BalanceOverflow,
  BatchTooLarge,
  batchSizeOfPublicSignals,
  computeDomain,
  FeeAccountMissing,
  FeeTokenMismatch,
  InsufficientBalance,
  InvalidOperation,
  publicKeyOf,
  publicSignalCount,
  publicSignalNames,
  PriorityQueueMismatch,
  RollupState,
  TokenMismatch,
  UnknownAccount,
  type Operation,
  type ZkrError,
  type TransferOp,
  type WithdrawOp,
} from '../src/index.js';
import { DOMAIN, KEYS, L1_ADDRESS, signedTransfer, signedWithdraw, worldWith } from './world.js';

function snapshot(state: RollupState): string {
  return JSON.stringify(state.toJSON());
}

function expectRejected(state: RollupState, operations: Operation[], errorClass: new (...a: never[]) => ZkrError, field?: RegExp, batchSize = 4): void {
  const before = snapshot(state);
  const root = state.root;
  let caught: unknown;
  try {
    state.applyBatch({ operations, batchSize, feeAccountIndex: 0, domain: DOMAIN });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(errorClass);
  if (field) expect((caught as ZkrError).message).toMatch(field);
  expect(state.root).toBe(root);
  expect(snapshot(state)).toBe(before);
}

describe('every invalid class raises its named error and changes nothing', () => {
  const state = worldWith([1000n, 500n]);
  // A valid first op, so a failure in the second slot must also undo the first.
  const warmup = (): Operation => signedTransfer(state, { from: 1, to: 2, amount: 1n, fee: 0n });

  test('InsufficientBalance', () => {
    expectRejected(state, [warmup(), signedTransfer(state, { from: 2, to: 1, amount: 501n, fee: 1n })], InsufficientBalance, /operations\[1\]\.amount/);
  });
  test('BadSignature: wrong key, wrong nonce, other domain, missing', () => {
    const forged = { ...signedTransfer(state, { from: 1, to: 2, amount: 5n, fee: 0n }), from: 2 };
    expectRejected(state, [forged], BadSignature, /signature/);
    const stale = { ...signedTransfer(state, { from: 1, to: 2, amount: 5n, fee: 0n }) };
    const replay = [stale, stale];
    expectRejected(state, replay, BadSignature, /operations\[1\]\.signature/);
    const otherDomain = computeDomain(1n, `0x${'5f'.repeat(20)}`);
    const before = snapshot(state);
    expect(() =>
      state.applyBatch({ operations: [signedTransfer(state, { from: 1, to: 2, amount: 5n, fee: 0n })], batchSize: 2, feeAccountIndex: 0, domain: otherDomain }),
    ).toThrow(BadSignature);
    expect(snapshot(state)).toBe(before);
    expectRejected(state, [{ type: 'transfer', from: 1, to: 2, amount: 5n, fee: 0n }], BadSignature, /missing/);
  });
  test('UnknownAccount: sender and receiver', () => {
    expectRejected(state, [warmup(), signedTransfer(state, { from: 1, to: 9, amount: 5n, fee: 0n })], UnknownAccount, /operations\[1\]\.to/);
    expectRejected(state, [{ type: 'transfer', from: 9, to: 1, amount: 5n, fee: 0n }], UnknownAccount, /from/);
  });
  test('InvalidOperation: out-of-range index and non-representable amount', () => {
    expectRejected(state, [{ type: 'deposit', accountIndex: 256 }], InvalidOperation, /accountIndex/);
    expectRejected(state, [{ type: 'transfer', from: 1, to: 2, amount: 2n ** 35n + 1n, fee: 0n }], InvalidOperation, /amount/);
  });
  test('BatchTooLarge', () => {
    expectRejected(state, [warmup(), warmup(), warmup()], BatchTooLarge, /operations/, 2);
  });
  test('PriorityQueueMismatch: empty queue, skipped entry', () => {
    expectRejected(state, [{ type: 'deposit', accountIndex: 3 }], PriorityQueueMismatch, /empty/);
    const queued = worldWith([10n]);
    queued.enqueuePriority({ type: 'deposit', accountIndex: 2, tokenId: 0n, amount: 5n, ...publicKeyOf(KEYS[2]!) });
    queued.enqueuePriority({ type: 'deposit', accountIndex: 3, tokenId: 0n, amount: 5n, ...publicKeyOf(KEYS[3]!) });
    expectRejected(queued, [{ type: 'deposit', accountIndex: 3 }], PriorityQueueMismatch, /queue entry 2/);
  });
  test('AccountExists and TokenMismatch on deposits', () => {
    const s = worldWith([10n]);
    s.enqueuePriority({ type: 'deposit', accountIndex: 1, tokenId: 0n, amount: 5n, ...publicKeyOf(KEYS[2]!) });
    expectRejected(s, [{ type: 'deposit', accountIndex: 1 }], AccountExists);
    const t = worldWith([10n]);
    t.enqueuePriority({ type: 'deposit', accountIndex: 1, tokenId: 7n, amount: 5n, ax: 0n, ay: 0n });
    expectRejected(t, [{ type: 'deposit', accountIndex: 1 }], TokenMismatch);
  });
  test('TokenMismatch between sender and receiver, FeeTokenMismatch', () => {
    const s = worldWith([100n]);
    s.enqueuePriority({ type: 'deposit', accountIndex: 2, tokenId: 1n, amount: 50n, ...publicKeyOf(KEYS[2]!) });
    s.applyBatch({ operations: [{ type: 'deposit', accountIndex: 2 }], batchSize: 1, feeAccountIndex: 0, domain: DOMAIN });
    expectRejected(s, [signedTransfer(s, { from: 1, to: 2, amount: 5n, fee: 0n })], TokenMismatch, /\.to/);
    expectRejected(s, [signedWithdraw(s, { from: 2, amount: 5n, fee: 1n })], FeeTokenMismatch, /fee/);
  });
  test('BalanceOverflow on a top-up', () => {
    const s = worldWith([2n ** 128n - 10n]);
    s.enqueuePriority({ type: 'deposit', accountIndex: 1, tokenId: 0n, amount: 10n, ax: 0n, ay: 0n });
    expectRejected(s, [{ type: 'deposit', accountIndex: 1 }], BalanceOverflow);
  });
  test('FeeAccountMissing', () => {
    const before = snapshot(state);
    expect(() => state.applyBatch({ operations: [], batchSize: 1, feeAccountIndex: 77, domain: DOMAIN })).toThrow(FeeAccountMissing);
    expect(snapshot(state)).toBe(before);
  });
  test('a forced exit must take the whole balance', () => {
    const s = worldWith([10n]);
    s.enqueuePriority({ type: 'forcedExit', accountIndex: 1, tokenId: 0n, amount: 0n, ax: 0n, ay: 0n });
    expectRejected(s, [{ type: 'forcedExit', accountIndex: 1, amount: 9n }], InvalidOperation, /amount/);
  });
});

describe('valid random batches', () => {
  type Step =
    | { kind: 'transfer'; from: number; to: number; share: number; fee: number }
    | { kind: 'withdraw'; from: number; share: number }
    | { kind: 'topUp'; to: number; amount: number }
    | { kind: 'exit'; from: number }
    | { kind: 'noop' };
  const user = fc.integer({ min: 1, max: 3 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('transfer' as const),
        from: user,
        to: user,
        share: fc.integer({ min: 0, max: 100 }),
        fee: fc.integer({ min: 0, max: 3 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), from: user, share: fc.integer({ min: 0, max: 100 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('topUp' as const), to: user, amount: fc.integer({ min: 0, max: 1000 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('exit' as const), from: user }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'noop' as const }) },
  );

  test("conserve each token, raise senders' nonces, and round-trip through JSON", () => {
    fc.assert(
      fc.property(fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), (batches) => {
        const state = worldWith([1000n, 2000n, 3000n]);
        let supply = 6000n;
        for (const steps of batches) {
          const operations: Operation[] = [];
          const nonces = [0, 1, 2, 3].map((i) => state.account(i)!.nonce);
          const sent = new Map<number, bigint>();
          // Build each op against a scratch copy so later ops see earlier ones' effects.
          const scratch = state.clone();
          for (const s of steps) {
            let op: Operation;
            if (s.kind === 'transfer') {
              const balance = scratch.account(s.from)!.balance;
              const fee = BigInt(Math.min(s.fee, Number(balance)));
              op = signedTransfer(scratch, { from: s.from, to: s.to, amount: ((balance - fee) * BigInt(s.share)) / 100n, fee });
            } else if (s.kind === 'withdraw') {
              const balance = scratch.account(s.from)!.balance;
              op = signedWithdraw(scratch, { from: s.from, amount: (balance * BigInt(s.share)) / 100n, fee: 0n });
            } else if (s.kind === 'topUp') {
              state.enqueuePriority({ type: 'deposit', accountIndex: s.to, tokenId: 0n, amount: BigInt(s.amount), ax: 0n, ay: 0n });
              scratch.enqueuePriority({ type: 'deposit', accountIndex: s.to, tokenId: 0n, amount: BigInt(s.amount), ax: 0n, ay: 0n });
              op = { type: 'deposit', accountIndex: s.to };
            } else if (s.kind === 'exit') {
              state.enqueuePriority({ type: 'forcedExit', accountIndex: s.from, tokenId: 0n, amount: 0n, ax: 0n, ay: 0n });
              scratch.enqueuePriority({ type: 'forcedExit', accountIndex: s.from, tokenId: 0n, amount: 0n, ax: 0n, ay: 0n });
              op = { type: 'forcedExit', accountIndex: s.from, amount: scratch.account(s.from)!.balance };
            } else {
              op = { type: 'noop' };
            }
            scratch.applyBatch({ operations: [op], batchSize: 1, feeAccountIndex: 0, domain: DOMAIN });
            if (op.type === 'transfer' || op.type === 'withdraw') sent.set(op.from, (sent.get(op.from) ?? 0n) + 1n);
            operations.push(op);
          }
          const result = state.applyBatch({ operations, batchSize: 4, feeAccountIndex: 0, domain: DOMAIN });
          expect(result.newRoot).toBe(scratch.root);
          supply += state
            .toJSON()
            .priorityQueue.slice(state.consumedPriority - result.priorityConsumed, state.consumedPriority)
            .filter((e) => e.type === 'deposit')
            .reduce((n, e) => n + BigInt(e.amount), 0n);
          supply -= result.withdrawals.reduce((n, w) => n + w.amount, 0n);
          const total = state.accountIndices().reduce((n, i) => n + state.account(i)!.balance, 0n);
          expect(total).toBe(supply);
          for (const [from, count] of sent) expect(state.account(from)!.nonce).toBe(nonces[from]! + count);
        }
        expect(snapshot(RollupState.fromJSON(JSON.parse(snapshot(state))))).toBe(snapshot(state));
        expect(RollupState.fromJSON(state.toJSON()).root).toBe(state.root);
      }),
      { numRuns: 4 },
    );
  });
});

describe('batch result', () => {
  test('public signals follow spec §6.1 and the circuit input has every §6.2 signal', () => {
    const state = worldWith([100n, 100n]);
    const ops = [signedTransfer(state, { from: 1, to: 2, amount: 10n, fee: 2n }), signedWithdraw(state, { from: 2, amount: 5n, fee: 0n })];
    const oldRoot = state.root;
    const r = state.applyBatch({ operations: ops, batchSize: 3, feeAccountIndex: 0, domain: DOMAIN });
    expect(r.publicSignals).toEqual([oldRoot, state.root, state.priorityChain(3), state.priorityChain(3), DOMAIN, 0n, ...r.chunks]);
    expect(r.chunks[2]).toBe(0n);
    expect(r.opBytes).toHaveLength(14 + 31);
    expect(r.withdrawals).toEqual([{ accountIndex: 2, tokenId: 0n, amount: 5n, l1Address: L1_ADDRESS }]);
    expect(state.account(0)!.balance).toBe(2n);
    const input = r.circuitInput;
    for (const name of [
      'pTokenId',
      'pAmount',
      'pAx',
      'pAy',
      'aAx',
      'aAy',
      'aTokenId',
      'aBalance',
      'aNonce',
      'bAx',
      'bAy',
      'bTokenId',
      'bBalance',
      'bNonce',
      'sigR8x',
      'sigR8y',
      'sigS',
      'chunks',
    ]) {
      expect(input[name]).toHaveLength(3);
    }
    for (const name of ['aSiblings', 'bSiblings']) {
      expect(input[name]).toHaveLength(3);
      for (const slot of input[name] as string[][][]) {
        expect(slot).toHaveLength(4);
        for (const level of slot) expect(level).toHaveLength(3);
      }
    }
    expect(input['feeSiblings']).toHaveLength(4);
    for (const name of [
      'oldRoot',
      'newRoot',
      'chainBefore',
      'chainAfter',
      'domain',
      'feeAccountIndex',
      'feeAx',
      'feeAy',
      'feeTokenId',
      'feeBalance',
      'feeNonce',
    ]) {
      expect(typeof input[name]).toBe('string');
    }
    // The noop slot carries zeros; the transfer's B is the receiver before its credit.
    expect((input['bBalance'] as string[])[0]).toBe('100');
    expect((input['sigS'] as string[])[2]).toBe('0');
    expect(input['feeBalance']).toBe('0');
  });

  test('each public signal is the circuit input signal that the layout names at its position', () => {
    const state = worldWith([100n, 100n]);
    const r = state.applyBatch({
      operations: [signedTransfer(state, { from: 1, to: 2, amount: 10n, fee: 2n })],
      batchSize: 2,
      feeAccountIndex: 0,
      domain: DOMAIN,
    });
    const names = publicSignalNames(2);
    expect(names).toEqual(['oldRoot', 'newRoot', 'chainBefore', 'chainAfter', 'domain', 'feeAccountIndex', 'chunks[0]', 'chunks[1]']);
    expect(r.publicSignals).toHaveLength(publicSignalCount(2));
    const inputAt = (name: string): unknown => {
      const [, array, index] = /^(\w+)\[(\d+)\]$/.exec(name) ?? [];
      return array === undefined ? r.circuitInput[name] : (r.circuitInput[array] as string[])[Number(index)];
    };
    expect(r.publicSignals.map(String)).toEqual(names.map(inputAt));
    expect(batchSizeOfPublicSignals(r.publicSignals.length)).toBe(2);
  });
});

describe('checkSignedOperation: what a signer can check before signing', () => {
  const state = worldWith([1000n, 500n]);
  const fault = (op: TransferOp | WithdrawOp) => {
    try {
      state.checkSignedOperation(op, 'op');
    } catch (error) {
      return { code: (error as ZkrError).code, field: (error as ZkrError).field };
    }
    return undefined;
  };

  test('a transfer beyond the balance is InsufficientBalance naming the amount', () => {
    expect(fault({ type: 'transfer', from: 1, to: 2, amount: 1000n, fee: 1n })).toEqual({ code: 'core.insufficient_balance', field: 'op.amount' });
  });

  test('an index beyond the tree (depth 8: 2^8 leaves) is InvalidOperation naming it', () => {
    expect(fault({ type: 'transfer', from: 1, to: 256, amount: 1n, fee: 0n })).toEqual({ code: 'core.invalid_operation', field: 'op.to' });
    expect(fault({ type: 'withdraw', from: 256, amount: 1n, fee: 0n, l1Address: L1_ADDRESS })).toEqual({ code: 'core.invalid_operation', field: 'op.from' });
  });

  test('an empty recipient is UnknownAccount; a covered transfer passes and returns the sender', () => {
    expect(fault({ type: 'transfer', from: 1, to: 9, amount: 1n, fee: 0n })).toEqual({ code: 'core.unknown_account', field: 'op.to' });
    expect(state.checkSignedOperation({ type: 'transfer', from: 1, to: 2, amount: 999n, fee: 1n }).balance).toBe(1000n);
  });
});
