// The provers own snarkjs' curve together: one prover's close() leaves another's verify working,
// and the last close ends the curve (its threads would keep the process alive). The threads
// option says what a proof really gets: snarkjs proves on one thread or on all cores.
import { availableParallelism } from 'node:os';
import { terminateSnarkjsCurve, type CircuitArtifacts } from '@zkr/circuits';
import { createProver, InputError } from '../dist/index.js';
import { filesOf, fixtureArtifacts } from './fixture.js';

const cachedCurve = (): unknown => (globalThis as { curve_bn128?: unknown }).curve_bn128;

let artifacts: CircuitArtifacts;
beforeAll(async () => {
  artifacts = await fixtureArtifacts();
  await terminateSnarkjsCurve();
}, 600_000);

test("closing one prover does not break another's verify; the last close ends the curve", async () => {
  const first = createProver({ backend: 'snarkjs', circuits: { product: filesOf(artifacts) }, workers: 1 });
  const second = createProver({ backend: 'snarkjs', circuits: { product: filesOf(artifacts) }, workers: 1 });
  try {
    const proved = await first.prove('product', { a: '3', b: '1' });
    expect(await first.verify('product', proved.proof, proved.publicSignals)).toBe(true);
    expect(cachedCurve()).toBeDefined();
    await first.close();
    expect(cachedCurve()).toBeDefined();
    expect(await second.verify('product', proved.proof, proved.publicSignals)).toBe(true);
  } finally {
    await first.close();
    await second.close();
  }
  expect(cachedCurve()).toBeUndefined();
}, 300_000);

describe('threads', () => {
  const cores = availableParallelism();

  test.each([
    ['single', undefined, 'single'],
    ['all', undefined, cores === 1 ? 'single' : 'all'],
    [undefined, 1, 'single'],
    // threadsPerProof above 1 always meant every core under snarkjs; now the prover says so.
    [undefined, 3, cores === 1 ? 'single' : 'all'],
    [undefined, undefined, 'single'],
  ] as const)('snarkjs: threads %s, threadsPerProof %s: %s', async (threads, threadsPerProof, resolved) => {
    await using prover = createProver({
      backend: 'snarkjs',
      circuits: { product: filesOf(artifacts) },
      workers: 1,
      ...(threads ? { threads } : {}),
      ...(threadsPerProof ? { threadsPerProof } : {}),
    });
    expect(prover.threads).toBe(resolved);
  });

  test('snarkjs refuses a thread count it cannot honour, naming the option', () => {
    expect(() => createProver({ backend: 'snarkjs', circuits: { product: filesOf(artifacts) }, threads: cores + 1 })).toThrow(InputError);
    expect(() => createProver({ backend: 'snarkjs', circuits: { product: filesOf(artifacts) }, threads: cores + 1 })).toThrow(
      /^threads: snarkjs proves on one thread or on all/,
    );
    expect(() => createProver({ backend: 'snarkjs', circuits: { product: filesOf(artifacts) }, threads: 0 })).toThrow(InputError);
  });
});
