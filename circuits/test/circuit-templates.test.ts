// Sub-templates against known answers computed in TypeScript by @zkr/core (circomlibjs inside),
// plus the field edges of the inputs they range-check.
import {
  accountLeaf,
  AccountTree,
  decodeFloat16,
  decodeFloat40,
  FIELD_MODULUS as r,
  nextPriorityChain,
  operationChunk,
  poseidon,
  publicKeyOf,
  signMessage,
  type Operation,
} from '@zkr/core';
import fc from 'fast-check';
import type { CompiledCircuit } from '../src/index.js';
import { craftedKey, double, FORGED_SIGNATURE, onCurve, SMALL_ORDER_KEYS } from './helpers/forgeable-keys.js';
import {
  checkEdited,
  CIRCOMLIB_DIR,
  compileTemplate,
  constraintAt,
  rejection,
  satisfies,
  terminate,
  values,
  wires,
  witness,
  type Input,
} from './helpers/witness.js';

afterAll(terminate);

/** The value of each named output (`main.<name>`) of the witness for `input`. */
async function outputs(circuit: CompiledCircuit, input: Input): Promise<Record<string, bigint>> {
  const w = values(await witness(circuit, input));
  const out: Record<string, bigint> = {};
  for (const [name, wire] of await wires(circuit)) {
    if (/^main\.[^.]+$/.test(name)) out[name.slice('main.'.length)] = w[wire]!;
  }
  return out;
}

const bitsOf = (value: bigint, n: number): string[] => Array.from({ length: n }, (_, i) => ((value >> BigInt(i)) & 1n).toString());
const field = fc.bigInt({ min: 0n, max: r - 1n });

describe('AccountLeaf', () => {
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileTemplate('t_account_leaf', 'account.circom', 'AccountLeaf()');
  });

  test('equals H(ax, ay, tokenId, balance, nonce)', async () => {
    await fc.assert(
      fc.asyncProperty(field, field, field, field, field, async (ax, ay, tokenId, balance, nonce) => {
        const got = await outputs(circuit, { ax, ay, tokenId, balance, nonce });
        expect(got['out']).toBe(accountLeaf({ ax, ay, tokenId, balance, nonce }));
      }),
      { numRuns: 5 },
    );
  });
});

describe('QuadMerkleRoot', () => {
  const levels = 2;
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileTemplate('t_quad_merkle_root', 'merkle.circom', `QuadMerkleRoot(${levels})`);
  });

  test('equals core for every index of a 16-leaf tree (each position at each level)', async () => {
    const siblings = [
      [11n, 12n, 13n],
      [21n, 22n, 23n],
    ];
    for (let index = 0; index < 4 ** levels; index++) {
      const got = await outputs(circuit, { leaf: 99n, indexBits: bitsOf(BigInt(index), 2 * levels), siblings });
      expect(got['root']).toBe(AccountTree.computeRoot(index, 99n, siblings));
    }
  });

  test('equals core for random leaves, indices and siblings', async () => {
    await fc.assert(
      fc.asyncProperty(
        field,
        fc.nat(4 ** levels - 1),
        fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: levels, maxLength: levels }),
        async (leaf, index, siblings) => {
          const got = await outputs(circuit, { leaf, indexBits: bitsOf(BigInt(index), 2 * levels), siblings });
          expect(got['root']).toBe(AccountTree.computeRoot(index, leaf, siblings));
        },
      ),
      { numRuns: 5 },
    );
  });
});

describe('LeafUpdate', () => {
  const levels = 2;
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileTemplate('t_leaf_update', 'merkle.circom', `LeafUpdate(${levels})`);
  });
  const siblings = [
    [1n, 2n, 3n],
    [4n, 5n, 6n],
  ];
  const index = 9;
  const rootIn = AccountTree.computeRoot(index, 7n, siblings);
  const base = { rootIn, oldLeaf: 7n, newLeaf: 8n, indexBits: bitsOf(BigInt(index), 4), siblings };

  test('enabled: proves the old leaf and returns the root with the new leaf', async () => {
    const got = await outputs(circuit, { ...base, enabled: 1n });
    expect(got['rootOut']).toBe(AccountTree.computeRoot(index, 8n, siblings));
  });

  test('enabled: a leaf that is not under rootIn is refused', async () => {
    await expect(rejection(circuit, { ...base, enabled: 1n, oldLeaf: 6n })).resolves.toMatch(/LeafUpdate/);
  });

  test('disabled: returns rootIn whatever the leaves', async () => {
    const got = await outputs(circuit, { ...base, enabled: 0n, oldLeaf: 6n });
    expect(got['rootOut']).toBe(rootIn);
  });
});

