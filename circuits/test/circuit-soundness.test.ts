// Malicious witnesses: each test starts from a valid batch made by @zkr/core, changes it the
// way an attacker would (bypassing every TypeScript check, re-signing where the attacker owns
// the key), and asserts the circuit rejects it at the rule that guards that case.
import {
  buildCircuitInput,
  emptySlotWitness,
  FIELD_MODULUS,
  nextPriorityChain,
  operationChunk,
  publicKeyOf,
  RollupState,
  signingMessage,
  signMessage,
  type Account,
  type CircuitInput,
  type Operation,
  type SignedOperation,
  type TransferOp,
} from '@zkr/core';
import { compileCircuit, type CompiledCircuit } from '../src/index.js';
import { apply, DOMAIN, KEYS, transfer, withdraw, world } from './helpers/world.js';
import { craftedKey, FORGED_SIGNATURE, SMALL_ORDER_KEYS, type Point } from './helpers/forgeable-keys.js';
import { BUILDS, CIRCOMLIB_DIR, clone, compileTemplate, constraintAt, rejection, satisfies, terminate } from './helpers/witness.js';

type Mutable = Record<string, string | string[] | string[][] | string[][][]>;
const slot = (input: Mutable, name: string): string[] => input[name] as string[];

/** Puts `op` (signed by its sender's key over `nonce`) into slot 0 in place of the honest op. */
function forge(input: CircuitInput, op: SignedOperation, nonce: bigint, domain = DOMAIN): Mutable {
  const forged = clone(input) as Mutable;
  const sig = signMessage(KEYS[op.from]!, signingMessage({ domain, op, nonce }));
  slot(forged, 'chunks')[0] = operationChunk(op).toString();
  slot(forged, 'sigR8x')[0] = sig.r8x.toString();
  slot(forged, 'sigR8y')[0] = sig.r8y.toString();
  slot(forged, 'sigS')[0] = sig.s.toString();
  return forged;
}

/** The first (innermost) template of the failed assertion. */
const firstFailure = (message: string): string => /Error in template (\w+?)_\d+/.exec(message)?.[1] ?? message;

/**
 * The witness of a transfer 1 -> `to` that core refuses: A's update is the same as a withdraw of
 * amount + fee (same debit, same nonce step), so core's withdraw gives the intermediate root and
 * B's proof against it; B is whatever the tree holds at `to`.
 */
function forgedTransfer(state: RollupState, to: number, amount: bigint, fee: bigint): Mutable {
  const mid = state.clone();
  const honest = apply(mid, [withdraw(mid, { from: 1, amount, fee })]).circuitInput;
  const forged = forge(honest, { type: 'transfer', from: 1, to, amount, fee }, state.account(1)!.nonce);
  const receiver = mid.account(to) ?? { ax: 0n, ay: 0n, tokenId: 0n, balance: 0n, nonce: 0n };
  slot(forged, 'bAx')[0] = receiver.ax.toString();
  slot(forged, 'bAy')[0] = receiver.ay.toString();
  slot(forged, 'bTokenId')[0] = receiver.tokenId.toString();
  slot(forged, 'bBalance')[0] = receiver.balance.toString();
  slot(forged, 'bNonce')[0] = receiver.nonce.toString();
  (forged['bSiblings'] as string[][][])[0] = mid.proof(to).map((l) => l.map(String));
  return forged;
}

/**
 * The circuit input of a one-transfer batch built without core's rule checks: the tree updates
 * of spec §6.2 done by hand (A, then B, then the fee credit to account 0), on a copy of `state`
 * with the `planted` accounts written in first.
 */
function unchecked(state: RollupState, op: TransferOp, planted: Record<number, Account> = {}): CircuitInput {
  const s = state.clone();
  for (const [index, account] of Object.entries(planted)) s.writeAccount(Number(index), account);
  const oldRoot = s.root;
  const chain = s.priorityChain(s.consumedPriority);
  const a = s.account(op.from)!;
  const aSiblings = s.proof(op.from);
  s.writeAccount(op.from, { ...a, balance: a.balance - op.amount - op.fee, nonce: a.nonce + 1n });
  const b = s.account(op.to)!;
  const bSiblings = s.proof(op.to);
  s.writeAccount(op.to, { ...b, balance: b.balance + op.amount });
  const fee = s.account(0)!;
  const feeSiblings = s.proof(0);
  s.writeAccount(0, { ...fee, balance: fee.balance + op.fee });
  const transferSlot = { ...emptySlotWitness(s.proof(0)), a, aSiblings, b, bSiblings, signature: op.signature! };
  return buildCircuitInput({
    publicSignals: { oldRoot, newRoot: s.root, chainBefore: chain, chainAfter: chain, domain: DOMAIN, feeAccountIndex: 0n, chunks: [operationChunk(op), 0n] },
    slots: [transferSlot, emptySlotWitness(s.proof(0))],
    fee: { account: fee, siblings: feeSiblings },
  });
}

