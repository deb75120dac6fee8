// The native backend against snarkjs: its proofs verify with snarkjs on the registry's test
// instances and on random witnesses of the fixture; bad zkeys, malformed witnesses and
// witnesses that do not satisfy the circuit are typed errors, never a proof.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { FIELD_MODULUS as R } from '@zkr/core';
import { setupCircuit, terminateSnarkjsCurve, type CircuitArtifacts } from '@zkr/circuits';
import { native, type NativeZkey } from '@zkr/prover-native';
import { ArtifactError, createProver } from '../dist/index.js';
import { depositBatchInput } from './batchInput.js';
import { filesOf, fixtureArtifacts } from './fixture.js';

// This file needs the addon; test/backend.test.ts covers machines where it does not load.
const binding = native!;
const describeNative = native ? describe : describe.skip;

let fixture: CircuitArtifacts;
let vkey: unknown;
beforeAll(async () => {
  fixture = await fixtureArtifacts();
  vkey = JSON.parse(readFileSync(fixture.vkey, 'utf8'));
}, 600_000);
afterAll(terminateSnarkjsCurve);

async function witness(input: Record<string, unknown>, wasm = fixture.wasm): Promise<Uint8Array> {
  const wtns: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  await snarkjs.wtns.calculate(input, wasm, wtns);
  return wtns.data!;
}

/** Byte offset and size of a section of a snarkjs binary file (.zkey, .wtns). */
function section(bytes: Uint8Array, id: number): { start: number; size: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  for (let i = 0; i < view.getUint32(8, true); i++) {
    const size = Number(view.getBigUint64(at + 4, true));
    if (view.getUint32(at, true) === id) return { start: at + 12, size };
    at += 12 + size;
  }
  throw new Error(`no section ${id}`);
}