describe('FloatValue', () => {
  let f40: CompiledCircuit;
  let f16: CompiledCircuit;
  beforeAll(async () => {
    f40 = await compileTemplate('t_float40', 'float.circom', 'FloatValue(35)');
    f16 = await compileTemplate('t_float16', 'float.circom', 'FloatValue(11)');
  });

  const packed = (m: bigint, e: bigint, mantissaBits: number): bigint => (e << BigInt(mantissaBits)) | m;

  test.each([
    ['zero', 0n, 0n],
    ['zero mantissa, max exponent', 0n, 31n],
    ['1', 1n, 0n],
    ['max mantissa, exponent 0', (1n << 35n) - 1n, 0n],
    ['1 * 10^31', 1n, 31n],
    ['max mantissa, max exponent', (1n << 35n) - 1n, 31n],
  ])('float40 %s equals core', async (_, m, e) => {
    const v = packed(m, e, 35);
    expect((await outputs(f40, { bits: bitsOf(v, 40) }))['value']).toBe(decodeFloat40(v));
  });

  test.each([
    ['zero', 0n, 0n],
    ['max mantissa, exponent 0', (1n << 11n) - 1n, 0n],
    ['max mantissa, max exponent', (1n << 11n) - 1n, 31n],
  ])('float16 %s equals core', async (_, m, e) => {
    const v = packed(m, e, 11);
    expect((await outputs(f16, { bits: bitsOf(v, 16) }))['value']).toBe(decodeFloat16(v));
  });

  test('every exponent of float40 equals core', async () => {
    for (let e = 0n; e < 32n; e++) {
      const v = packed(12345n, e, 35);
      expect((await outputs(f40, { bits: bitsOf(v, 40) }))['value']).toBe(decodeFloat40(v));
    }
  });
});

