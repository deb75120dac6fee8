import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { terminateSnarkjsCurve, type CircuitArtifacts } from '@zkr/circuits';
import {
  AbortError,
  ArtifactError,
  createProver,
  InputError,
  ProverError,
  QueueFullError,
  TimeoutError,
  WitnessError,
  WorkerCrashedError,
  type Backend,
} from '../dist/index.js';
import { availableBackends, filesOf, fixtureArtifacts } from './fixture.js';

let artifacts: CircuitArtifacts;
beforeAll(async () => {
  artifacts = await fixtureArtifacts();
  await terminateSnarkjsCurve();
}, 600_000);

const input = (a: number, b = 1): Record<string, string> => ({ a: String(a), b: String(b) });

// The queue is the pool's, whatever the backend: once, with the default one (the faster).
test('1,000 queued jobs all complete, none lost (default backend)', async () => {
  await using prover = createProver({ circuits: { product: filesOf(artifacts) }, workers: 2, threadsPerProof: 1, maxQueue: 1000 });
  const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => prover.prove('product', input(i + 1))));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1000);
  const outputs = new Set(results.map((r) => (r as PromiseFulfilledResult<{ publicSignals: string[] }>).value.publicSignals[1]));
  expect(outputs.size).toBe(1000);
  expect(prover.stats().completed).toBe(1000);
}, 600_000);

