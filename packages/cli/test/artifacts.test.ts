// prove and verify from the shell, and what they say about a corrupt setup or a tampered proof.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadArtifacts, readManifest, setupCircuit, terminateSnarkjsCurve } from '@zkr/circuits';
import { computeDomain, publicKeyOf, RollupState, signOperation, type PrivateKey } from '@zkr/core';
import { nativeUnavailable } from '@zkr/prover';
import { toJson } from '../src/io.js';
import { tempDir, writeIn, zkr, zkrJson } from './zkr.js';

const CIRCUIT = 'batch_1_d8';

/** A batch_1_d8 circuit input: one signed transfer between two funded accounts. */
function transferInput(): string {
  const domain = computeDomain(31337n, `0x${'5f'.repeat(20)}`);
  const key = (n: number): PrivateKey => new Uint8Array(32).fill(n);
  const state = RollupState.empty({ depth: 8 });
  for (const i of [0, 1]) state.enqueuePriority({ type: 'deposit', accountIndex: i, tokenId: 0n, amount: 10n ** 18n, ...publicKeyOf(key(i + 1)) });
  state.applyBatch({ operations: [0, 1].map((i) => ({ type: 'deposit', accountIndex: i })), batchSize: 2, feeAccountIndex: 0, domain });
  const transfer = signOperation(key(2), { domain, op: { type: 'transfer', from: 1, to: 0, amount: 10n ** 15n, fee: 10n ** 12n }, nonce: 0n });
  return toJson(state.applyBatch({ operations: [transfer], batchSize: 1, feeAccountIndex: 0, domain }).circuitInput);
}

/**
 * A cache (for ZKR_CACHE_DIR) holding a copy of the circuit's compile and dev setup, its zkey
 * with one byte flipped. Returns the cache and the copied zkey.
 */
async function cacheWithCorruptZkey(): Promise<{ cache: string; zkey: string }> {
  const artifacts = await loadArtifacts(CIRCUIT);
  const compiled = dirname(artifacts.dir);
  const cache = tempDir('zkr-cache-');
  const copy = join(cache, 'circuits', basename(compiled));
  cpSync(compiled, copy, { recursive: true });
  const manifest = await readManifest(artifacts.manifest);
  const ptau = join(dirname(dirname(compiled)), 'ptau', manifest.ptau.file);
  cpSync(ptau, join(cache, 'ptau', manifest.ptau.file));
  const zkey = join(copy, basename(artifacts.dir), basename(artifacts.zkey));
  const bytes = readFileSync(zkey);
  bytes[bytes.length - 16]! ^= 0xff;
  writeFileSync(zkey, bytes);
  return { cache, zkey };
}

describe('zkr prove and verify: artifacts and proofs', () => {
  let dir: string;
  let input: string;
  let proofFile: string;

  beforeAll(async () => {
    await setupCircuit({ name: CIRCUIT });
    dir = tempDir();
    input = writeIn(dir, 'input.json', transferInput());
  }, 600_000);
  // setupCircuit's snarkjs curve would keep jest alive after the tests.
  afterAll(terminateSnarkjsCurve);

  test('prove writes a proof that verify accepts', async () => {
    proofFile = join(dir, 'proof.json');
    await zkrJson(['prove', CIRCUIT, '--input', input, '--out', proofFile]);
    expect(await zkrJson(['verify', CIRCUIT, '--proof', proofFile])).toEqual({ valid: true });
  }, 300_000);

  test('prove --backend: the proof names the backend that made it; an unknown backend is bad input (exit 2)', async () => {
    const proof = await zkrJson<{ backend: string; publicSignals: string[] }>(['prove', CIRCUIT, '--input', input, '--backend', 'snarkjs']);
    expect(proof.backend).toBe('snarkjs');
    const byDefault = await zkrJson<{ backend: string; publicSignals: string[] }>(['prove', CIRCUIT, '--input', input]);
    expect(byDefault.backend).toBe(nativeUnavailable() === undefined ? 'native' : 'snarkjs');
    expect(byDefault.publicSignals).toEqual(proof.publicSignals);
    const { code, stderr } = await zkr(['prove', CIRCUIT, '--input', input, '--backend', 'gpu']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--backend: expected native or snarkjs, got "gpu"/);
  }, 300_000);

  test('verify rejects a proof whose public signal was changed (exit 1)', async () => {
    const proof = JSON.parse(readFileSync(proofFile, 'utf8')) as { publicSignals: string[] };
    proof.publicSignals[0] = String(BigInt(proof.publicSignals[0]!) + 1n);
    const tampered = writeIn(dir, 'tampered.json', proof);
    const { code, stderr } = await zkr(['verify', CIRCUIT, '--proof', tampered]);
    expect(code).toBe(1);
    // First the setup it checks against, then the one-line error.
    expect(stderr).toBe(
      `using ${CIRCUIT}: the dev setup — INSECURE (a dev setup: its ptau was made on this machine, tau, alpha and beta known): never for real funds\nzkr: OperationError: the proof in ${tampered} does not verify for ${CIRCUIT}\n`,
    );
  }, 120_000);

  test('verify: a proof without pi_c is malformed, bad input (exit 2)', async () => {
    const proof = JSON.parse(readFileSync(proofFile, 'utf8')) as { proof: { pi_c?: unknown } };
    delete proof.proof.pi_c;
    const { code, stderr } = await zkr(['verify', CIRCUIT, '--proof', writeIn(dir, 'no-pi-c.json', proof)]);
    expect(code).toBe(2);
    // After the line naming the setup used: the error, in one line.
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^zkr: ProverError \[prover.malformed_proof\]: a Groth16 proof needs pi_a, pi_b and pi_c$/);
  }, 120_000);

  test('prove with a corrupt zkey is an artifact error (exit 3) naming the zkey', async () => {
    const { cache, zkey } = await cacheWithCorruptZkey();
    const { code, stderr } = await zkr(['prove', CIRCUIT, '--input', input], { ZKR_CACHE_DIR: cache });
    expect(code).toBe(3);
    expect(stderr).toContain(zkey);
    expect(stderr).toMatch(/zkey is corrupt or was replaced/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 300_000);
});
