// The ceremony from the shell on a registry instance: start, two contributions, verify, finalize;
// then export-verifier and deploy use that setup rather than the dev one, and say so. Its own
// cache (ZKR_CACHE_DIR): a ptau setup there would be preferred by every other test. The ptau is
// a copy of the cached dev ptau of 2^14 (a snarkjs-made ceremony file of that size takes about
// 15 minutes here; circuits/test/ceremony.test.ts runs the same code on one, at a small power),
// so the setup is correctly flagged insecure: its secrets lie beside it. A tampered zkey's
// refusal is tested there too.
import { copyFileSync, cpSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { defaultCacheDir, devSecretsPath, loadArtifacts, setupCircuit, terminateSnarkjsCurve } from '@zkr/circuits';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { OPERATOR_KEY, tempDir, zkr, zkrJson } from './zkr.js';

const CIRCUIT = 'batch_1_d8';

describe('zkr ceremony on a registry instance', () => {
  let anvil: Anvil;
  let work: string;
  let ptau: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    // The compiled circuit and its dev setup, in the shared cache; then a cache of our own with
    // the compiled circuit only.
    const dev = await setupCircuit({ name: CIRCUIT });
    const devPtau = join(defaultCacheDir(), 'ptau', (await loadArtifacts(CIRCUIT, { setup: 'dev' })).manifestData.ptau.file);
    work = tempDir('zkr-ceremony-');
    const cache = join(work, 'cache');
    const compiledDir = join(cache, 'circuits', basename(dirname(dev.dir)));
    mkdirSync(compiledDir, { recursive: true });
    cpSync(dirname(dev.dir), compiledDir, { recursive: true, filter: (source) => !source.includes('setup-') });
    ptau = join(work, 'pot14.ptau');
    copyFileSync(devPtau, ptau);
    copyFileSync(devSecretsPath(devPtau), devSecretsPath(ptau));
    env = { ZKR_CACHE_DIR: cache };
    anvil = await startAnvil();
  }, 600_000);
  afterAll(async () => {
    await anvil?.stop();
    await terminateSnarkjsCurve();
  });

  test('start, two contributions, verify, finalize; export-verifier and deploy then use the ceremony setup', async () => {
    const zkey = (n: number): string => join(work, `${CIRCUIT}_000${n}.zkey`);
    await zkrJson(['ceremony', 'start', CIRCUIT, '--ptau', ptau, '-o', zkey(0)], env);
    const alice = await zkrJson<{ hash: string }>(['ceremony', 'contribute', zkey(0), zkey(1), '--name', 'alice'], env);
    const bob = await zkrJson<{ hash: string }>(['ceremony', 'contribute', zkey(1), zkey(2), '--name', 'bob'], env);
    const check = await zkrJson<{ valid: boolean; contributions: { name: string; hash: string }[] }>(
      ['ceremony', 'verify', CIRCUIT, zkey(2), '--ptau', ptau],
      env,
    );
    expect(check.contributions).toEqual([
      { name: 'alice', hash: alice.hash },
      { name: 'bob', hash: bob.hash },
    ]);

    // Before finalizing there is no setup at all in this cache.
    const none = await zkr(['export-verifier', CIRCUIT], env);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no setup for batch_1_d8: run `zkr setup batch_1_d8 --dev` \(or --ptau FILE\)/);

    const final = await zkrJson<{ setup: { id: string; insecure: boolean }; contributions: { name: string }[] }>(
      ['ceremony', 'finalize', CIRCUIT, zkey(2), '--ptau', ptau, '--beacon', 'cd'.repeat(32)],
      env,
    );
    expect(final.contributions.map((c) => c.name)).toEqual(['alice', 'bob', 'final beacon']);
    expect(final.setup.insecure).toBe(true);

    // A dev setup made afterwards is not preferred to it.
    await zkrJson(['setup', CIRCUIT, '--dev'], env);
    const exported = await zkr(['export-verifier', CIRCUIT], env);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`using ${CIRCUIT}: the setup from ptau ${final.setup.id} — INSECURE (its tau, alpha and beta are kept beside it`);
    expect(exported.stdout).toMatch(/bytes32 public constant VK_HASH = 0x[0-9a-f]{64};/);

    const out = join(work, 'deployment.json');
    const deployed = await zkr(['deploy', '--rpc', anvil.rpcUrl, '--private-key', OPERATOR_KEY, '--circuits', CIRCUIT, '--out', out], env);
    expect(deployed.code).toBe(0);
    const deployment = JSON.parse(readFileSync(out, 'utf8')) as { verifiers: Record<string, { setup: string; insecure: boolean; vkHash: string }> };
    expect(deployment.verifiers[1]).toMatchObject({ setup: final.setup.id, insecure: true });
    expect(exported.stdout).toContain(`VK_HASH = ${deployment.verifiers[1]!.vkHash};`);
  }, 1_200_000);
});
