// A linked circuit (@zkr/circuits, "build": "linked") is proved from its circuit input like any
// other: the worker finds its link plan where a wasm would be and runs the parts' witness code.
import { computeDomain, publicKeyOf, RollupState } from '@zkr/core';
import { setupCircuit, terminateSnarkjsCurve, type CircuitArtifacts } from '@zkr/circuits';
import { createProver, WitnessError } from '../dist/index.js';

let artifacts: CircuitArtifacts;
beforeAll(async () => {
  artifacts = await setupCircuit({ name: 'batch_1_d8_linked' });
  await terminateSnarkjsCurve();
}, 600_000);

function depositBatch(amount: bigint): { input: Record<string, unknown>; publicSignals: string[] } {
  const state = RollupState.empty({ depth: 8 });
  state.enqueuePriority({ type: 'deposit', accountIndex: 0, tokenId: 0n, amount, ...publicKeyOf(new Uint8Array(32).fill(1)) });
  const result = state.applyBatch({
    operations: [{ type: 'deposit', accountIndex: 0 }],
    batchSize: 1,
    feeAccountIndex: 0,
    domain: computeDomain(31337n, `0x${'5f'.repeat(20)}`),
  });
  return { input: result.circuitInput as unknown as Record<string, unknown>, publicSignals: result.publicSignals.map(String) };
}

test('a proof of batch_1_d8_linked verifies with the public signals of core; a bad input is a WitnessError naming the template', async () => {
  await using prover = createProver({ circuits: { linked: artifacts }, workers: 1, selfCheck: true });
  const { input, publicSignals } = depositBatch(5n);
  const result = await prover.prove('linked', input);
  expect(result.publicSignals).toEqual(publicSignals);
  expect(await prover.verify('linked', result.proof, result.publicSignals)).toBe(true);
  const wrongRoot = { ...input, newRoot: '1' };
  const failure = await prover.prove('linked', wrongRoot).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(WitnessError);
  expect((failure as WitnessError).templates[0]).toMatch(/^BatchTail_\d+ line: \d+$/);
});
