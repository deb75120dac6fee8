// Signature domain and signed messages (spec §4): a signature is valid on one deployment only.
import { poseidon } from './poseidon.js';
import { BadSignature, InvalidOperation } from './errors.js';
import { assertUint, fromBytesBE } from './field.js';
import { isValidPublicKey, type PrivateKey, type PublicKey, signMessage, verifySignature } from './keys.js';
import { normalizeAddress, operationChunk, type SignedOperation } from './operations.js';
import { hexToBytes } from './field.js';

export function computeDomain(chainId: bigint, rollupAddress: string): bigint {
  assertUint(chainId, 64, 'chainId');
  const address = fromBytesBE(hexToBytes(normalizeAddress(rollupAddress, 'rollupAddress'), 'rollupAddress'));
  return chainId + (address << 64n);
}

export interface SigningContext {
  readonly domain: bigint;
  readonly op: SignedOperation;
  /** The sender's nonce before the operation. */
  readonly nonce: bigint;
}

export function signingMessage({ domain, op, nonce }: SigningContext): bigint {
  if (op.type !== 'transfer' && op.type !== 'withdraw') {
    throw new InvalidOperation(`only transfers and withdraws are signed, received ${String((op as { type: unknown }).type)}`, { field: 'type' });
  }
  return poseidon([domain, operationChunk(op), nonce]);
}

export function signOperation<T extends SignedOperation>(privateKey: PrivateKey, context: SigningContext & { op: T }): T {
  return { ...context.op, signature: signMessage(privateKey, signingMessage(context)) };
}

export function checkOperationSignature(publicKey: PublicKey, context: SigningContext, field: string): void {
  const signature = context.op.signature;
  if (signature === undefined) throw new BadSignature('missing signature', { field });
  if (!isValidPublicKey(publicKey)) {
    throw new BadSignature('the sender key is not a Baby Jubjub point of large order, so no signature by it is valid', { field });
  }
  if (!verifySignature(publicKey, signingMessage(context), signature)) {
    throw new BadSignature('does not verify for the sender key, nonce and domain', { field });
  }
}