describe('ChunkDecode', () => {
  const levels = 4;
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileTemplate('t_chunk_decode', 'chunk.circom', `ChunkDecode(${levels})`);
  });

  const number = (bits: readonly bigint[]): bigint => bits.reduce((acc, b, i) => acc + (b << BigInt(i)), 0n);
  interface Decoded {
    flags: bigint[];
    typeCode: bigint;
    a: bigint;
    b: bigint;
    amount: bigint;
    fee: bigint;
    exitAmount: bigint;
  }
  async function decode(op: Operation): Promise<Decoded> {
    const w = values(await witness(circuit, { chunk: operationChunk(op) }));
    const index = await wires(circuit);
    const signal = (name: string): bigint => w[index.get(`main.${name}`)!]!;
    const bitsNamed = (name: string): bigint[] => Array.from({ length: 2 * levels }, (_, i) => signal(`${name}[${i}]`));
    return {
      flags: ['isNoop', 'isDeposit', 'isTransfer', 'isWithdraw', 'isExit'].map(signal),
      typeCode: signal('typeCode'),
      a: number(bitsNamed('aIndexBits')),
      b: number(bitsNamed('bIndexBits')),
      amount: signal('amount'),
      fee: signal('fee'),
      exitAmount: signal('exitAmount'),
    };
  }

  test('noop', async () => {
    const d = await decode({ type: 'noop' });
    expect(d.flags).toEqual([1n, 0n, 0n, 0n, 0n]);
    expect([d.a, d.amount, d.fee]).toEqual([0n, 0n, 0n]);
  });

  test('deposit', async () => {
    const d = await decode({ type: 'deposit', accountIndex: 255 });
    expect(d.flags).toEqual([0n, 1n, 0n, 0n, 0n]);
    expect([d.typeCode, d.a, d.amount, d.fee]).toEqual([1n, 255n, 0n, 0n]);
  });

  test('transfer', async () => {
    const d = await decode({ type: 'transfer', from: 17, to: 200, amount: 123_456_000n, fee: 2047n * 10n ** 31n });
    expect(d.flags).toEqual([0n, 0n, 1n, 0n, 0n]);
    expect([d.typeCode, d.a, d.b, d.amount, d.fee]).toEqual([2n, 17n, 200n, 123_456_000n, 2047n * 10n ** 31n]);
  });

  test('withdraw (the L1 address fills the chunk to its last byte)', async () => {
    const d = await decode({ type: 'withdraw', from: 3, amount: ((1n << 35n) - 1n) * 10n ** 31n, fee: 7n, l1Address: `0x${'ff'.repeat(20)}` });
    expect(d.flags).toEqual([0n, 0n, 0n, 1n, 0n]);
    expect([d.typeCode, d.a, d.amount, d.fee]).toEqual([3n, 3n, ((1n << 35n) - 1n) * 10n ** 31n, 7n]);
  });

  test('forced exit with a 128-bit amount', async () => {
    const d = await decode({ type: 'forcedExit', accountIndex: 254, amount: (1n << 128n) - 1n });
    expect(d.flags).toEqual([0n, 0n, 0n, 0n, 1n]);
    expect([d.typeCode, d.a, d.exitAmount, d.amount, d.fee]).toEqual([4n, 254n, (1n << 128n) - 1n, 0n, 0n]);
  });

  test('every type byte from 5 to 255 is refused', async () => {
    for (const type of [5n, 6n, 8n, 16n, 128n, 255n]) {
      await expect(rejection(circuit, { chunk: type << 240n })).resolves.toMatch(/ChunkDecode/);
    }
  });

  test('the receiver index of a transfer must fit the tree; other ops may use those bytes', async () => {
    const receiverBeyondTree = operationChunk({ type: 'transfer', from: 1, to: 2, amount: 1n, fee: 0n }) | (1n << (192n + 8n));
    await expect(rejection(circuit, { chunk: receiverBeyondTree })).resolves.toMatch(/ChunkDecode/);
    const withdrawAmountByte = operationChunk({ type: 'withdraw', from: 1, amount: 1n << 34n, fee: 0n, l1Address: `0x${'00'.repeat(20)}` });
    expect(await satisfies(circuit, { chunk: withdrawAmountByte })).toBe(true);
  });

  test('hint-computed type flags cannot be edited: claiming a noop is a transfer breaks the r1cs', async () => {
    const chunk = operationChunk({ type: 'noop' });
    expect(await checkEdited(circuit, { chunk }, {})).toBe(true);
    expect(await checkEdited(circuit, { chunk }, { 'main.isNoop': 0n, 'main.isTransfer': 1n })).toBe(false);
  });
});

describe('PriorityStep', () => {
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileTemplate('t_priority_step', 'priority.circom', 'PriorityStep()');
  });
  const entry = { type: 'deposit' as const, accountIndex: 200, tokenId: 3n, amount: 10n ** 20n, ax: 5n, ay: 6n };
  const input = (over: Record<string, bigint> = {}) => ({
    enabled: 1n,
    chainIn: 77n,
    typeCode: 1n,
    accountIndex: BigInt(entry.accountIndex),
    tokenId: entry.tokenId,
    amount: entry.amount,
    ax: entry.ax,
    ay: entry.ay,
    ...over,
  });

  test('enabled: equals core nextPriorityChain', async () => {
    expect((await outputs(circuit, input()))['chainOut']).toBe(nextPriorityChain(77n, entry));
  });

  test('disabled: the chain does not move', async () => {
    expect((await outputs(circuit, input({ enabled: 0n })))['chainOut']).toBe(77n);
  });

  describe.each([
    ['tokenId', 32],
    ['amount', 128],
  ])('field edges of %s (range-checked to %i bits)', (name, bits) => {
    const max = (1n << BigInt(bits)) - 1n;
    test.each([
      ['0', 0n, true],
      ['max', max, true],
      ['max + 1', max + 1n, false],
      ['r - 1', r - 1n, false],
      ['r (reads as 0)', r, true],
    ])('%s', async (_, value, accepted) => {
      if (accepted) expect(await satisfies(circuit, input({ [name]: value }))).toBe(true);
      else await expect(rejection(circuit, input({ [name]: value }))).resolves.toMatch(/Num2Bits/);
    });
  });
});

