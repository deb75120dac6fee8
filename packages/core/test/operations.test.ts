import fc from 'fast-check';
import {
  decodeFloat16,
  decodeFloat40,
  decodeOperations,
  encodeBatch,
  encodeFloat16,
  encodeFloat40,
  encodeOperation,
  InvalidOperation,
  operationChunk,
  type Operation,
} from '../src/index.js';

const index = fc.integer({ min: 0, max: 2 ** 24 - 1 });
const float40Amount = fc.record({ m: fc.bigInt({ min: 0n, max: 2n ** 35n - 1n }), e: fc.integer({ min: 0, max: 31 }) }).map(({ m, e }) => m * 10n ** BigInt(e));
const float16Amount = fc.record({ m: fc.bigInt({ min: 0n, max: 2n ** 11n - 1n }), e: fc.integer({ min: 0, max: 31 }) }).map(({ m, e }) => m * 10n ** BigInt(e));
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString('hex')}`);

export const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.constant({ type: 'noop' } as const),
  fc.record({ type: fc.constant('deposit' as const), accountIndex: index }),
  fc.record({ type: fc.constant('transfer' as const), from: index, to: index, amount: float40Amount, fee: float16Amount }),
  fc.record({ type: fc.constant('withdraw' as const), from: index, amount: float40Amount, fee: float16Amount, l1Address: address }),
  fc.record({ type: fc.constant('forcedExit' as const), accountIndex: index, amount: fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }) }),
);

describe('floats', () => {
  test('decode(encode(x)) = x for every representable amount and fee', () => {
    fc.assert(fc.property(float40Amount, (a) => expect(decodeFloat40(encodeFloat40(a))).toBe(a)));
    fc.assert(fc.property(float16Amount, (f) => expect(decodeFloat16(encodeFloat16(f))).toBe(f)));
  });

  test('an amount with no exact encoding is an InvalidOperation naming the field', () => {
    expect(() => encodeFloat40(2n ** 35n + 1n, 'operations[0].amount')).toThrow(/operations\[0\]\.amount/);
    expect(() => encodeFloat16(2049n)).toThrow(InvalidOperation);
    expect(() => encodeFloat40(-1n)).toThrow(InvalidOperation);
  });
});

describe('operation bytes (spec §3)', () => {
  test('lengths per type are 1, 4, 14, 31, 20 bytes', () => {
    const l1Address = `0x${'ab'.repeat(20)}`;
    expect(encodeOperation({ type: 'noop' })).toHaveLength(1);
    expect(encodeOperation({ type: 'deposit', accountIndex: 5 })).toHaveLength(4);
    expect(encodeOperation({ type: 'transfer', from: 1, to: 2, amount: 10n, fee: 1n })).toHaveLength(14);
    expect(encodeOperation({ type: 'withdraw', from: 1, amount: 10n, fee: 1n, l1Address })).toHaveLength(31);
    expect(encodeOperation({ type: 'forcedExit', accountIndex: 1, amount: 10n })).toHaveLength(20);
  });

  test('a transfer encodes byte-exactly as the spec lays it out', () => {
    const bytes = encodeOperation({ type: 'transfer', from: 0x010203, to: 0x0a0b0c, amount: 1500n, fee: 30n });
    // amount 1500 = 15 * 10^2 -> (2 << 35) | 15; fee 30 = 3 * 10^1 -> (1 << 11) | 3
    expect(Buffer.from(bytes).toString('hex')).toBe('02' + '010203' + '0a0b0c' + '100000000f' + '0803');
    expect(operationChunk({ type: 'transfer', from: 0x010203, to: 0x0a0b0c, amount: 1500n, fee: 30n })).toBe(
      BigInt(`0x${Buffer.from(bytes).toString('hex')}${'00'.repeat(17)}`),
    );
  });

  test('decode(encodeBatch(ops)) round-trips, padding with noops', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 8 }), (ops) => {
        const decoded = decodeOperations(encodeBatch(ops), 8);
        expect(decoded).toHaveLength(8);
        expect(encodeBatch(decoded)).toEqual(encodeBatch(ops));
        for (const [i, op] of decoded.entries()) expect(operationChunk(op)).toBe(operationChunk(ops[i] ?? { type: 'noop' }));
      }),
    );
  });

  test('malformed bytes are rejected with the failing operation named', () => {
    expect(() => decodeOperations(Uint8Array.of(9), 2)).toThrow(/operations\[0\]\.type/);
    expect(() => decodeOperations(Uint8Array.of(2, 0, 0), 2)).toThrow(/truncated/);
    expect(() => decodeOperations(Uint8Array.of(1, 0, 0, 1, 1, 0, 0, 2, 1, 0, 0, 3), 2)).toThrow(/operations\[2\]/);
  });

  test('out-of-range fields are rejected naming the field', () => {
    expect(() => encodeOperation({ type: 'deposit', accountIndex: 2 ** 24 })).toThrow(/accountIndex/);
    expect(() => encodeOperation({ type: 'withdraw', from: 1, amount: 1n, fee: 0n, l1Address: '0x1234' })).toThrow(/l1Address/);
    expect(() => encodeOperation({ type: 'forcedExit', accountIndex: 1, amount: 2n ** 128n })).toThrow(/amount/);
  });
});
