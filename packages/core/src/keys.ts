// Baby Jubjub keys and EdDSA-Poseidon signatures, as circomlib's EdDSAPoseidonVerifier checks them.
import { randomBytes } from 'node:crypto';
import { eddsa } from './crypto.js';
import { InvalidOperation } from './errors.js';

/** 32 random bytes; the signing scalar is derived from them as circomlibjs does (BLAKE-512). */
export type PrivateKey = Uint8Array;

export interface PublicKey {
  readonly ax: bigint;
  readonly ay: bigint;
}

export interface Signature {
  readonly r8x: bigint;
  readonly r8y: bigint;
  readonly s: bigint;
}

export function randomPrivateKey(): PrivateKey {
  return new Uint8Array(randomBytes(32));
}

function checkPrivateKey(privateKey: PrivateKey): void {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) {
    throw new InvalidOperation('must be 32 bytes', { field: 'privateKey' });
  }
}

export function publicKeyOf(privateKey: PrivateKey): PublicKey {
  checkPrivateKey(privateKey);
  const [ax, ay] = eddsa.prv2pub(privateKey);
  return { ax: eddsa.F.toObject(ax), ay: eddsa.F.toObject(ay) };
}

export function signMessage(privateKey: PrivateKey, message: bigint): Signature {
  checkPrivateKey(privateKey);
  const { R8, S } = eddsa.signPoseidon(privateKey, eddsa.F.e(message));
  return { r8x: eddsa.F.toObject(R8[0]), r8y: eddsa.F.toObject(R8[1]), s: S };
}

/** False for a signature that does not verify (including S >= subgroup order, R8 off the curve). */
export function verifySignature(publicKey: PublicKey, message: bigint, signature: Signature): boolean {
  try {
    return eddsa.verifyPoseidon(
      eddsa.F.e(message),
      { R8: [eddsa.F.e(signature.r8x), eddsa.F.e(signature.r8y)], S: signature.s },
      [eddsa.F.e(publicKey.ax), eddsa.F.e(publicKey.ay)],
    );
  } catch {
    return false;
  }
}
