// The build pipeline: registry validation, cached compile, the direct dev powers of tau (equal
// to what snarkjs' own `prepare phase2` computes from the same powers), setup and manifest.
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { getCurveFromName } from 'ffjavascript';
import * as snarkjs from 'snarkjs';
import { FIELD_MODULUS } from '@zkr/core';
import {
  ArtifactError,
  compileCircuit,
  devPtau,
  getInstance,
  loadRegistry,
  readDevSecrets,
  readR1csHeader,
  RegistryError,
  requiredPower,
  setupCircuit,
  verifyArtifactsAgainstManifest,
  writeDevPtau,
} from '../src/index.js';
import { devSecretsPath, randomDevSecrets } from '../src/devSecrets.js';
import { writeDevInitialZkey } from '../src/devZkey.js';
import { FixedBaseMultiplier } from '../src/fixedBase.js';
import { writeMixedCircuit } from './helpers/mixed-circuit.js';
import { terminate } from './helpers/witness.js';

afterAll(terminate);
const silent = { info() {}, debug() {}, warn() {}, error() {} };

function sections(bytes: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let position = 12;
  while (position < bytes.length) {
    const id = bytes.readUInt32LE(position);
    const size = Number(bytes.readBigUInt64LE(position + 4));
    out.set(id, bytes.subarray(position + 12, position + 12 + size));
    position += 12 + size;
  }
  return out;
}

function binFile(kept: Map<number, Buffer>): Buffer {
  const head = Buffer.alloc(12);
  head.write('ptau', 0, 'ascii');
  head.writeUInt32LE(1, 4);
  head.writeUInt32LE(kept.size, 8);
  const parts: Buffer[] = [head];
  for (const [id, body] of kept) {
    const h = Buffer.alloc(12);
    h.writeUInt32LE(id, 0);
    h.writeBigUInt64LE(BigInt(body.length), 4);
    parts.push(h, body);
  }
  return Buffer.concat(parts);
}

const FIXTURE = `pragma circom 2.1.6;
template Square() { signal input x; signal output y; y <== x * x; }
component main {public [x]} = Square();
`;

describe('dev powers of tau', () => {
  test('its Lagrange sections equal those snarkjs prepare phase2 derives from its powers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkr-ptau-'));
    const ours = join(dir, 'dev.ptau');
    await writeDevPtau({ power: 6, path: ours });
    const mine = sections(readFileSync(ours));
    // Phase 1 only (sections 1-7), then let snarkjs prepare it.
    const raw = join(dir, 'raw.ptau');
    writeFileSync(raw, binFile(new Map([...mine].filter(([id]) => id <= 7))));
    const prepared = join(dir, 'prepared.ptau');
    await snarkjs.powersOfTau.preparePhase2(raw, prepared, silent);
    const theirs = sections(readFileSync(prepared));
    for (const id of [1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15]) expect(mine.get(id)!.equals(theirs.get(id)!)).toBe(true);
  });

  test('fixed-base multiplication equals generic scalar multiplication for every window width', async () => {
    const curve = await getCurveFromName('bn128', { singleThread: true });
    try {
      const r = FIELD_MODULUS;
      const scalars = [0n, 1n, 2n, 65535n, 65536n, r - 1n, r, 2n ** 256n - 1n, 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdn];
      for (const [name, group] of [
        ['g1', curve.G1],
        ['g2', curve.G2],
      ] as const) {
        const expected = scalars.map((s) => Buffer.from(group.toAffine(group.timesScalar(group.g, s))));
        for (const window of [4, 8, 12, 16]) {
          const multiplier = await FixedBaseMultiplier.create(curve, name, window);
          const points = Buffer.from(multiplier.multiply(scalars));
          const size = points.length / scalars.length;
          for (const [i, s] of scalars.entries()) {
            expect({ window, s, point: points.subarray(i * size, (i + 1) * size).equals(expected[i]!) }).toEqual({ window, s, point: true });
          }
        }
      }
    } finally {
      await curve.terminate();
    }
  }, 120_000);
});

