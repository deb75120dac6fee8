// Parsers for JSON fields and option values. Each names the field it rejects (a JSON path such
// as "ops.json[1].fee", or an option such as "--amount"), so the fix is obvious. No ethers here:
// a CLI parses its options before it loads anything heavy (@zkr/sdk/codec).
import { keccak_256 } from '@noble/hashes/sha3.js';
// The error tree alone: loading all of core is for the commands that use it.
import { ZkrError } from '@zkr/core/errors';

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

/** A non-negative integer below 2^bits: amounts are uint128 on L1 and in the tree, token ids uint32. */
export function parseUintBits(value: unknown, field: string, bits: number): bigint {
  const n = parseUint(value, field);
  if (n >= 1n << BigInt(bits)) throw new InvalidFieldError(field, `${field} must be below 2^${bits}, received ${received(value)}`);
  return n;
}

export const parseAmount = (value: unknown, field: string): bigint => parseUintBits(value, field, 128);

/** EIP-55: a hex digit is upper case where the keccak of the lower-case address has a nibble >= 8. */
function checksummed(lowerHex: string): string {
  const hash = keccak_256(new TextEncoder().encode(lowerHex));
  let out = '0x';
  for (let i = 0; i < 40; i++) out += (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0x8 ? lowerHex[i]!.toUpperCase() : lowerHex[i]!;
  return out;
}

/** A 20-byte L1 address, returned checksummed; a mixed-case one must carry a valid EIP-55 checksum. */
export function parseAddress(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value))
    throw new InvalidFieldError(field, `${field} must be a 0x-prefixed 20-byte L1 address, received ${received(value)}`);
  const hex = value.slice(2);
  const address = checksummed(hex.toLowerCase());
  const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
  if (mixedCase && address !== value) throw new InvalidFieldError(field, `${field} has a bad EIP-55 checksum (a mistyped character?): received ${value}`);
  return address;
}

/** A JSON object, or an error naming where the object was expected. */
export function objectAt(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidFieldError(field, `${field} must be a JSON object, received ${received(value)}`);
  return value as Record<string, unknown>;
}
