// The batch circuit agrees with @zkr/core: for valid batches the witness exists, satisfies the
// r1cs, and carries core's public signals (spec §6.1) in order.
import type { BatchResult } from '@zkr/core';
import * as snarkjs from 'snarkjs';
import { compileCircuit, type CompiledCircuit } from '../src/index.js';
import { terminate, values, witness } from './helpers/witness.js';
import { apply, DOMAIN, transfer, withdraw, world } from './helpers/world.js';

let circuit: CompiledCircuit;
beforeAll(async () => {
  circuit = await compileCircuit({ name: 'batch_2_d8' });
}, 300_000);
afterAll(terminate);

async function expectAccepted(result: BatchResult): Promise<void> {
  const wtns = await witness(circuit, result.circuitInput);
  expect(await snarkjs.wtns.check(circuit.r1cs, wtns)).toBe(true);
  // Wire 0 is the constant 1; the public inputs follow in declaration order (no outputs).
  const publicWires = values(wtns).slice(1, 1 + result.publicSignals.length);
  expect(publicWires).toEqual([...result.publicSignals]);
}

describe('batch_2_d8 against @zkr/core', () => {
  test('a transfer and a withdraw', async () => {
    const state = world();
    const t = transfer(state, { from: 1, to: 2, amount: 300n, fee: 2n });
    const after = state.clone();
    after.applyBatch({ operations: [t], batchSize: 1, feeAccountIndex: 0, domain: DOMAIN });
    const w = withdraw(after, { from: 1, amount: 100n, fee: 1n });
    await expectAccepted(apply(state, [t, w]));
  }, 60_000);
});