describe('dev initial zkey', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'zkr-zkey-'));
  const source = writeMixedCircuit();

  test.each([
    ["at the ptau's own power (its padded top level)", 0],
    ["below the ptau's power", 1],
  ])('equals snarkjs groth16 setup byte for byte, %s', async (_, extraPowers) => {
    const { r1cs } = await compileCircuit({ name: 'mixed', source }, { cacheDir });
    const header = await readR1csHeader(r1cs);
    const dir = mkdtempSync(join(tmpdir(), 'zkr-zkey-'));
    const ptau = join(dir, 'dev.ptau');
    const secrets = randomDevSecrets();
    const power = requiredPower(header);
    await writeDevPtau({ power: power + extraPowers, path: ptau, secrets });
    await writeDevInitialZkey({ r1cs, ptau, secrets, path: join(dir, 'ours.zkey') });
    await snarkjs.zKey.newZKey(r1cs, ptau, join(dir, 'theirs.zkey'), silent);
    expect(readFileSync(join(dir, 'ours.zkey')).equals(readFileSync(join(dir, 'theirs.zkey')))).toBe(true);
  });

  test('secrets that did not make the ptau are refused', async () => {
    const { r1cs } = await compileCircuit({ name: 'mixed', source }, { cacheDir });
    const dir = mkdtempSync(join(tmpdir(), 'zkr-zkey-'));
    const ptau = join(dir, 'dev.ptau');
    await writeDevPtau({ power: 6, path: ptau, secrets: randomDevSecrets() });
    await expect(writeDevInitialZkey({ r1cs, ptau, secrets: randomDevSecrets(), path: join(dir, 'ours.zkey') })).rejects.toThrow(
      /was not made from the dev secrets kept beside it/,
    );
  });
});

