// Parsers for option values and JSON fields. Each names the field it rejects (an option such as
// "--amount" or a JSON path such as "ops.json[1].fee"), so the fix is obvious; all are bad input.
import { getAddress, isAddress } from 'ethers';
import { UsageError } from './errors.js';

function received(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** A non-negative integer: decimal digits, or a JSON number that is a safe integer. */
export function parseUint(value: unknown, field: string): bigint {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new UsageError(`${field} must be a non-negative decimal integer, received ${received(value)}`);
}

/** An account index, block number, depth or other count that fits a JS number. */
export function parseCount(value: unknown, field: string): number {
  const n = parseUint(value, field);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new UsageError(`${field} is too large, received ${received(value)}`);
  return Number(n);
}

/** A count of at least one, such as a number of batches. */
export function parsePositive(value: unknown, field: string): number {
  const n = parseCount(value, field);
  if (n === 0) throw new UsageError(`${field} must be a positive integer, received ${received(value)}`);
  return n;
}

/** 32 bytes of hex, 0x optional: an L2 (Baby Jubjub) or L1 (secp256k1) private key. */
export function parseKey(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !/^(0x)?[0-9a-fA-F]{64}$/.test(value)) throw new UsageError(`${field} must be 32 bytes of hex (64 hex digits, 0x optional)`);
  return Uint8Array.from(Buffer.from(value.replace(/^0x/, ''), 'hex'));
}

export function parseAddress(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isAddress(value)) throw new UsageError(`${field} must be a 0x-prefixed 20-byte L1 address, received ${received(value)}`);
  return getAddress(value);
}

export function parseRpcUrl(value: unknown, field: string): string {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new UsageError(`${field} must be an http(s) JSON-RPC URL, received ${received(value)}`);
  return value as string;
}

/** A JSON object's property, or bad input naming where the object was expected. */
export function objectAt(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${field} must be a JSON object, received ${received(value)}`);
  return value as Record<string, unknown>;
}
