// Known answers against implementations core does not run by default: circomlibjs (WASM) for
// Poseidon and EdDSA, @zk-kit/eddsa-poseidon's BLAKE-1 build for keys and signatures. Core's
// default Poseidon is poseidon-lite and its EdDSA its own (src/eddsa.ts); enableWasmPoseidon()
// must not change a single hash.
import { createRequire } from 'node:module';
import { buildEddsa, buildPoseidon } from 'circomlibjs';
import fc from 'fast-check';
import { disableWasmPoseidon, enableWasmPoseidon, FIELD_MODULUS, poseidon, publicKeyOf, signMessage, verifySignature } from '../src/index.js';

interface ZkKitEddsa {
  derivePublicKey(privateKey: Uint8Array): [bigint, bigint];
  signMessage(privateKey: Uint8Array, message: bigint): { R8: [bigint, bigint]; S: bigint };
  verifySignature(message: bigint, signature: { R8: [bigint, bigint]; S: bigint }, publicKey: [bigint, bigint]): boolean;
}
// The package's ESM entry for BLAKE-1 points at a missing file; its CommonJS build is intact.
const zkKit = createRequire(import.meta.url)('@zk-kit/eddsa-poseidon/blake-1') as ZkKitEddsa;

const circomlibjsPoseidon = await buildPoseidon();
const circomlibjsEddsa = await buildEddsa();
const oracle = (inputs: bigint[]): bigint => circomlibjsPoseidon.F.toObject(circomlibjsPoseidon(inputs));
const fieldElement = fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n });
const privateKey = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('Poseidon agrees with circomlibjs', () => {
  afterEach(() => disableWasmPoseidon());

  test.each([1, 2, 3, 4, 5, 6])('over %i inputs, with the default and the WASM backend', async (n) => {
    const samples = fc.sample(fc.array(fieldElement, { minLength: n, maxLength: n }), 20);
    const expected = samples.map(oracle);
    expect(samples.map((inputs) => poseidon(inputs))).toEqual(expected);
    await enableWasmPoseidon();
    expect(samples.map((inputs) => poseidon(inputs))).toEqual(expected);
  });

  test('field edges 0 and r - 1', () => {
    expect(poseidon([0n, FIELD_MODULUS - 1n])).toBe(oracle([0n, FIELD_MODULUS - 1n]));
  });

  test('0 or 7 inputs are an InvalidOperation naming the inputs', () => {
    expect(() => poseidon([])).toThrow(expect.objectContaining({ code: 'core.invalid_operation', field: 'inputs' }));
    expect(() => poseidon([1n, 2n, 3n, 4n, 5n, 6n, 7n])).toThrow(expect.objectContaining({ code: 'core.invalid_operation', field: 'inputs' }));
  });
});

describe('EdDSA-Poseidon agrees with circomlibjs', () => {
  test('same public keys and signatures, and each verifies the other', () => {
    const F = circomlibjsEddsa.F;
    fc.assert(
      fc.property(privateKey, fieldElement, (key, message) => {
        const [ax, ay] = circomlibjsEddsa.prv2pub(key);
        expect(publicKeyOf(key)).toEqual({ ax: F.toObject(ax), ay: F.toObject(ay) });
        const theirs = circomlibjsEddsa.signPoseidon(key, F.e(message));
        const ours = signMessage(key, message);
        expect(ours).toEqual({ r8x: F.toObject(theirs.R8[0]), r8y: F.toObject(theirs.R8[1]), s: theirs.S });
        expect(circomlibjsEddsa.verifyPoseidon(F.e(message), theirs, [ax, ay])).toBe(true);
        expect(verifySignature(publicKeyOf(key), message, ours)).toBe(true);
      }),
      { numRuns: 5 },
    );
  });
});

describe('EdDSA-Poseidon agrees with @zk-kit/eddsa-poseidon', () => {
  test('same public keys', () => {
    fc.assert(
      fc.property(privateKey, (key) => {
        const [ax, ay] = zkKit.derivePublicKey(key);
        expect(publicKeyOf(key)).toEqual({ ax, ay });
      }),
      { numRuns: 5 },
    );
  });

  test('same signatures, and each verifies the other', () => {
    fc.assert(
      fc.property(privateKey, fieldElement, (key, message) => {
        const ours = signMessage(key, message);
        const theirs = zkKit.signMessage(key, message);
        expect(ours).toEqual({ r8x: theirs.R8[0], r8y: theirs.R8[1], s: theirs.S });
        expect(zkKit.verifySignature(message, theirs, zkKit.derivePublicKey(key))).toBe(true);
        expect(verifySignature(publicKeyOf(key), message, ours)).toBe(true);
      }),
      { numRuns: 3 },
    );
  });

  test('a signature does not verify for another message, key, or a non-canonical S', () => {
    const key = new Uint8Array(32).fill(9);
    const signature = signMessage(key, 42n);
    expect(verifySignature(publicKeyOf(key), 43n, signature)).toBe(false);
    expect(verifySignature(publicKeyOf(new Uint8Array(32).fill(8)), 42n, signature)).toBe(false);
    const subOrder = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;
    expect(verifySignature(publicKeyOf(key), 42n, { ...signature, s: signature.s + subOrder })).toBe(false);
  });
});