// Every test runs on each backend this machine has (native where its addon loads).
describe.each(availableBackends())('%s backend', (backend: Backend) => {
  describe('proving', () => {
    test('concurrent proofs all verify, and report their timings', async () => {
      await using prover = createProver({ backend, circuits: { product: filesOf(artifacts) }, workers: 2, threadsPerProof: 1 });
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map((a) => prover.prove('product', input(a))));
      for (const [i, r] of results.entries()) {
        expect(r.publicSignals[1]).toBe(String(i + 1)); // outputs first, then the public input a
        expect(await prover.verify('product', r.proof, r.publicSignals)).toBe(true);
        expect(r.timings.witnessMs).toBeGreaterThan(0);
        expect(r.timings.proveMs).toBeGreaterThan(0);
      }
      expect(new Set(results.map((r) => r.workerThreadId)).size).toBe(2);
      expect(prover.stats()).toEqual({ backend, pending: 0, completed: 6, failed: 0 });
      expect(results.every((r) => r.backend === backend)).toBe(true);
    });

    test('verify is false for a well-formed proof of other signals, a typed error for a malformed one', async () => {
      await using prover = createProver({ backend, circuits: { product: filesOf(artifacts) }, selfCheck: true });
      const r = await prover.prove('product', input(3));
      expect(await prover.verify('product', r.proof, [r.publicSignals[0]!, '4'])).toBe(false);
      await expect(prover.verify('product', r.proof, ['1'])).rejects.toThrow(/2 public signals/);
      await expect(prover.verify('product', { ...r.proof, pi_a: undefined } as never, r.publicSignals)).rejects.toBeInstanceOf(ProverError);
    });
  });

  describe('failures are typed and contained', () => {
    test('a queue at its limit refuses with QueueFullError', async () => {
      await using prover = createProver({ backend, circuits: { product: filesOf(artifacts) }, maxQueue: 2, threadsPerProof: 1 });
      const running = [prover.prove('product', input(1)), prover.prove('product', input(2))];
      await expect(prover.prove('product', input(3))).rejects.toBeInstanceOf(QueueFullError);
      await Promise.all(running);
    });

    test('abort and timeout', async () => {
      await using prover = createProver({ backend, circuits: { product: filesOf(artifacts) }, threadsPerProof: 1 });
      const controller = new AbortController();
      const aborted = prover.prove('product', input(1), { signal: controller.signal });
      controller.abort();
      await expect(aborted).rejects.toBeInstanceOf(AbortError);
      await expect(prover.prove('product', input(1), { timeoutMs: 1 })).rejects.toBeInstanceOf(TimeoutError);
      // The pool still proves afterwards.
      expect((await prover.prove('product', input(2))).publicSignals[1]).toBe('2');
    });

    test('a worker killed mid-proof is replaced; its job fails with WorkerCrashedError', async () => {
      await using prover = createProver({ backend, circuits: { product: filesOf(artifacts) }, threadsPerProof: 1 });
      await expect(prover.prove('product', input(1), { [Symbol.for('@zkr/prover.crashForTest')]: true })).rejects.toBeInstanceOf(WorkerCrashedError);
      expect((await prover.prove('product', input(5))).publicSignals[1]).toBe('5');
      expect(prover.stats()).toMatchObject({ pending: 0, failed: 1, completed: 1 });
    });

    test('malformed input names the signal', async () => {
      await using prover = createProver({ backend, circuits: { product: filesOf(artifacts) }, threadsPerProof: 1 });
      const unknown = prover.prove('product', { a: '1', b: '1', zz: '3' });
      await expect(unknown).rejects.toBeInstanceOf(InputError);
      await expect(unknown).rejects.toMatchObject({ signal: 'zz' });
      await expect(prover.prove('product', { a: '1' })).rejects.toBeInstanceOf(InputError);
      await expect(prover.prove('product', { a: 'one', b: '1' })).rejects.toBeInstanceOf(InputError);
      await expect(prover.prove('nope', input(1))).rejects.toThrow(/unknown circuit "nope"/);
    });

    test('an input the circuit rejects is a WitnessError naming the template', async () => {
      await using prover = createProver({ backend, circuits: { product: filesOf(artifacts) }, threadsPerProof: 1 });
      const failing = prover.prove('product', input(1, 2));
      await expect(failing).rejects.toBeInstanceOf(WitnessError);
      await expect(failing).rejects.toThrow(/Product_\d+ line: \d+/);
    });

    test('a corrupt zkey or a wrong wasm is an ArtifactError before proving', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zkr-prover-'));
      const corrupt = join(dir, 'corrupt.zkey');
      copyFileSync(artifacts.zkey, corrupt);
      const bytes = readFileSync(corrupt);
      bytes[bytes.length - 10]! ^= 0xff;
      writeFileSync(corrupt, bytes);
      const wrongWasm = join(dir, 'wrong.wasm');
      writeFileSync(wrongWasm, readFileSync(artifacts.wasm).subarray(0, 1000));
      await using prover = createProver({
        backend,
        circuits: {
          corruptZkey: { ...filesOf(artifacts), zkey: corrupt },
          wrongWasm: { ...filesOf(artifacts), wasm: wrongWasm },
          missing: { ...filesOf(artifacts), zkey: join(dir, 'absent.zkey') },
        },
      });
      await expect(prover.prove('corruptZkey', input(1))).rejects.toBeInstanceOf(ArtifactError);
      await expect(prover.prove('wrongWasm', input(1))).rejects.toThrow(/wasm .* does not match the setup manifest/);
      await expect(prover.prove('missing', input(1))).rejects.toThrow(/missing/);
      expect(prover.stats().completed).toBe(0);
    });
  });

  test('a process that creates, uses and closes a prover exits on its own', () => {
    const script = `
      import { createProver } from ${JSON.stringify(fileURLToPath(new URL('../dist/index.js', import.meta.url)))};
      const prover = createProver({ backend: ${JSON.stringify(backend)}, circuits: { p: ${JSON.stringify(filesOf(artifacts))} }, selfCheck: true });
      const r = await prover.prove('p', { a: '7', b: '0' });
      console.log(r.publicSignals[1]);
      await prover.close();
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('7');
    expect(result.status).toBe(0);
  });

  test('a process whose prover self-checks two proofs at once, then closes, exits on its own', () => {
    // Both proofs finish together, so both first verifications need the curve at the same time.
    const script = `
      import { createProver } from ${JSON.stringify(fileURLToPath(new URL('../dist/index.js', import.meta.url)))};
      const prover = createProver({ backend: ${JSON.stringify(backend)}, circuits: { p: ${JSON.stringify(filesOf(artifacts))} }, selfCheck: true, workers: 2 });
      const results = await Promise.all([prover.prove('p', { a: '7', b: '0' }), prover.prove('p', { a: '8', b: '0' })]);
      console.log(results.map((r) => r.publicSignals[1]).join(' '));
      await prover.close();
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('7 8');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
  });
});
