// Parsers for option values and JSON fields. Each names the field it rejects (an option such as
// "--amount" or a JSON path such as "ops.json[1].fee"), so the fix is obvious; all are bad input
// (InvalidFieldError). The general ones are @zkr/sdk's; the CLI adds keys and RPC URLs.
// @zkr/sdk/codec loads no ethers: options are parsed before a command loads anything heavy.
import { InvalidFieldError } from '@zkr/sdk/codec';

export { objectAt, parseAddress, parseAmount, parseCount, parsePositive, parseUint, parseUintBits } from '@zkr/sdk/codec';

/** 32 bytes of hex, 0x optional: an L2 (Baby Jubjub) or L1 (secp256k1) private key. */
export function parseKey(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !/^(0x)?[0-9a-fA-F]{64}$/.test(value))
    throw new InvalidFieldError(field, `${field} must be 32 bytes of hex (64 hex digits, 0x optional)`);
  return Uint8Array.from(Buffer.from(value.replace(/^0x/, ''), 'hex'));
}

export function parseRpcUrl(value: unknown, field: string): string {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw new InvalidFieldError(field, `${field} must be an http(s) JSON-RPC URL, received ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value as string;
}
