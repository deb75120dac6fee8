// Operations as JSON (bigints as decimal strings): the API's request bodies and the store's rows.
// The conversion is the sdk's operation codec (@zkr/sdk/codec), the one `zkr sign` and `zkr
// submit` use; the API's JSON schemas check a request's shape before it. What the node adds to
// an operation on the wire is the nonce it was signed for and, optionally, the domain.
import type { Operation, SignedOperation } from '@zkr/core';
import { InvalidFieldError, operationToJson as codecToJson, parseOperation } from '@zkr/sdk/codec';
import { RequestError } from './errors.js';

export interface SignatureJson {
  readonly r8x: string;
  readonly r8y: string;
  readonly s: string;
}

/** A signed operation as a client posts it: the op, the nonce it was signed for, and optionally
 * the domain it was signed for (checked against this rollup's, to name a wrong one). */
export type SignedOperationJson =
  | {
      readonly type: 'transfer';
      readonly from: number;
      readonly to: number;
      readonly amount: string;
      readonly fee: string;
      readonly nonce: string;
      readonly domain?: string;
      readonly signature: SignatureJson;
    }
  | {
      readonly type: 'withdraw';
      readonly from: number;
      readonly amount: string;
      readonly fee: string;
      readonly l1Address: string;
      readonly nonce: string;
      readonly domain?: string;
      readonly signature: SignatureJson;
    };

/** A batch slot as the store keeps it (no padding: `noop` never appears). */
export type OperationJson =
  | { readonly type: 'deposit'; readonly accountIndex: number }
  | { readonly type: 'forcedExit'; readonly accountIndex: number; readonly amount: string }
  | Omit<Extract<SignedOperationJson, { type: 'transfer' }>, 'nonce' | 'domain'>
  | Omit<Extract<SignedOperationJson, { type: 'withdraw' }>, 'nonce' | 'domain'>;

/** The operation `json` holds; the nonce and domain a posted operation carries are not part of it. */
export function operationFromJson(json: OperationJson | SignedOperationJson): Operation {
  return parseOperation(json, 'operation');
}

/** A posted operation, or a 400 naming the field the schema let through but the codec refuses
 * (an L1 address with a bad EIP-55 checksum). */
export function postedOperation(body: SignedOperationJson): SignedOperation {
  try {
    return parseOperation(body, 'operation') as SignedOperation;
  } catch (error) {
    if (!(error instanceof InvalidFieldError)) throw error;
    const field = error.field.replace(/^operation\./, '');
    throw new RequestError(400, 'node.invalid_field', field, error.message.replace(/^operation\./, ''), {}, { cause: error });
  }
}

export function operationToJson(op: Operation): OperationJson {
  return codecToJson(op) as unknown as OperationJson;
}

/** What makes a signed operation unique: its signature (a replay posts the same one again). */
export function signatureKey(op: SignedOperation): string {
  if (op.signature === undefined) throw new TypeError('a signed operation without its signature');
  const { r8x, r8y, s } = op.signature;
  return `${r8x}:${r8y}:${s}`;
}
