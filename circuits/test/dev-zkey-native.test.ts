// The native dev zkey (packages/prover-native/src/devzkey.rs): the same bytes as the JS one
// (itself tested equal to snarkjs' newZKey in pipeline.test.ts) on registry instances, the
// ptau-free form equal to what a larger ptau gives, and proofs from a ptau-free dev setup that
// verify, made by snarkjs and by the native prover.
import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { native } from '@zkr/prover-native';
import * as snarkjs from 'snarkjs';
import {
  compileCircuit,
  devPtau,
  readDevSecrets,
  readR1csHeader,
  requiredPower,
  setupCircuit,
  verifyArtifactsAgainstManifest,
  writeDevPtau,
} from '../src/index.js';
import { devSecretsPath, randomDevSecrets } from '../src/devSecrets.js';
import { writeDevInitialZkey, writeDevZkeyFromSecrets } from '../src/devZkey.js';
import { MIXED_INPUT, writeMixedCircuit } from './helpers/mixed-circuit.js';
import { terminate } from './helpers/witness.js';

afterAll(terminate);
const silent = { info() {}, debug() {}, warn() {}, error() {} };

const describeNative = native ? describe : describe.skip;

describeNative('native dev zkey', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'zkr-native-zkey-'));
  const source = writeMixedCircuit();

  test.each([['batch_1_d8'], ['batch_1_d8_linked']])(
    '%s: byte-identical to the JS dev zkey',
    async (name) => {
      const { r1cs } = await compileCircuit({ name });
      const ptau = await devPtau(requiredPower(await readR1csHeader(r1cs)));
      const secrets = (await readDevSecrets(devSecretsPath(ptau)))!;
      const dir = mkdtempSync(join(tmpdir(), 'zkr-native-zkey-'));
      await writeDevInitialZkey({ r1cs, ptau, secrets, path: join(dir, 'native.zkey'), engine: 'native' });
      await writeDevInitialZkey({ r1cs, ptau, secrets, path: join(dir, 'js.zkey'), engine: 'js' });
      expect(readFileSync(join(dir, 'native.zkey')).equals(readFileSync(join(dir, 'js.zkey')))).toBe(true);
    },
    300_000,
  );

  test('from the secrets alone: the bytes snarkjs newZKey writes from a larger ptau of those secrets', async () => {
    const { r1cs } = await compileCircuit({ name: 'chain', source }, { cacheDir });
    const dir = mkdtempSync(join(tmpdir(), 'zkr-native-zkey-'));
    const secrets = randomDevSecrets();
    const ptau = join(dir, 'dev.ptau');
    await writeDevPtau({ power: requiredPower(await readR1csHeader(r1cs)) + 2, path: ptau, secrets });
    await writeDevZkeyFromSecrets({ r1cs, secrets, path: join(dir, 'ours.zkey') });
    await snarkjs.zKey.newZKey(r1cs, ptau, join(dir, 'theirs.zkey'), silent);
    expect(readFileSync(join(dir, 'ours.zkey')).equals(readFileSync(join(dir, 'theirs.zkey')))).toBe(true);
  });

  test("bad secrets and a ptau power below the circuit's are refused by name", async () => {
    const { r1cs } = await compileCircuit({ name: 'chain', source }, { cacheDir });
    const path = join(mkdtempSync(join(tmpdir(), 'zkr-native-zkey-')), 'x.zkey');
    const call = (tau: string, ptauPower?: number) =>
      native!.writeDevZkey({ r1cs, tau, alpha: '5', beta: '7', path, ...(ptauPower === undefined ? {} : { ptauPower }) });
    await expect(call('0')).rejects.toThrow(/\[ARGUMENT\] tau must be a decimal scalar/);
    await expect(call('21888242871839275222246405745257275088548364400416034343698204186575808495617')).rejects.toThrow(
      /tau must be a decimal scalar in \[1, r\)/,
    );
    await expect(call('12', 1)).rejects.toThrow(/needs 2\^\d+ powers of tau but the ptau holds 2\^1/);
    await expect(native!.writeDevZkey({ r1cs: `${r1cs}.missing`, tau: '3', alpha: '5', beta: '7', path })).rejects.toThrow(/\[ARGUMENT\] r1cs .*missing/);
  });

  test('a dev setup without a ptau file: proofs by snarkjs and by the native prover verify', async () => {
    const artifacts = await setupCircuit({ name: 'chain', source }, { cacheDir, devPtauMaxPower: 0 });
    const manifest = await verifyArtifactsAgainstManifest(artifacts.manifest);
    expect(manifest.ptau.file).toBe('dev-insecure-no-ptau.secrets.json');
    expect(manifest.ptau.insecureDev).toBe(true);
    expect(artifacts.setup).toMatchObject({ id: 'dev', insecure: true });
    expect(manifest.phase2?.contributions).toEqual([]);
    const vkey = JSON.parse(await readFile(artifacts.vkey, 'utf8'));

    const byJs = await snarkjs.groth16.fullProve(MIXED_INPUT, artifacts.wasm, artifacts.zkey);
    expect(await snarkjs.groth16.verify(vkey, byJs.publicSignals, byJs.proof)).toBe(true);

    const wtns = join(artifacts.dir, `${basename(artifacts.dir)}.wtns`);
    await snarkjs.wtns.calculate(MIXED_INPUT, artifacts.wasm, wtns);
    const byNative = JSON.parse(new native!.NativeZkey(artifacts.zkey).prove(readFileSync(wtns))) as { proof: object; publicSignals: string[] };
    expect(byNative.publicSignals).toEqual(byJs.publicSignals);
    expect(await snarkjs.groth16.verify(vkey, byNative.publicSignals, byNative.proof)).toBe(true);
    // and a wrong public signal does not
    expect(await snarkjs.groth16.verify(vkey, ['1', ...byNative.publicSignals.slice(1)], byNative.proof)).toBe(false);
  }, 120_000);
});