/** The witness with value `index` replaced (little-endian, 32 bytes). */
function withValue(wtns: Uint8Array, index: number, value: bigint): Uint8Array {
  const copy = wtns.slice();
  const { start } = section(copy, 2);
  for (let i = 0; i < 32; i++) copy[start + 32 * index + i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return copy;
}

describeNative('native prover', () => {
  let zkey: NativeZkey;
  beforeAll(() => {
    zkey = new binding.NativeZkey(fixture.zkey);
  });

  test('reads the zkey header', () => {
    expect([zkey.nVars, zkey.nPublic, zkey.domainSize]).toEqual([203, 2, 256]);
  });

  test('random witnesses of the fixture proved by both backends all verify with snarkjs', async () => {
    const zkeyBytes = readFileSync(fixture.zkey);
    for (let i = 0; i < 12; i++) {
      const input = { a: String(BigInt(Math.floor(Math.random() * 2 ** 48)) * 7919n), b: String(i % 2) };
      const wtns = await witness(input);
      const nativeProof = JSON.parse(zkey.prove(wtns)) as { proof: object; publicSignals: string[] };
      const jsProof = await snarkjs.groth16.prove(zkeyBytes, { type: 'mem', data: wtns });
      expect(nativeProof.publicSignals).toEqual(jsProof.publicSignals);
      expect(await snarkjs.groth16.verify(vkey, nativeProof.publicSignals, nativeProof.proof)).toBe(true);
      expect(await snarkjs.groth16.verify(vkey, jsProof.publicSignals, jsProof.proof)).toBe(true);
    }
  }, 120_000);

  test('witness_unsatisfying_r1cs: a tampered private value or output is UNSATISFIED, no proof', async () => {
    const wtns = await witness({ a: '5', b: '1' });
    expect(() => zkey.prove(withValue(wtns, 10, 12345n))).toThrow(/^\[UNSATISFIED\]/);
    expect(() => zkey.prove(withValue(wtns, 1, 1n))).toThrow(/^\[UNSATISFIED\]/); // the output c
    expect(() => zkey.prove(withValue(wtns, 0, 2n))).toThrow(/^\[UNSATISFIED\]/); // the constant one
  });

  test('malformed witnesses name what is wrong', async () => {
    const wtns = await witness({ a: '5', b: '1' });
    expect(() => zkey.prove(wtns.subarray(0, wtns.length - 32))).toThrow(/^\[WITNESS_FORMAT\] truncated/);
    expect(() => zkey.prove(withValue(wtns, 3, R))).toThrow(/^\[WITNESS_FORMAT\] witness value 3 is not below the scalar field modulus/);
    expect(() => zkey.prove(new Uint8Array(64))).toThrow(/^\[WITNESS_FORMAT\] not a wtns file/);
    const other = await setupCircuit({ name: 'batch_1_d8' });
    const longer = await witness(depositBatchInput(1), other.wasm);
    expect(() => zkey.prove(longer)).toThrow(/^\[WITNESS_FORMAT\] the witness has \d+ values, the zkey expects 203/);
  }, 600_000);

  test('bad zkeys are ZKEY errors naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkr-native-'));
    const bytes = readFileSync(fixture.zkey);
    const write = (name: string, data: Uint8Array): string => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    };
    expect(() => new binding.NativeZkey(join(dir, 'absent.zkey'))).toThrow(/^\[ZKEY\] cannot read/);
    expect(() => new binding.NativeZkey(write('garbage.zkey', new Uint8Array(1000).fill(7)))).toThrow(/^\[ZKEY\] .*not a zkey file/);
    expect(() => new binding.NativeZkey(write('truncated.zkey', bytes.subarray(0, bytes.length - 100)))).toThrow(/^\[ZKEY\] .*truncated/);
    const offCurve = bytes.slice();
    offCurve[section(offCurve, 5).start + 64 * 3 + 5]! ^= 0x01; // a coordinate of A[3]
    expect(() => new binding.NativeZkey(write('offcurve.zkey', offCurve))).toThrow(/^\[ZKEY\] .*A: a G1 point is not on the curve/);
    const outOfRange = bytes.slice();
    new DataView(outOfRange.buffer).setUint32(section(outOfRange, 4).start + 4 + 8, 1_000_000, true); // first coefficient's signal
    expect(() => new binding.NativeZkey(write('coef.zkey', outOfRange))).toThrow(/^\[ZKEY\] .*coefficient .* out of range/);
  });

  test('the thread pool is sized by the caller', () => {
    binding.setThreads(1);
    expect(binding.threads()).toBe(1);
    binding.setThreads(2);
    expect(binding.threads()).toBe(2);
    expect(() => binding.setThreads(0)).toThrow(/^\[ARGUMENT\]/);
  });

  test('through the pool, a zkey the native reader rejects is an ArtifactError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkr-native-'));
    const bad = join(dir, 'bad.zkey');
    copyFileSync(fixture.zkey, bad);
    const bytes = readFileSync(bad);
    bytes[section(bytes, 9).start + 1]! ^= 0x40; // a coordinate of H[0]
    writeFileSync(bad, bytes);
    await using prover = createProver({ backend: 'native', circuits: { p: { wasm: fixture.wasm, zkey: bad } }, workers: 1 });
    const failing = prover.prove('p', { a: '3', b: '1' });
    await expect(failing).rejects.toBeInstanceOf(ArtifactError);
    await expect(failing).rejects.toThrow(/H: a G1 point is not on the curve/);
  });
});

describeNative.each(['batch_1_d8', 'batch_2_d8'])('%s: native against snarkjs on the same input', (name) => {
  test('both proofs verify with snarkjs, with the same public signals', async () => {
    const artifacts = await setupCircuit({ name });
    const input = depositBatchInput(Number(name.split('_')[1]));
    const files = filesOf(artifacts);
    await using nativePool = createProver({ backend: 'native', circuits: { [name]: files }, workers: 1 });
    await using jsPool = createProver({ backend: 'snarkjs', circuits: { [name]: files }, workers: 1 });
    const [n, s] = [await nativePool.prove(name, input), await jsPool.prove(name, input)];
    expect([n.backend, s.backend]).toEqual(['native', 'snarkjs']);
    expect(n.publicSignals).toEqual(s.publicSignals);
    expect(await jsPool.verify(name, n.proof, n.publicSignals)).toBe(true);
    expect(await jsPool.verify(name, s.proof, s.publicSignals)).toBe(true);
  }, 600_000);
});
