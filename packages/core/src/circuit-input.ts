// The witness input of the batch circuit, exactly as docs/protocol.md §6.2 names it.
import type { Account } from './account.js';
import type { PublicSignalValues } from './layout.js';
import type { Signature } from './keys.js';
import type { PriorityEntry } from './priority.js';

export type CircuitInput = Record<string, string | string[] | string[][] | string[][][]>;

const ZERO_ACCOUNT: Account = { ax: 0n, ay: 0n, tokenId: 0n, balance: 0n, nonce: 0n };
const ZERO_SIGNATURE: Signature = { r8x: 0n, r8y: 0n, s: 0n };

/** What one slot contributes to the witness; unused parts stay zero (spec §6.2). */
export interface SlotWitness {
  priority: Pick<PriorityEntry, 'tokenId' | 'amount' | 'ax' | 'ay'>;
  a: Account;
  aSiblings: bigint[][];
  b: Account;
  bSiblings: bigint[][];
  signature: Signature;
}

export function emptySlotWitness(index0Proof: bigint[][]): SlotWitness {
  return {
    priority: { tokenId: 0n, amount: 0n, ax: 0n, ay: 0n },
    a: ZERO_ACCOUNT,
    aSiblings: index0Proof,
    b: ZERO_ACCOUNT,
    bSiblings: index0Proof,
    signature: ZERO_SIGNATURE,
  };
}

export interface CircuitInputParts {
  readonly publicSignals: PublicSignalValues;
  readonly slots: readonly SlotWitness[];
  readonly fee: { readonly account: Account; readonly siblings: bigint[][] };
}

const dec = (v: bigint): string => v.toString();
const decs = (vs: readonly bigint[]): string[] => vs.map(dec);
const proofStrings = (p: readonly (readonly bigint[])[]): string[][] => p.map(decs);

export function buildCircuitInput({ publicSignals: p, slots, fee }: CircuitInputParts): CircuitInput {
  const perSlot = (pick: (s: SlotWitness) => bigint): string[] => slots.map((s) => dec(pick(s)));
  return {
    oldRoot: dec(p.oldRoot),
    newRoot: dec(p.newRoot),
    chainBefore: dec(p.chainBefore),
    chainAfter: dec(p.chainAfter),
    domain: dec(p.domain),
    feeAccountIndex: dec(p.feeAccountIndex),
    chunks: decs(p.chunks),
    pTokenId: perSlot((s) => s.priority.tokenId),
    pAmount: perSlot((s) => s.priority.amount),
    pAx: perSlot((s) => s.priority.ax),
    pAy: perSlot((s) => s.priority.ay),
    aAx: perSlot((s) => s.a.ax),
    aAy: perSlot((s) => s.a.ay),
    aTokenId: perSlot((s) => s.a.tokenId),
    aBalance: perSlot((s) => s.a.balance),
    aNonce: perSlot((s) => s.a.nonce),
    aSiblings: slots.map((s) => proofStrings(s.aSiblings)),
    bAx: perSlot((s) => s.b.ax),
    bAy: perSlot((s) => s.b.ay),
    bTokenId: perSlot((s) => s.b.tokenId),
    bBalance: perSlot((s) => s.b.balance),
    bNonce: perSlot((s) => s.b.nonce),
    bSiblings: slots.map((s) => proofStrings(s.bSiblings)),
    sigR8x: perSlot((s) => s.signature.r8x),
    sigR8y: perSlot((s) => s.signature.r8y),
    sigS: perSlot((s) => s.signature.s),
    feeAx: dec(fee.account.ax),
    feeAy: dec(fee.account.ay),
    feeTokenId: dec(fee.account.tokenId),
    feeBalance: dec(fee.account.balance),
    feeNonce: dec(fee.account.nonce),
    feeSiblings: proofStrings(fee.siblings),
  };
}