/** world() with account 1's nonce set to `nonce`. */
function worldAtNonce(nonce: bigint): RollupState {
  const json = world().toJSON();
  return RollupState.fromJSON({ ...json, accounts: json.accounts.map((a) => (a.index === 1 ? { ...a, nonce: nonce.toString() } : a)) });
}

afterAll(terminate);

describe.each(BUILDS('batch_2_d8'))('%s', (name) => {
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileCircuit({ name });
  }, 300_000);

  describe('the honest baseline', () => {
    test('a valid transfer + withdraw batch satisfies the r1cs', async () => {
      const state = world();
      const r = apply(state, [transfer(state, { from: 1, to: 2, amount: 100n, fee: 1n }), withdraw(state, { from: 2, amount: 5n, fee: 0n })]);
      expect(await satisfies(circuit, r.circuitInput)).toBe(true);
    });
  });

  describe('signatures', () => {
    test('bad signature: S altered', async () => {
      const state = world();
      const input = clone(apply(state, [transfer(state, { from: 1, to: 2, amount: 100n, fee: 1n })]).circuitInput) as Mutable;
      slot(input, 'sigS')[0] = (BigInt(slot(input, 'sigS')[0]!) + 1n).toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('ForceEqualIfEnabled');
      expect(await rejection(circuit, input)).toMatch(/OperationSignature/);
    });

    test('signature for another domain (another chain or rollup)', async () => {
      const state = world();
      const op = transfer(state, { from: 1, to: 2, amount: 100n, fee: 1n });
      const input = apply(state, [op]).circuitInput;
      const otherDomain = DOMAIN + 1n;
      expect(await rejection(circuit, forge(input, op, 0n, otherDomain))).toMatch(/OperationSignature/);
    });

    test('wrong nonce: a signature over another nonce (a replay) is refused', async () => {
      const state = world();
      const op = transfer(state, { from: 1, to: 2, amount: 100n, fee: 1n });
      const input = apply(state, [op]).circuitInput;
      expect(await rejection(circuit, forge(input, op, 1n))).toMatch(/OperationSignature/);
    });

    test('withdraw with altered amount or L1 address keeps the old signature and is refused', async () => {
      const state = world();
      const op = withdraw(state, { from: 1, amount: 50n, fee: 1n });
      const honest = apply(state, [op]).circuitInput;
      for (const altered of [
        { ...op, amount: 60n },
        { ...op, l1Address: `0x${'66'.repeat(20)}` },
      ]) {
        const input = clone(honest) as Mutable;
        slot(input, 'chunks')[0] = operationChunk(altered).toString();
        expect(await rejection(circuit, input)).toMatch(/OperationSignature/);
      }
    });
  });

  describe('account keys (issue 15)', () => {
    /**
     * Account 4 (token 0, balance 1000) owned by `key`, to be written past core's key checks:
     * before issue 15 the circuit and the contract let a creating deposit carry any key.
     */
    const ownedBy = ([ax, ay]: Point): Record<number, Account> => ({ 4: { ax, ay, tokenId: 0n, balance: 1000n, nonce: 0n } });
    const drain: TransferOp = { type: 'transfer', from: 4, to: 1, amount: 1000n, fee: 0n, signature: FORGED_SIGNATURE };

    const ON_CURVE = '168700 * keyX2 + keyY2 === 1 + 168696 * keyX2 * keyY2;';

    test('forged transfer out of an account with a crafted off-curve key: refused by the on-curve check', async () => {
      const input = unchecked(world(), drain, ownedBy(craftedKey()));
      expect(await rejection(circuit, input)).toMatch(await constraintAt('signature.circom', ON_CURVE));
    });

    test('the same forged transfer satisfies the batch circuit as it was before issue 15 (without the on-curve check)', async () => {
      const withoutCheck = await compileTemplate('t_batch_2_d8_without_on_curve_check', 'batch.circom', 'Batch(2, 4)', (file, text) => {
        if (file !== 'signature.circom') return text;
        if (!text.includes(ON_CURVE)) throw new Error(`signature.circom no longer holds ${ON_CURVE}`);
        return text.replace(ON_CURVE, '');
      });
      expect(await satisfies(withoutCheck, unchecked(world(), drain, ownedBy(craftedKey())))).toBe(true);
    });

    test.each(SMALL_ORDER_KEYS)("forged transfer out of an account with the small-order key %s: refused by circomlib's x(4A) != 0 guard", async (_, key) => {
      const input = unchecked(world(), drain, ownedBy(key));
      expect(await rejection(circuit, input)).toMatch(await constraintAt('eddsaposeidon.circom', 'isZero.out*enabled === 0', CIRCOMLIB_DIR));
    });
  });

  describe('balances', () => {
    test('insufficient balance: amount + fee > balance, also with a wrap-around amount', async () => {
      for (const amount of [1000n, 10n ** 39n]) {
        const state = world([1000n, 500n, 700n]);
        const honest = apply(state.clone(), [transfer(state, { from: 1, to: 2, amount: 1n, fee: 1n })]).circuitInput;
        const forged = forge(honest, { type: 'transfer', from: 1, to: 2, amount, fee: 1n }, 0n);
        const message = await rejection(circuit, forged);
        expect(firstFailure(message)).toBe('Num2Bits');
        expect(message).toMatch(/Num2Bits_\d+ line: \d+\nError in template Slot/);
      }
    });

    test('receiver balance overflow past 2^128', async () => {
      const state = world([1000n, 2n ** 128n - 5n, 700n]);
      const honest = apply(state.clone(), [transfer(state, { from: 1, to: 2, amount: 1n, fee: 0n })]).circuitInput;
      const message = await rejection(circuit, forge(honest, { type: 'transfer', from: 1, to: 2, amount: 10n, fee: 0n }, 0n));
      expect(message).toMatch(/Num2Bits_\d+ line: \d+\nError in template Slot/);
    });
  });

  describe('nonces', () => {
    test("the hand-built input of a valid transfer equals core's (the builder below is honest)", async () => {
      const state = worldAtNonce(5n);
      const op = transfer(state, { from: 1, to: 2, amount: 10n, fee: 1n });
      expect(unchecked(state, op)).toEqual(apply(state.clone(), [op]).circuitInput);
    });

    test('nonce overflow: the last nonce 2^32 - 2 -> 2^32 - 1 is accepted, 2^32 - 1 -> 2^32 is refused', async () => {
      const last = worldAtNonce(2n ** 32n - 2n);
      expect(await satisfies(circuit, unchecked(last, transfer(last, { from: 1, to: 2, amount: 10n, fee: 1n })))).toBe(true);
      const full = worldAtNonce(2n ** 32n - 1n);
      const message = await rejection(circuit, unchecked(full, transfer(full, { from: 1, to: 2, amount: 10n, fee: 1n })));
      expect(message).toMatch(await constraintAt('slot.circom', 'aNonceBits.in <== aNewNonce'));
    });
  });

  describe('accounts and tokens', () => {
    test('token mismatch between sender and receiver', async () => {
      const state = world(); // account 3 holds token 1, the sender token 0
      const message = await rejection(circuit, forgedTransfer(state, 3, 10n, 0n));
      expect(message).toMatch(await constraintAt('slot.circom', 'op.isTransfer * (bTokenId - aTokenId) === 0'));
    });

    test('receiver does not exist (empty leaf)', async () => {
      const state = world();
      const message = await rejection(circuit, forgedTransfer(state, 7, 10n, 0n));
      expect(firstFailure(message)).toBe('LeafUpdate');
    });

    test('wrong Merkle proof or stale root', async () => {
      const state = world();
      const staleRoot = state.root;
      const op = transfer(state, { from: 1, to: 2, amount: 1n, fee: 0n });
      apply(state, [op]);
      const input = clone(apply(state, [transfer(state, { from: 2, to: 1, amount: 1n, fee: 0n })]).circuitInput) as Mutable;
      const stale = { ...input, oldRoot: staleRoot.toString() };
      expect(firstFailure(await rejection(circuit, stale))).toBe('LeafUpdate');
      const tampered = clone(input);
      (tampered['aSiblings'] as string[][][])[0]![1]![2] = '12345';
      expect(firstFailure(await rejection(circuit, tampered))).toBe('LeafUpdate');
    });

    test('creating deposit on an existing leaf', async () => {
      const state = world();
      const key = publicKeyOf(KEYS[2]!);
      state.enqueuePriority({ type: 'deposit', accountIndex: 4, tokenId: 0n, amount: 10n, ...key });
      const chainBefore = state.priorityChain(state.consumedPriority);
      const input = clone(apply(state.clone(), [{ type: 'deposit', accountIndex: 4 }]).circuitInput) as Mutable;
      // The attacker points the same creating entry at account 1, which holds funds.
      slot(input, 'chunks')[0] = operationChunk({ type: 'deposit', accountIndex: 1 }).toString();
      (input['aSiblings'] as string[][][])[0] = state.proof(1).map((l) => l.map(String));
      input['chainAfter'] = nextPriorityChain(chainBefore, { type: 'deposit', accountIndex: 1, tokenId: 0n, amount: 10n, ...key }).toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('LeafUpdate');
    });

    test('top-up naming another token than the account holds', async () => {
      const state = world(); // account 3 holds token 1
      const honest = state.clone();
      honest.enqueuePriority({ type: 'deposit', accountIndex: 3, tokenId: 1n, amount: 5n, ax: 0n, ay: 0n });
      const input = clone(apply(honest, [{ type: 'deposit', accountIndex: 3 }]).circuitInput) as Mutable;
      // The queue holds a token-0 top-up of account 3; the attacker credits it in token 1.
      const entry = { type: 'deposit' as const, accountIndex: 3, tokenId: 0n, amount: 5n, ax: 0n, ay: 0n };
      slot(input, 'pTokenId')[0] = '0';
      input['chainAfter'] = nextPriorityChain(state.priorityChain(state.consumedPriority), entry).toString();
      expect(await rejection(circuit, input)).toMatch(await constraintAt('slot.circom', '(isTopUp + op.isExit) * (aTokenId - pTokenId) === 0'));
    });

    test('forced exit amount different from the balance', async () => {
      const state = world();
      state.enqueuePriority({ type: 'forcedExit', accountIndex: 1, tokenId: 0n, amount: 0n, ax: 0n, ay: 0n });
      const input = clone(apply(state, [{ type: 'forcedExit', accountIndex: 1, amount: 1000n }]).circuitInput) as Mutable;
      slot(input, 'chunks')[0] = operationChunk({ type: 'forcedExit', accountIndex: 1, amount: 999n }).toString();
      expect(await rejection(circuit, input)).toMatch(await constraintAt('slot.circom', 'op.isExit * (op.exitAmount - aBalance) === 0'));
    });
  });

  describe('priority queue', () => {
    function depositBatch(): { state: RollupState; input: Mutable } {
      const state = world();
      state.enqueuePriority({ type: 'deposit', accountIndex: 1, tokenId: 0n, amount: 7n, ax: 0n, ay: 0n });
      state.enqueuePriority({ type: 'deposit', accountIndex: 2, tokenId: 0n, amount: 9n, ax: 0n, ay: 0n });
      const ops: Operation[] = [
        { type: 'deposit', accountIndex: 1 },
        { type: 'deposit', accountIndex: 2 },
      ];
      return { state, input: clone(apply(state.clone(), ops).circuitInput) as Mutable };
    }

    test('deposit with a different amount than queued', async () => {
      const { input } = depositBatch();
      // In the last slot, so the first check to see it is the chain's, not a later slot's proof.
      slot(input, 'pAmount')[1] = '90';
      expect(firstFailure(await rejection(circuit, input))).toBe('BatchTail');
    });

    test('skipped deposit: the batch starts after the next queue entry', async () => {
      const { state, input } = depositBatch();
      input['chainBefore'] = state.priorityChain(state.consumedPriority + 1).toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('BatchTail');
    });

    test('reordered deposits', async () => {
      const { input } = depositBatch();
      const swap = (name: string): void => {
        const values = slot(input, name);
        [values[0], values[1]] = [values[1]!, values[0]!];
      };
      ['chunks', 'pTokenId', 'pAmount', 'pAx', 'pAy', 'aAx', 'aAy', 'aTokenId', 'aBalance', 'aNonce'].forEach(swap);
      await expect(rejection(circuit, input)).resolves.toMatch(/Error in template/);
    });
  });

  describe('noops, fees and the new root', () => {
    test('a noop cannot change the state: a claimed new root is refused', async () => {
      const state = world();
      const input = clone(apply(state.clone(), []).circuitInput) as Mutable;
      const changed = state.clone();
      apply(changed, [transfer(changed, { from: 1, to: 2, amount: 5n, fee: 0n })]);
      input['newRoot'] = changed.root.toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('BatchTail');
    });

    test('newRoot mismatch', async () => {
      const state = world();
      const input = clone(apply(state, [transfer(state, { from: 1, to: 2, amount: 5n, fee: 1n })]).circuitInput) as Mutable;
      input['newRoot'] = (BigInt(input['newRoot'] as string) + 1n).toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('BatchTail');
    });

    test('fee to the wrong account', async () => {
      const state = world();
      const input = clone(apply(state, [transfer(state, { from: 1, to: 2, amount: 5n, fee: 3n })]).circuitInput) as Mutable;
      input['feeAccountIndex'] = '1';
      expect(firstFailure(await rejection(circuit, input))).toBe('LeafUpdate');
    });

    test("fee in a token other than the fee account's", async () => {
      const state = world(); // account 3 holds token 1; the fee account token 0
      const key = KEYS[3]!;
      const honestOp = { type: 'withdraw' as const, from: 3, amount: 10n, fee: 0n, l1Address: `0x${'c0'.repeat(20)}` };
      const signed = { ...honestOp, signature: signMessage(key, signingMessage({ domain: DOMAIN, op: honestOp, nonce: 0n })) };
      const honest = apply(state.clone(), [signed]).circuitInput;
      const forgedOp = { ...honestOp, fee: 1n };
      const input = clone(honest) as Mutable;
      const sig = signMessage(key, signingMessage({ domain: DOMAIN, op: forgedOp, nonce: 0n }));
      slot(input, 'chunks')[0] = operationChunk(forgedOp).toString();
      slot(input, 'sigR8x')[0] = sig.r8x.toString();
      slot(input, 'sigR8y')[0] = sig.r8y.toString();
      slot(input, 'sigS')[0] = sig.s.toString();
      expect(await rejection(circuit, input)).toMatch(await constraintAt('slot.circom', 'op.fee * (1 - feeToken.out) === 0'));
    });
  });

  describe('canonical inputs', () => {
    const noopBatch = (): Mutable => clone(apply(world(), []).circuitInput) as Mutable;

    test('chunk >= 2^248 is refused', async () => {
      const input = noopBatch();
      slot(input, 'chunks')[0] = (1n << 248n).toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('Num2Bits');
    });

    test('non-zero padding after an op is refused', async () => {
      const state = world();
      const input = clone(apply(state, [transfer(state, { from: 1, to: 2, amount: 5n, fee: 0n })]).circuitInput) as Mutable;
      slot(input, 'chunks')[0] = (BigInt(slot(input, 'chunks')[0]!) + 1n).toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('ChunkDecode');
      const noop = noopBatch();
      slot(noop, 'chunks')[1] = '1';
      expect(firstFailure(await rejection(circuit, noop))).toBe('ChunkDecode');
    });

    test('unknown op type is refused', async () => {
      const input = noopBatch();
      slot(input, 'chunks')[0] = (5n << 240n).toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('ChunkDecode');
    });

    test('account index >= 2^depth is refused', async () => {
      const input = noopBatch();
      slot(input, 'chunks')[0] = operationChunk({ type: 'deposit', accountIndex: 256 }).toString();
      expect(firstFailure(await rejection(circuit, input))).toBe('ChunkDecode');
    });

    describe('field edges of range-checked inputs', () => {
      const r = FIELD_MODULUS;
      test.each([
        ['chunk', 0n, true],
        ['chunk', (1n << 248n) - 1n, false],
        ['chunk', 1n << 248n, false],
        ['chunk', r - 1n, false],
        ['feeAccountIndex', 255n, false], // in range, but no account there
        ['feeAccountIndex', 256n, false],
        ['feeAccountIndex', r - 1n, false],
        ['pAmount', (1n << 128n) - 1n, true], // unused slot: any in-range value is inert
        ['pAmount', 1n << 128n, false],
        ['pAmount', r - 1n, false],
        ['pTokenId', (1n << 32n) - 1n, true],
        ['pTokenId', 1n << 32n, false],
      ])('%s = %s accepted: %s', async (name, value, accepted) => {
        const input = noopBatch();
        if (name === 'chunk') slot(input, 'chunks')[1] = value.toString();
        else if (name === 'feeAccountIndex') input[name] = value.toString();
        else slot(input, name)[1] = value.toString();
        if (accepted) expect(await satisfies(circuit, input)).toBe(true);
        else await expect(rejection(circuit, input)).resolves.toMatch(/Error in template/);
      });

      test('a value + r is the same field element: r itself reads as 0 (the on-chain verifier rejects public inputs >= r)', async () => {
        const input = noopBatch();
        slot(input, 'chunks')[1] = r.toString();
        expect(await satisfies(circuit, input)).toBe(true);
      });
    });
  });
});
