// Parsers for JSON fields and option values. Each names the field it rejects (a JSON path such
// as "ops.json[1].fee", or an option such as "--amount"), so the fix is obvious.
import { getAddress, isAddress } from 'ethers';
import { ZkrError } from '@zkr/core';

/** A value that is not what its field needs; `field` names it. */
export class InvalidFieldError extends ZkrError {
  static override readonly code = 'sdk.invalid_field';
  declare readonly field: string;
  constructor(field: string, message: string) {
    super(InvalidFieldError.code, message, { field });
  }
}

function received(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** A non-negative integer: decimal digits, or a JSON number that is a safe integer. */
export function parseUint(value: unknown, field: string): bigint {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new InvalidFieldError(field, `${field} must be a non-negative decimal integer, received ${received(value)}`);
}

/** An account index, block number, depth or other count that fits a JS number. */
export function parseCount(value: unknown, field: string): number {
  const n = parseUint(value, field);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidFieldError(field, `${field} is too large, received ${received(value)}`);
  return Number(n);
}

/** A count of at least one, such as a number of batches. */
export function parsePositive(value: unknown, field: string): number {
  const n = parseCount(value, field);
  if (n === 0) throw new InvalidFieldError(field, `${field} must be a positive integer, received ${received(value)}`);
  return n;
}

/** A 20-byte L1 address, returned checksummed. */
export function parseAddress(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isAddress(value)) throw new InvalidFieldError(field, `${field} must be a 0x-prefixed 20-byte L1 address, received ${received(value)}`);
  return getAddress(value);
}

/** A JSON object, or an error naming where the object was expected. */
export function objectAt(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidFieldError(field, `${field} must be a JSON object, received ${received(value)}`);
  return value as Record<string, unknown>;
}
