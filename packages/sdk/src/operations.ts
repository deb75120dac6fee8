// Operation files: the JSON `zkr sign` writes (bigints as decimal strings) and `zkr submit` reads.
// Only the shape is checked here, naming the bad field; the rules (balances, nonces, signatures)
// are @zkr/core's, applied when the batch is built.
import type { Operation, Signature } from '@zkr/core';
import { UsageError } from './errors.js';
import { readJsonFile } from './io.js';
import { objectAt, parseAddress, parseCount, parseUint } from './parse.js';

const TYPES = ['deposit', 'transfer', 'withdraw', 'forcedExit'] as const;

function parseSignature(value: unknown, field: string): Signature {
  const s = objectAt(value, field);
  return { r8x: parseUint(s['r8x'], `${field}.r8x`), r8y: parseUint(s['r8y'], `${field}.r8y`), s: parseUint(s['s'], `${field}.s`) };
}

export function parseOperation(value: unknown, field: string): Operation {
  const o = objectAt(value, field);
  const index = (key: string): number => parseCount(o[key], `${field}.${key}`);
  const uint = (key: string): bigint => parseUint(o[key], `${field}.${key}`);
  switch (o['type']) {
    case 'deposit':
      return { type: 'deposit', accountIndex: index('accountIndex') };
    case 'forcedExit':
      return { type: 'forcedExit', accountIndex: index('accountIndex'), amount: uint('amount') };
    case 'transfer':
      return { type: 'transfer', from: index('from'), to: index('to'), amount: uint('amount'), fee: uint('fee'), signature: parseSignature(o['signature'], `${field}.signature`) };
    case 'withdraw':
      return {
        type: 'withdraw',
        from: index('from'),
        amount: uint('amount'),
        fee: uint('fee'),
        l1Address: parseAddress(o['l1Address'], `${field}.l1Address`),
        signature: parseSignature(o['signature'], `${field}.signature`),
      };
    default:
      throw new UsageError(`${field}.type must be one of ${TYPES.join(', ')}, received ${JSON.stringify(o['type'])}`);
  }
}

/** The operations of each file in order; a file holds one operation or an array of them. */
export function readOperations(files: readonly string[]): Operation[] {
  return files.flatMap((file) => {
    const json = readJsonFile(file, 'operations');
    return Array.isArray(json) ? json.map((op, i) => parseOperation(op, `${file}[${i}]`)) : [parseOperation(json, file)];
  });
}