describe('dev secrets', () => {
  test.each([
    ['malformed', '{"tau": "1",'],
    ['not an object', '["1", "2", "3"]'],
    ['missing a secret', '{"tau": "1", "alpha": "2"}'],
  ])('a %s file is an ArtifactError naming it, to be deleted', async (_, body) => {
    const path = join(mkdtempSync(join(tmpdir(), 'zkr-secrets-')), 'dev.secrets.json');
    writeFileSync(path, body);
    const error: unknown = await readDevSecrets(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect((error as ArtifactError).message).toContain(path);
    expect((error as ArtifactError).message).toMatch(/delete it/);
  });
});

describe('compile, setup, manifest', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'zkr-cache-'));
  const source = join(mkdtempSync(join(tmpdir(), 'zkr-src-')), 'square.circom');
  writeFileSync(source, FIXTURE);

  test('compiles from scratch, then hits the cache', async () => {
    const first = await compileCircuit({ name: 'square', source }, { cacheDir });
    expect(first.constraints).toBe(1);
    const messages: string[] = [];
    const second = await compileCircuit({ name: 'square', source }, { cacheDir, onProgress: (m) => messages.push(m) });
    expect(second.r1cs).toBe(first.r1cs);
    expect(messages).toEqual([]);
  });

  test('dev setup proves and verifies; a corrupt zkey or truncated wasm is an ArtifactError', async () => {
    const artifacts = await setupCircuit({ name: 'square', source }, { cacheDir });
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ x: 3 }, artifacts.wasm, artifacts.zkey);
    expect(publicSignals).toEqual(['9', '3']);
    expect(await snarkjs.groth16.verify(JSON.parse(readFileSync(artifacts.vkey, 'utf8')), publicSignals, proof)).toBe(true);
    const manifest = await verifyArtifactsAgainstManifest(artifacts.manifest);
    expect(manifest.ptau.insecureDev).toBe(true);

    const zkey = readFileSync(artifacts.zkey);
    copyFileSync(artifacts.zkey, `${artifacts.zkey}.bak`);
    zkey[zkey.length - 5]! ^= 1;
    writeFileSync(artifacts.zkey, zkey);
    await expect(verifyArtifactsAgainstManifest(artifacts.manifest)).rejects.toThrow(/zkey is corrupt/);
    copyFileSync(`${artifacts.zkey}.bak`, artifacts.zkey);

    copyFileSync(artifacts.wasm, `${artifacts.wasm}.bak`);
    writeFileSync(artifacts.wasm, readFileSync(artifacts.wasm).subarray(0, 100));
    await expect(verifyArtifactsAgainstManifest(artifacts.manifest)).rejects.toBeInstanceOf(ArtifactError);
    copyFileSync(`${artifacts.wasm}.bak`, artifacts.wasm);
  });

  test('a copied cache checks its own files: the manifest records paths relative to itself', async () => {
    const artifacts = await setupCircuit({ name: 'square', source }, { cacheDir });
    const copy = mkdtempSync(join(tmpdir(), 'zkr-cache-copy-'));
    cpSync(cacheDir, copy, { recursive: true });
    const copiedManifest = join(copy, relative(cacheDir, artifacts.manifest));
    expect((await verifyArtifactsAgainstManifest(copiedManifest)).files.zkey.path).toBe(join(copy, relative(cacheDir, artifacts.zkey)));
    const copiedZkey = join(copy, relative(cacheDir, artifacts.zkey));
    const bytes = readFileSync(copiedZkey);
    bytes[bytes.length - 5]! ^= 1;
    writeFileSync(copiedZkey, bytes);
    await expect(verifyArtifactsAgainstManifest(copiedManifest)).rejects.toThrow(/zkey is corrupt/);
    await expect(verifyArtifactsAgainstManifest(artifacts.manifest)).resolves.toBeDefined();
  });

  test('a dev ptau cached without its secrets still sets up, through snarkjs', async () => {
    const ownCache = mkdtempSync(join(tmpdir(), 'zkr-cache-'));
    const ptau = await devPtau(2, { cacheDir: ownCache });
    rmSync(devSecretsPath(ptau));
    const artifacts = await setupCircuit({ name: 'square', source }, { cacheDir: ownCache });
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ x: 5 }, artifacts.wasm, artifacts.zkey);
    expect(await snarkjs.groth16.verify(JSON.parse(readFileSync(artifacts.vkey, 'utf8')), publicSignals, proof)).toBe(true);
  });

  test('a ceremony file with too few powers is refused by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkr-small-'));
    const small = join(dir, 'small.ptau');
    await writeDevPtau({ power: 1, path: small });
    const big = join(mkdtempSync(join(tmpdir(), 'zkr-src-')), 'big.circom');
    writeFileSync(big, FIXTURE.replace('y <== x * x;', 'signal z; z <== x * x; y <== z * z;'));
    await expect(setupCircuit({ name: 'big', source: big }, { cacheDir, ptau: small })).rejects.toThrow(/holds 2\^1 powers but big .* needs 2\^3/);
  });
});

describe('registry', () => {
  test('names every instance once, with depth and batch size', () => {
    const names = loadRegistry().map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    expect(getInstance('batch_2_d8')).toMatchObject({ batchSize: 2, depth: 8, levels: 4, build: 'monolithic' });
    expect(getInstance('batch_2_d8_linked')).toMatchObject({ batchSize: 2, depth: 8, levels: 4, build: 'linked' });
  });

  test('bad entries are RegistryErrors naming the field', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'zkr-reg-')), 'circuits.json');
    writeFileSync(path, JSON.stringify({ instances: [{ name: 'x', template: 'Batch', batchSize: 2, depth: 7, use: 'test' }] }));
    expect(() => loadRegistry(path)).toThrow(RegistryError);
    expect(() => loadRegistry(path)).toThrow(/depth must be even/);
    expect(() => getInstance('nope')).toThrow(/unknown circuit "nope"/);
    writeFileSync(path, JSON.stringify({ instances: [{ name: 'x', template: 'Batch', build: 'glued', batchSize: 2, depth: 8, use: 'test' }] }));
    expect(() => loadRegistry(path)).toThrow(/instances\[0\]\.build must be "monolithic" or "linked", received glued/);
  });
});
