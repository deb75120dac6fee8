// Baby Jubjub keys and EdDSA-Poseidon signatures, as circomlib's EdDSAPoseidonVerifier checks them.
import { GENERATOR, IDENTITY, addPoint, isOnCurve, mulPoint, SUB_ORDER } from './babyjub.js';
import { derivePublicKey, signPoseidon, verifyPoseidon } from './eddsa.js';
import { InvalidOperation, InvalidPublicKey } from './errors.js';
import { assertFieldElement, FIELD_MODULUS } from './field.js';

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

const pointId = (ax: bigint, ay: bigint): string => `${ax},${ay}`;

/**
 * The 8 points A with 8A = O (the curve's cofactor is 8, its torsion cyclic): the multiples of
 * T = l·G, where G generates the whole group (order 8l) and l is the prime subgroup order.
 */
const SMALL_ORDER_POINTS: ReadonlySet<string> = (() => {
  const torsion = mulPoint(GENERATOR, SUB_ORDER);
  const points = new Set<string>();
  let point = IDENTITY;
  for (let k = 0; k < 8; k++, point = addPoint(point, torsion)) points.add(pointId(point[0], point[1]));
  if (points.size !== 8) throw new Error(`Baby Jubjub: l·G has order ${points.size}, expected 8`);
  return points;
})();

/** What makes an in-field key invalid (spec §1.1), or undefined for a valid one. */
function keyFault(ax: bigint, ay: bigint): string | undefined {
  if (!isOnCurve([ax, ay])) return 'the key is not on Baby Jubjub';
  if (SMALL_ORDER_POINTS.has(pointId(ax, ay))) return 'the key has small order (8A = O), so anyone can sign for it';
  return undefined;
}

/**
 * A valid account key (spec §1.1): both coordinates in [0, r), on the curve, and of large order
 * (8A != O). A key failing either lets anyone forge its signatures (§4).
 */
export function isValidPublicKey(key: PublicKey): boolean {
  const { ax, ay } = key;
  if (typeof ax !== 'bigint' || typeof ay !== 'bigint') return false;
  if (ax < 0n || ax >= FIELD_MODULUS || ay < 0n || ay >= FIELD_MODULUS) return false;
  return keyFault(ax, ay) === undefined;
}

/** Returns `key` if valid; else InvalidOperation (a coordinate out of the field) or InvalidPublicKey, naming `field`. */
export function checkPublicKey<K extends PublicKey>(key: K, field: string): K {
  assertFieldElement(key.ax, `${field}.ax`);
  assertFieldElement(key.ay, `${field}.ay`);
  const fault = keyFault(key.ax, key.ay);
  if (fault !== undefined) throw new InvalidPublicKey(`${fault}: (ax, ay) = (${key.ax}, ${key.ay})`, { field, details: key });
  return key;
}

/** 32 bytes from the platform's CSPRNG (Web Crypto: Node 20+ and browsers alike). */
export function randomPrivateKey(): PrivateKey {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

function checkPrivateKey(privateKey: PrivateKey): void {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) {
    throw new InvalidOperation('must be 32 bytes', { field: 'privateKey' });
  }
}

export function publicKeyOf(privateKey: PrivateKey): PublicKey {
  checkPrivateKey(privateKey);
  const [ax, ay] = derivePublicKey(privateKey);
  return { ax, ay };
}

export function signMessage(privateKey: PrivateKey, message: bigint): Signature {
  checkPrivateKey(privateKey);
  const { R8, S } = signPoseidon(privateKey, message);
  return { r8x: R8[0], r8y: R8[1], s: S };
}

/**
 * False for a signature that does not verify (including S >= subgroup order, R8 off the curve)
 * and for any signature under an invalid key: the EdDSA equation checks the key is on the curve
 * but not its order, and for a small-order key R8 = S·B8 verifies with no private key.
 */
export function verifySignature(publicKey: PublicKey, message: bigint, signature: Signature): boolean {
  if (!isValidPublicKey(publicKey)) return false;
  const { r8x, r8y, s } = signature;
  if (typeof r8x !== 'bigint' || typeof r8y !== 'bigint' || typeof s !== 'bigint' || typeof message !== 'bigint') return false;
  return verifyPoseidon(message, { R8: [r8x, r8y], S: s }, [publicKey.ax, publicKey.ay]);
}
