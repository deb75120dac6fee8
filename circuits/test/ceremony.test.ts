// A multi-party phase 2 on a ceremony ptau (made here through snarkjs' own phase-1 route, with
// one contribution whose entropy nobody keeps), and which setup the artifacts loader picks.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCurveFromName } from 'ffjavascript';
import * as snarkjs from 'snarkjs';
import {
  ArtifactError,
  contribute,
  finalizeCeremony,
  loadArtifacts,
  ptauContributions,
  ptauInsecurity,
  setupCircuit,
  startCeremony,
  verifyCeremony,
} from '../src/index.js';
import { terminate } from './helpers/witness.js';

afterAll(terminate);
const silent = { info() {}, debug() {}, warn() {}, error() {} };

const FIXTURE = `pragma circom 2.1.6;
template Cube() { signal input x; signal sq; signal output y; sq <== x * x; y <== sq * x; }
component main {public [x]} = Cube();
`;

/** A phase-2-ready ptau of 2^power through snarkjs: new, one contribution, prepare phase 2. */
async function ceremonyPtau(dir: string, power: number): Promise<string> {
  const curve = await getCurveFromName('bn128', { singleThread: true });
  try {
    await snarkjs.powersOfTau.newAccumulator(curve, power, join(dir, 'pot_0.ptau'), silent);
  } finally {
    await curve.terminate();
  }
  await snarkjs.powersOfTau.contribute(join(dir, 'pot_0.ptau'), join(dir, 'pot_1.ptau'), 'phase 1', 'entropy nobody keeps', silent);
  await snarkjs.powersOfTau.preparePhase2(join(dir, 'pot_1.ptau'), join(dir, 'pot_final.ptau'), silent);
  return join(dir, 'pot_final.ptau');
}

describe('ceremony setup', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'zkr-cache-'));
  const work = mkdtempSync(join(tmpdir(), 'zkr-ceremony-'));
  const source = join(work, 'cube.circom');
  writeFileSync(source, FIXTURE);
  const target = { name: 'cube', source };
  let ptau: string;
  beforeAll(async () => {
    ptau = await ceremonyPtau(work, 4);
  }, 120_000);

  test('a ptau with a contribution is not flagged; one without, or with its dev secrets beside it, is', async () => {
    expect(await ptauContributions(ptau)).toBe(1);
    expect(await ptauInsecurity(ptau)).toBeUndefined();
    expect(await ptauInsecurity(join(work, 'pot_0.ptau'))).toMatch(/no contribution/);
    const dev = await setupCircuit(target, { cacheDir });
    expect(dev.setup).toMatchObject({ id: 'dev', insecure: true });
  });

  test('two parties contribute, anyone verifies the chain, a beacon finalizes it, and it is the setup used', async () => {
    const zkey0 = join(work, 'cube_0000.zkey');
    await startCeremony(target, { cacheDir, ptau, out: zkey0 });
    const aliceHash = await contribute({ input: zkey0, output: join(work, 'cube_0001.zkey'), name: 'alice' });
    const bobHash = await contribute({ input: join(work, 'cube_0001.zkey'), output: join(work, 'cube_0002.zkey'), name: 'bob' });
    const check = await verifyCeremony(target, { cacheDir, ptau, zkey: join(work, 'cube_0002.zkey') });
    expect(check.valid).toBe(true);
    expect(check.contributions).toEqual([
      { name: 'alice', hash: aliceHash },
      { name: 'bob', hash: bobHash },
    ]);

    const final = await finalizeCeremony(target, { cacheDir, ptau, zkey: join(work, 'cube_0002.zkey'), beacon: 'ab'.repeat(32), iterationsExp: 10 });
    expect(final.contributions.map((c) => c.name)).toEqual(['alice', 'bob', 'final beacon']);
    expect(final.contributions[2]!.beacon).toEqual({ hash: 'ab'.repeat(32), iterationsExp: 10 });
    expect(final.setup.insecure).toBe(false);

    // Preferred to the dev setup made above; the dev one stays reachable by its id.
    const loaded = await loadArtifacts(target, { cacheDir });
    expect(loaded.setup.id).toBe(final.setup.id);
    expect(loaded.manifestData.phase2!.contributions).toHaveLength(3);
    expect((await loadArtifacts(target, { cacheDir, setup: 'dev' })).setup.insecure).toBe(true);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ x: 3 }, loaded.wasm, loaded.zkey);
    expect(publicSignals).toEqual(['27', '3']);
    expect(await snarkjs.groth16.verify(JSON.parse(readFileSync(loaded.vkey, 'utf8')), publicSignals, proof)).toBe(true);
  }, 120_000);

  test('a zkey tampered with after a contribution fails verification and cannot be finalized', async () => {
    const zkey0 = join(work, 'tamper_0000.zkey');
    await startCeremony(target, { cacheDir, ptau, out: zkey0 });
    const contributed = join(work, 'tamper_0001.zkey');
    await contribute({ input: zkey0, output: contributed, name: 'carol' });
    const bytes = readFileSync(contributed);
    bytes[bytes.length - 100]! ^= 1;
    const tampered = join(work, 'tampered.zkey');
    writeFileSync(tampered, bytes);
    expect((await verifyCeremony(target, { cacheDir, ptau, zkey: tampered })).valid).toBe(false);
    await expect(finalizeCeremony(target, { cacheDir, ptau, zkey: tampered, beacon: '01' })).rejects.toThrow(ArtifactError);
  }, 120_000);

  test('a beacon on a zkey without contributions is refused: the setup would be public', async () => {
    const zkey0 = join(work, 'bare_0000.zkey');
    await startCeremony(target, { cacheDir, ptau, out: zkey0 });
    copyFileSync(zkey0, join(work, 'bare.zkey'));
    await expect(finalizeCeremony(target, { cacheDir, ptau, zkey: join(work, 'bare.zkey'), beacon: '01' })).rejects.toThrow(/has no contribution/);
  }, 120_000);
});
