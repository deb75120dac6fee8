// The batch circuit agrees with @zkr/core: for valid batches the witness exists, satisfies the
// r1cs, and carries core's public signals (spec §6.1) in order; one batch is proven end to end.
// Every test runs against the monolithic and the linked build.
import { FIELD_MODULUS, publicKeyOf, type BatchResult, type Operation, type RollupState } from '@zkr/core';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import * as snarkjs from 'snarkjs';
import { compileCircuit, setupCircuit, type CompiledCircuit } from '../src/index.js';
import { BUILDS, checkEdited, terminate, values, witness } from './helpers/witness.js';
import { apply, DOMAIN, KEYS, transfer, withdraw, world } from './helpers/world.js';

afterAll(terminate);

async function expectAccepted(circuit: CompiledCircuit, result: BatchResult): Promise<void> {
  const wtns = await witness(circuit, result.circuitInput);
  expect(await snarkjs.wtns.check(circuit.r1cs, wtns)).toBe(true);
  // Wire 0 is the constant 1; the public inputs follow in declaration order (no outputs).
  const publicWires = values(wtns).slice(1, 1 + result.publicSignals.length);
  expect(publicWires).toEqual([...result.publicSignals]);
}

/** What a slot should do; turned into a valid operation against the state of that moment. */
type Intent =
  | { kind: 'noop' }
  | { kind: 'transfer'; from: number; to: number; amount: bigint; fee: bigint }
  | { kind: 'withdraw'; from: number; amount: bigint; fee: bigint }
  | { kind: 'create'; index: number; amount: bigint; tokenId: bigint }
  | { kind: 'topUp'; index: number; amount: bigint }
  | { kind: 'forcedExit'; index: number };

const user = fc.integer({ min: 0, max: 3 });
const small = fc.bigInt({ min: 0n, max: 400n });
const intent: fc.Arbitrary<Intent> = fc.oneof(
  fc.constant({ kind: 'noop' as const }),
  fc.record({ kind: fc.constant('transfer' as const), from: user, to: user, amount: small, fee: fc.bigInt({ min: 0n, max: 9n }) }),
  fc.record({ kind: fc.constant('withdraw' as const), from: user, amount: small, fee: fc.bigInt({ min: 0n, max: 9n }) }),
  fc.record({ kind: fc.constant('create' as const), index: fc.integer({ min: 4, max: 255 }), amount: small, tokenId: fc.bigInt({ min: 0n, max: 1n }) }),
  fc.record({ kind: fc.constant('topUp' as const), index: user, amount: small }),
  fc.record({ kind: fc.constant('forcedExit' as const), index: fc.integer({ min: 1, max: 3 }) }),
);

/**
 * Makes each intent a valid operation on `state` (queueing the priority entries it needs),
 * checked by applying the batch so far with it; an intent core refuses becomes a noop. A shadow
 * copy, each operation applied alone, gives the nonces and balances to sign with.
 */