describe('OperationSignature', () => {
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileTemplate('t_operation_signature', 'signature.circom', 'OperationSignature()');
  });
  const key = new Uint8Array(32).fill(9);
  const { ax, ay } = publicKeyOf(key);
  const context = { domain: 1234n, chunk: operationChunk({ type: 'transfer', from: 1, to: 2, amount: 5n, fee: 0n }), nonce: 3n };
  // M = H(domain, chunk, nonce), signed as core signs it.
  const signed = async () => {
    const sig = signMessage(key, poseidon([context.domain, context.chunk, context.nonce]));
    return { enabled: 1n, ...context, ax, ay, r8x: sig.r8x, r8y: sig.r8y, s: sig.s };
  };

  test('a valid signature over (domain, chunk, nonce) is accepted', async () => {
    expect(await satisfies(circuit, await signed())).toBe(true);
  });

  test('the same signature under another domain, chunk or nonce is refused', async () => {
    const base = await signed();
    for (const over of [{ domain: 1235n }, { chunk: base.chunk + (1n << 200n) }, { nonce: 4n }]) {
      await expect(rejection(circuit, { ...base, ...over })).resolves.toMatch(/OperationSignature/);
    }
  });

  test('S + l (the same point, a non-canonical scalar) is refused', async () => {
    const l = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;
    const base = await signed();
    await expect(rejection(circuit, { ...base, s: base.s + l })).resolves.toMatch(/OperationSignature/);
  });

  test('disabled with an all-zero key and signature is accepted (unsigned slots)', async () => {
    expect(await satisfies(circuit, { enabled: 0n, domain: 1n, chunk: 0n, nonce: 0n, ax: 0n, ay: 0n, r8x: 0n, r8y: 0n, s: 0n })).toBe(true);
  });

  test('forged signature under a crafted off-curve key (issue 15): refused by the on-curve check', async () => {
    const [ax, ay] = craftedKey();
    const forged = { enabled: 1n, ...context, ax, ay, ...FORGED_SIGNATURE };
    await expect(rejection(circuit, forged)).resolves.toMatch(await constraintAt('signature.circom', '168700 * keyX2 + keyY2 === 1 + 168696 * keyX2 * keyY2'));
  });

  test.each(SMALL_ORDER_KEYS)("forged signature under the small-order key %s: refused by circomlib's x(4A) != 0 guard", async (_, [ax, ay]) => {
    const message = await rejection(circuit, { enabled: 1n, ...context, ax, ay, ...FORGED_SIGNATURE });
    expect(message).toMatch(await constraintAt('eddsaposeidon.circom', 'isZero.out*enabled === 0', CIRCOMLIB_DIR));
  });
});

// The attack of issue 15 on circomlib's verifier alone, which the slot's signature check used as
// is: a key off the curve with x(8K) = 0 makes R8 = S·B8 verify for any message.
describe('circomlib EdDSAPoseidonVerifier (no curve check on the key)', () => {
  let circuit: CompiledCircuit;
  beforeAll(async () => {
    circuit = await compileTemplate('t_circomlib_eddsa_poseidon', 'eddsaposeidon.circom', 'EdDSAPoseidonVerifier()');
  });

  test('the crafted key is off the curve, passes the x(4K) != 0 guard and has x(8K) = 0', () => {
    const key = craftedKey();
    expect(onCurve(key)).toBe(false);
    expect(double(double(key))[0]).not.toBe(0n);
    expect(double(double(double(key)))[0]).toBe(0n);
  });

  test('forged signature under the crafted key: accepted for any message, with no private key', async () => {
    const [Ax, Ay] = craftedKey();
    for (const M of [0n, 12345n, r - 1n]) {
      expect(await satisfies(circuit, { enabled: 1n, Ax, Ay, S: FORGED_SIGNATURE.s, R8x: FORGED_SIGNATURE.r8x, R8y: FORGED_SIGNATURE.r8y, M })).toBe(true);
    }
  });
});
