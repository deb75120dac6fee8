// The operation JSON codec: what operationToJson writes, parseOperation reads back, through JSON
// text; a malformed field is an InvalidFieldError naming it.
import type { Operation } from '@zkr/core';
import { InvalidFieldError, operationToJson, parseOperation, parseOperations } from '../src/index.js';

const signature = { r8x: 2n ** 250n + 1n, r8y: 7n, s: 2n ** 200n };
const operations: Operation[] = [
  { type: 'deposit', accountIndex: 3 },
  { type: 'forcedExit', accountIndex: 4, amount: 2n ** 127n },
  { type: 'transfer', from: 1, to: 2, amount: 10n ** 30n, fee: 1n, signature },
  { type: 'withdraw', from: 1, amount: 5n, fee: 0n, l1Address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', signature },
];

test('every operation type survives operationToJson, JSON text and parseOperation', () => {
  for (const op of operations) {
    const text = JSON.stringify(operationToJson(op));
    expect(text).not.toContain('n"');
    expect(parseOperation(JSON.parse(text), 'op')).toEqual(op);
  }
  expect(parseOperations(JSON.parse(JSON.stringify(operations.map(operationToJson))), 'ops.json')).toEqual(operations);
});

test('a malformed field is an InvalidFieldError naming it', () => {
  const bad = { ...operationToJson(operations[2]!), fee: '-1' };
  expect(() => parseOperations([operationToJson(operations[0]!), bad], 'ops.json')).toThrow(
    new InvalidFieldError('ops.json[1].fee', 'ops.json[1].fee must be a non-negative decimal integer, received "-1"'),
  );
  const unknown = (): Operation => parseOperation({ type: 'mint' }, 'op');
  expect(unknown).toThrow(InvalidFieldError);
  expect(unknown).toThrow('op.type must be one of deposit, transfer, withdraw, forcedExit, received "mint"');
});