function realise(state: RollupState, intents: readonly Intent[]): Operation[] {
  const shadow = state.clone();
  const chosen: Operation[] = [];
  return intents.map((it): Operation => {
    const tryOp = (op: Operation, queue?: Parameters<RollupState['enqueuePriority']>[0]): Operation => {
      // The whole prefix, not the operation alone: fees reach the fee account at the batch's end,
      // so a fee-paying slot does not fund a later slot of the fee account's own.
      const probe = state.clone();
      if (queue) probe.enqueuePriority(queue);
      try {
        probe.applyBatch({ operations: [...chosen, op], batchSize: chosen.length + 1, feeAccountIndex: 0, domain: DOMAIN });
      } catch {
        chosen.push({ type: 'noop' });
        return { type: 'noop' };
      }
      chosen.push(op);
      if (queue) {
        state.enqueuePriority(queue);
        shadow.enqueuePriority(queue);
      }
      shadow.applyBatch({ operations: [op], batchSize: 1, feeAccountIndex: 0, domain: DOMAIN });
      return op;
    };
    // Fees are paid in token 0 (the fee account's); token-1 senders pay none.
    const feeFor = (from: number, fee: bigint): bigint => (shadow.account(from)?.tokenId === 0n ? fee : 0n);
    switch (it.kind) {
      case 'noop':
        return tryOp({ type: 'noop' });
      case 'transfer':
        return tryOp(transfer(shadow, { from: it.from, to: it.to, amount: it.amount, fee: feeFor(it.from, it.fee) }));
      case 'withdraw':
        return tryOp(withdraw(shadow, { from: it.from, amount: it.amount, fee: feeFor(it.from, it.fee) }));
      case 'create':
        return tryOp(
          { type: 'deposit', accountIndex: it.index },
          { type: 'deposit', accountIndex: it.index, tokenId: it.tokenId, amount: it.amount, ...publicKeyOf(KEYS[4]!) },
        );
      case 'topUp': {
        const tokenId = shadow.account(it.index)?.tokenId ?? 0n;
        return tryOp({ type: 'deposit', accountIndex: it.index }, { type: 'deposit', accountIndex: it.index, tokenId, amount: it.amount, ax: 0n, ay: 0n });
      }
      case 'forcedExit': {
        const account = shadow.account(it.index);
        const entry = { type: 'forcedExit' as const, accountIndex: it.index, tokenId: account?.tokenId ?? 0n, amount: 0n, ax: 0n, ay: 0n };
        return tryOp({ type: 'forcedExit', accountIndex: it.index, amount: account?.balance ?? 0n }, entry);
      }
    }
    // The switch covers every kind: TypeScript rejects this line if one is left out.
    return it satisfies never;
  });
}

