// EdDSA-Poseidon over Baby Jubjub exactly as circomlibjs signs and circomlib's
// EdDSAPoseidonVerifier checks: the secret scalar and nonce come from BLAKE-512 (BLAKE-1).
import { blake512 } from '@noble/hashes/blake1.js';
import { BASE8, addPoint, isOnCurve, mulPoint, type Point, samePoint, SUB_ORDER } from './babyjub.js';
import { FIELD_MODULUS } from './field.js';
import { poseidon } from './poseidon.js';

export interface RawSignature {
  readonly R8: Point;
  readonly S: bigint;
}

const littleEndian = (bytes: Uint8Array): bigint => {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
};

function toLittleEndian32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 0; i < 32; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** BLAKE-512 of the key; its first half, pruned as in RFC 8032, is the secret scalar. */
function expandKey(privateKey: Uint8Array): { scalar: bigint; prefix: Uint8Array } {
  const digest = blake512(privateKey);
  const half = digest.slice(0, 32);
  half[0]! &= 0xf8;
  half[31]! &= 0x7f;
  half[31]! |= 0x40;
  return { scalar: littleEndian(half), prefix: digest.slice(32, 64) };
}

export function derivePublicKey(privateKey: Uint8Array): Point {
  return mulPoint(BASE8, expandKey(privateKey).scalar >> 3n);
}

export function signPoseidon(privateKey: Uint8Array, message: bigint): RawSignature {
  const { scalar, prefix } = expandKey(privateKey);
  const A = mulPoint(BASE8, scalar >> 3n);
  const nonceInput = new Uint8Array(64);
  nonceInput.set(prefix, 0);
  nonceInput.set(toLittleEndian32(message % FIELD_MODULUS), 32);
  const r = littleEndian(blake512(nonceInput)) % SUB_ORDER;
  const R8 = mulPoint(BASE8, r);
  const challenge = poseidon([R8[0], R8[1], A[0], A[1], message]);
  return { R8, S: (r + challenge * scalar) % SUB_ORDER };
}

/** S·B8 = R8 + 8·H(R8, A, m)·A, with R8 and A on the curve and S < subgroup order. */
export function verifyPoseidon(message: bigint, { R8, S }: RawSignature, A: Point): boolean {
  const inField = (point: Point): boolean => point.every((c) => c >= 0n && c < FIELD_MODULUS);
  if (!inField(R8) || !inField(A) || !isOnCurve(R8) || !isOnCurve(A) || S < 0n || S >= SUB_ORDER) return false;
  const challenge = poseidon([R8[0], R8[1], A[0], A[1], message]);
  return samePoint(mulPoint(BASE8, S), addPoint(R8, mulPoint(A, challenge * 8n)));
}
