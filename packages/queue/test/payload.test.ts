// Job payloads are checked on both sides of the queue: typed errors that name the field.
import { InputError } from '@zkr/prover';
import {
  artifactsHashOf,
  checkInput,
  MalformedJobError,
  parseOutput,
  parsePayload,
  PAYLOAD_VERSION,
  rebuildError,
  serializeError,
  ArtifactMismatchError,
} from '../dist/index.js';

const HASH = 'ab'.repeat(32);
const good = { v: PAYLOAD_VERSION, circuitId: 'batch_1_d8', artifactsHash: HASH, input: { a: '1', b: ['0x2', 3], c: [['4']] } };

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedJobError);
    return (error as MalformedJobError).field;
  }
  throw new Error('expected a MalformedJobError');
}

describe('job payloads', () => {
  it('accepts a well-formed payload', () => {
    expect(parsePayload(good)).toEqual(good);
  });

  it.each([
    ['payload', null],
    ['payload', [good]],
    ['v', { ...good, v: 2 }],
    ['circuitId', { ...good, circuitId: '' }],
    ['circuitId', { ...good, circuitId: 7 }],
    ['artifactsHash', { ...good, artifactsHash: 'AB'.repeat(32) }],
    ['artifactsHash', { ...good, artifactsHash: undefined }],
    ['input', { ...good, input: 'a=1' }],
    ['input', { ...good, input: {} }],
    ['input.a', { ...good, input: { a: '1.5' } }],
    ['input.b[1]', { ...good, input: { b: ['1', { x: 1 }] } }],
    ['input.c[0][0]', { ...good, input: { c: [[2 ** 60]] } }],
  ])('refuses a payload with a bad %s', (field, payload) => {
    expect(fieldOf(() => parsePayload(payload))).toBe(field);
  });

  it('refuses on the client side an input that is not integers, naming the signal', () => {
    expect(() => checkInput({ x: ['1', Number.NaN] })).toThrow(InputError);
    try {
      checkInput({ x: ['1', Number.NaN] });
    } catch (error) {
      expect((error as InputError).signal).toBe('x[1]');
    }
  });

  it('refuses a completed job output that is neither a proof nor an error', () => {
    expect(() => parseOutput({ ok: true }, 'j')).toThrow(MalformedJobError);
    expect(() => parseOutput('proof', 'j')).toThrow(MalformedJobError);
  });

  it('rebuilds errors that crossed the queue into the same classes', () => {
    const mismatch = new ArtifactMismatchError('batch_1_d8', HASH, 'cd'.repeat(32));
    const back = rebuildError(JSON.parse(JSON.stringify(serializeError(mismatch))));
    expect(back).toBeInstanceOf(ArtifactMismatchError);
    expect(back.details).toEqual(mismatch.details);
    expect(rebuildError(serializeError(new InputError('bad', 'x')))).toBeInstanceOf(InputError);
  });

  it('names a setup by all of its artifact hashes', () => {
    const file = (sha256: string) => ({ path: 'x', sha256 });
    const manifest = { circuit: 'c', files: { r1cs: file('1'), wasm: file('2'), zkey: file('3'), vkey: file('4') } };
    const other = { ...manifest, files: { ...manifest.files, zkey: file('5') } };
    expect(artifactsHashOf(manifest)).toMatch(/^[0-9a-f]{64}$/);
    expect(artifactsHashOf(manifest)).not.toBe(artifactsHashOf(other));
  });
});