describe.each(BUILDS('batch_2_d8'))('%s', (name) => {
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileCircuit({ name });
  }, 300_000);

  describe('against @zkr/core', () => {
    test('a transfer and a withdraw', async () => {
      const state = world();
      await expectAccepted(
        circuit,
        apply(
          state,
          realise(state, [
            { kind: 'transfer', from: 1, to: 2, amount: 300n, fee: 2n },
            { kind: 'withdraw', from: 1, amount: 100n, fee: 1n },
          ]),
        ),
      );
    });

    test('a transfer to oneself pays only the fee', async () => {
      const state = world();
      await expectAccepted(circuit, apply(state, [transfer(state, { from: 1, to: 1, amount: 999n, fee: 1n })]));
    });

    test('a creating deposit of the fee account itself, then a fee paid to it', async () => {
      const state = world();
      const key = publicKeyOf(KEYS[4]!);
      state.enqueuePriority({ type: 'deposit', accountIndex: 9, tokenId: 0n, amount: 0n, ...key });
      const ops: Operation[] = [{ type: 'deposit', accountIndex: 9 }, transfer(state, { from: 1, to: 2, amount: 5n, fee: 4n })];
      await expectAccepted(circuit, state.applyBatch({ operations: ops, batchSize: 2, feeAccountIndex: 9, domain: DOMAIN }));
    });

    test('balance edges: a sender spends its whole balance, a receiver reaches 2^128 - 1', async () => {
      const state = world([1000n, (1n << 128n) - 1n - 990n, 700n]);
      await expectAccepted(circuit, apply(state, [transfer(state, { from: 1, to: 2, amount: 990n, fee: 10n })]));
      expect(state.account(1)!.balance).toBe(0n);
      expect(state.account(2)!.balance).toBe((1n << 128n) - 1n);
    });

    test('every op type, two per batch: create + top-up, forced exit + withdraw, transfer + noop', async () => {
      const batches: Intent[][] = [
        [
          { kind: 'create', index: 200, amount: 50n, tokenId: 1n },
          { kind: 'topUp', index: 3, amount: 9n },
        ],
        [
          { kind: 'forcedExit', index: 2 },
          { kind: 'withdraw', from: 1, amount: 10n, fee: 2n },
        ],
        [{ kind: 'transfer', from: 3, to: 3, amount: 1n, fee: 0n }, { kind: 'noop' }],
      ];
      for (const intents of batches) {
        const state = world();
        const ops = realise(state, intents);
        expect(ops.map((op) => op.type)).toEqual(intents.map((it) => ({ create: 'deposit', topUp: 'deposit' })[it.kind as string] ?? it.kind));
        await expectAccepted(circuit, apply(state, ops));
      }
    });

    test('random valid batches: witness satisfies the r1cs and public signals equal core', async () => {
      await fc.assert(
        fc.asyncProperty(fc.tuple(intent, intent), async (intents) => {
          const state = world();
          await expectAccepted(circuit, apply(state, realise(state, intents)));
        }),
        { numRuns: 8 },
      );
    });
  });

  describe('hint-computed signals (edited witness, snarkjs r1cs check)', () => {
    // Each edit flips a value the witness calculator derived with `<--`; the r1cs must notice.
    async function creatingDeposit() {
      const state = world();
      state.enqueuePriority({ type: 'deposit', accountIndex: 9, tokenId: 0n, amount: 10n, ...publicKeyOf(KEYS[4]!) });
      return apply(state, [{ type: 'deposit', accountIndex: 9 }]).circuitInput;
    }

    test('the unedited witness passes', async () => {
      expect(await checkEdited(circuit, await creatingDeposit(), {})).toBe(true);
    });

    test('a creating deposit cannot claim its key is zero (the top-up path, no empty-leaf check)', async () => {
      const input = await creatingDeposit();
      expect(await checkEdited(circuit, input, { 'main.slots[0].axZero.out': 1n, 'main.slots[0].ayZero.out': 1n })).toBe(false);
    });

    test('a signed op cannot claim its token equals the fee token', async () => {
      const state = world();
      const input = apply(state, [withdraw(state, { from: 3, amount: 5n, fee: 0n })]).circuitInput;
      expect(await checkEdited(circuit, input, { 'main.slots[0].feeToken.out': 1n })).toBe(false);
    });

    test('a noop slot cannot become a transfer through the inverse hint of its type check', async () => {
      const state = world();
      const input = apply(state, [transfer(state, { from: 1, to: 2, amount: 5n, fee: 0n })]).circuitInput;
      // Slot 1 is a noop: its "type == 2" IsZero holds in = -2, inv = -1/2; inv = 0 would read as equal.
      expect(await checkEdited(circuit, input, { 'main.slots[1].op.eq[2].isz.inv': 0n })).toBe(false);
    });

    test('range-check bits cannot be replaced: a high bit of the new sender balance set to 1', async () => {
      const state = world();
      const input = apply(state, [transfer(state, { from: 1, to: 2, amount: 5n, fee: 0n })]).circuitInput;
      // Bit 127 is folded into the others by --O2; bit 126 is a wire of its own.
      expect(await checkEdited(circuit, input, { 'main.slots[0].aBalanceBits.out[126]': 1n })).toBe(false);
    });
  });

  describe('Groth16 round trip (insecure dev setup)', () => {
    test('a proof of a core batch verifies with core public signals; an input aliased by + r does not', async () => {
      const artifacts = await setupCircuit({ name });
      const state = world();
      const result = apply(state, [transfer(state, { from: 1, to: 2, amount: 7n, fee: 1n })]);
      const { proof, publicSignals } = await snarkjs.groth16.prove(artifacts.zkey, await witness(circuit, result.circuitInput));
      expect(publicSignals).toEqual(result.publicSignals.map(String));
      const vkey: unknown = JSON.parse(await readFile(artifacts.vkey, 'utf8'));
      expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).toBe(true);
      const aliased = [...publicSignals];
      aliased[6] = (BigInt(aliased[6]!) + FIELD_MODULUS).toString();
      expect(await snarkjs.groth16.verify(vkey, aliased, proof)).toBe(false);
    }, 600_000);
  });
});
