// The verifier generator's input checks and reproducibility (no EVM needed; batches.test.ts
// runs the generated contracts on anvil).
import { readFileSync } from 'node:fs';
import { setupCircuit, terminateSnarkjsCurve } from '@zkr/circuits';
import { BASE_FIELD, batchVerifierName, batchVerifierSource, parseVerificationKey, VerificationKeyError } from '../src/batchVerifier.js';

let vkey: Record<string, unknown>;
// setupCircuit, not loadArtifacts: on a clean clone no earlier test has made the dev setup.
beforeAll(async () => {
  vkey = JSON.parse(readFileSync((await setupCircuit({ name: 'batch_1_d8' })).vkey, 'utf8')) as Record<string, unknown>;
}, 900_000);
afterAll(terminateSnarkjsCurve);

const fieldOf = (json: unknown): string => {
  try {
    parseVerificationKey(json);
  } catch (error) {
    if (error instanceof VerificationKeyError) return error.field;
    throw error;
  }
  throw new Error('accepted');
};

test('a malformed verification key is a VerificationKeyError naming the entry', () => {
  expect(fieldOf({ ...vkey, protocol: 'plonk' })).toBe('protocol');
  expect(fieldOf({ ...vkey, curve: 'bls12381' })).toBe('curve');
  expect(fieldOf({ ...vkey, nPublic: 6 })).toBe('IC');
  const ic = vkey['IC'] as string[][];
  expect(fieldOf({ ...vkey, IC: [ic[0], [(BASE_FIELD + 1n).toString(), ic[1]![1], '1'], ...ic.slice(2)] })).toBe('IC[1][0]');
  expect(fieldOf({ ...vkey, vk_alpha_1: [...(vkey['vk_alpha_1'] as string[]).slice(0, 2), '2'] })).toBe('vk_alpha_1');
  expect(fieldOf({ ...vkey, vk_delta_2: (vkey['vk_delta_2'] as unknown[]).slice(0, 2) })).toBe('vk_delta_2');
});

test('the source is a function of the key alone: one constant per IC point, one ecMul line per input', () => {
  const parsed = parseVerificationKey(vkey);
  const source = batchVerifierSource(batchVerifierName('batch_1_d8'), parsed, 4);
  expect(batchVerifierSource(batchVerifierName('batch_1_d8'), parseVerificationKey(structuredClone(vkey)), 4)).toBe(source);
  expect(source).toContain('contract BatchVerifier_batch_1_d8 {');
  expect(source).toContain(`uint256 public constant PUBLIC_INPUTS = ${vkey['nPublic'] as number};`);
  expect(source).toContain('uint256 public constant LEVELS = 4;');
  expect(source.match(/addMul\(acc, IC\d+_X/g)).toHaveLength(vkey['nPublic'] as number);
  expect(() => batchVerifierName('batch-1')).toThrow(RangeError);
});
