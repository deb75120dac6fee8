import { InvalidOperation } from './errors.js';

/** The BN254 scalar field modulus r: every circuit signal lives in [0, r). */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export const BALANCE_BITS = 128;
export const TOKEN_BITS = 32;
export const NONCE_BITS = 32;
/** Account indices take 3 bytes on L1, so a tree holds at most 2^24 accounts. */
export const MAX_DEPTH = 24;

/** Throws InvalidOperation unless `value` is an integer in [0, 2^bits). */
export function assertUint(value: bigint, bits: number, field: string): bigint {
  if (typeof value !== 'bigint') {
    throw new InvalidOperation(`expected a bigint, received ${typeof value} ${String(value)}`, { field });
  }
  if (value < 0n || value >= 1n << BigInt(bits)) {
    throw new InvalidOperation(`must be in [0, 2^${bits}), received ${value}`, { field });
  }
  return value;
}

export function assertFieldElement(value: bigint, field: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= FIELD_MODULUS) {
    throw new InvalidOperation(`must be a field element in [0, r), received ${String(value)}`, { field });
  }
  return value;
}

export function assertIndex(index: number, depth: number, field: string): number {
  if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** depth) {
    throw new InvalidOperation(`account index must be an integer in [0, 2^${depth}), received ${index}`, { field });
  }
  return index;
}

/** Big-endian bytes of `value`, exactly `length` long. */
export function toBytesBE(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function fromBytesBE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '0x';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export function hexToBytes(hex: string, field: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new InvalidOperation(`expected 0x-prefixed hex bytes, received ${hex}`, { field });
  }
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}
