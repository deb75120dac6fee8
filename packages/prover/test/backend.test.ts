// Choosing the backend: native when its addon loads, snarkjs otherwise, and the fallback works
// in a process where the addon is turned off.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { native } from '@zkr/prover-native';
import { createProver, nativeUnavailable, ProverError, resolveBackend } from '../dist/index.js';
import { filesOf, fixtureArtifacts } from './fixture.js';

test('where cargo exists the build made the addon, and auto picks it', () => {
  // Guards the native tests against being skipped on a machine that can build the addon.
  if (spawnSync('cargo', ['--version']).status === 0) expect(nativeUnavailable()).toBeUndefined();
  expect(resolveBackend()).toBe(native ? 'native' : 'snarkjs');
  expect(resolveBackend('snarkjs')).toBe('snarkjs');
  expect(() => resolveBackend('gpu' as never)).toThrow(ProverError);
});

test('without the addon: auto falls back to snarkjs, asking for native is prover.native_unavailable', async () => {
  const files = filesOf(await fixtureArtifacts());
  const script = `
    import { createProver } from ${JSON.stringify(fileURLToPath(new URL('../dist/index.js', import.meta.url)))};
    try { createProver({ backend: 'native', circuits: {} }); } catch (e) { console.log(e.code); }
    const prover = createProver({ circuits: { p: ${JSON.stringify(files)} }, workers: 1 });
    const r = await prover.prove('p', { a: '7', b: '0' });
    console.log(r.backend, prover.stats().backend, await prover.verify('p', r.proof, r.publicSignals));
    await prover.close();
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ZKR_NATIVE: 'off' },
  });
  expect(result.stdout.trim().split('\n')).toEqual(['prover.native_unavailable', 'snarkjs snarkjs true']);
  expect(result.status).toBe(0);
}, 600_000);

test('a pool reports its backend in stats and in each result', async () => {
  await using prover = createProver({ backend: 'snarkjs', circuits: { p: filesOf(await fixtureArtifacts()) }, workers: 1 });
  expect(prover.stats().backend).toBe('snarkjs');
  expect(prover.backend).toBe('snarkjs');
}, 600_000);
