// The operation JSON codec: operations as JSON values (bigints as decimal strings), the form
// `zkr sign` writes and `zkr submit` reads. Only the shape is checked here, naming the bad
// field; the rules (balances, nonces, signatures) are @zkr/core's, applied when the batch is built.
import type { Operation, Signature } from '@zkr/core';
import { InvalidFieldError, objectAt, parseAddress, parseCount, parseUint } from './fields.js';

const TYPES = ['deposit', 'transfer', 'withdraw', 'forcedExit'] as const;

function parseSignature(value: unknown, field: string): Signature {
  const s = objectAt(value, field);
  return { r8x: parseUint(s['r8x'], `${field}.r8x`), r8y: parseUint(s['r8y'], `${field}.r8y`), s: parseUint(s['s'], `${field}.s`) };
}

/** The operation a JSON value holds; `field` (e.g. the file and index) names what is rejected. */
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
      return {
        type: 'transfer',
        from: index('from'),
        to: index('to'),
        amount: uint('amount'),
        fee: uint('fee'),
        signature: parseSignature(o['signature'], `${field}.signature`),
      };
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
      throw new InvalidFieldError(`${field}.type`, `${field}.type must be one of ${TYPES.join(', ')}, received ${JSON.stringify(o['type'])}`);
  }
}

/** The JSON value of `operation`, which `parseOperation` reads back: bigints as decimal strings. */
export function operationToJson(operation: Operation): Record<string, unknown> {
  return JSON.parse(JSON.stringify(operation, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
}

/** Operations from a JSON value holding one operation or an array of them; `source` names it. */
export function parseOperations(value: unknown, source: string): Operation[] {
  return Array.isArray(value) ? value.map((op, i) => parseOperation(op, `${source}[${i}]`)) : [parseOperation(value, source)];
}
