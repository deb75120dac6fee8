// Operations as JSON (bigints as decimal strings): the API's request bodies and the store's rows.
// The API's JSON schemas check the shape first; these only convert.
import type { Operation, Signature, SignedOperation } from '@zkr/core';

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

export type OperationJson =
  | { readonly type: 'noop' }
  | { readonly type: 'deposit'; readonly accountIndex: number }
  | { readonly type: 'forcedExit'; readonly accountIndex: number; readonly amount: string }
  | Omit<Extract<SignedOperationJson, { type: 'transfer' }>, 'nonce' | 'domain'>
  | Omit<Extract<SignedOperationJson, { type: 'withdraw' }>, 'nonce' | 'domain'>;

const signatureOf = (s: SignatureJson): Signature => ({ r8x: BigInt(s.r8x), r8y: BigInt(s.r8y), s: BigInt(s.s) });
/** Stored and posted operations are signed; an unsigned one here is a bug of the caller. */
function signed(signature: Signature | undefined): Signature {
  if (signature === undefined) throw new TypeError('a signed operation without its signature');
  return signature;
}
const signatureJson = (s: Signature | undefined): SignatureJson => {
  const { r8x, r8y, s: scalar } = signed(s);
  return { r8x: r8x.toString(), r8y: r8y.toString(), s: scalar.toString() };
};

export function operationFromJson(json: OperationJson | SignedOperationJson): Operation {
  switch (json.type) {
    case 'noop':
      return { type: 'noop' };
    case 'deposit':
      return { type: 'deposit', accountIndex: json.accountIndex };
    case 'forcedExit':
      return { type: 'forcedExit', accountIndex: json.accountIndex, amount: BigInt(json.amount) };
    case 'transfer':
      return { type: 'transfer', from: json.from, to: json.to, amount: BigInt(json.amount), fee: BigInt(json.fee), signature: signatureOf(json.signature) };
    case 'withdraw':
      return {
        type: 'withdraw',
        from: json.from,
        amount: BigInt(json.amount),
        fee: BigInt(json.fee),
        l1Address: json.l1Address,
        signature: signatureOf(json.signature),
      };
  }
}

export function operationToJson(op: Operation): OperationJson {
  switch (op.type) {
    case 'noop':
    case 'deposit':
      return { ...op };
    case 'forcedExit':
      return { type: 'forcedExit', accountIndex: op.accountIndex, amount: op.amount.toString() };
    case 'transfer':
      return { type: 'transfer', from: op.from, to: op.to, amount: op.amount.toString(), fee: op.fee.toString(), signature: signatureJson(op.signature) };
    case 'withdraw':
      return {
        type: 'withdraw',
        from: op.from,
        amount: op.amount.toString(),
        fee: op.fee.toString(),
        l1Address: op.l1Address,
        signature: signatureJson(op.signature),
      };
  }
}

/** What makes a signed operation unique: its signature (a replay posts the same one again). */
export function signatureKey(op: SignedOperation): string {
  const { r8x, r8y, s } = signed(op.signature);
  return `${r8x}:${r8y}:${s}`;
}
