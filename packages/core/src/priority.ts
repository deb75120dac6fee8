// The L1 priority queue (deposits and forced exits) and its Poseidon hash chain (spec §3.1).
import { poseidon } from './poseidon.js';
import { assertFieldElement, assertIndex, assertUint, MAX_DEPTH } from './field.js';
import { checkPublicKey } from './keys.js';
import { OpType } from './operations.js';

export interface PriorityEntry {
  readonly type: 'deposit' | 'forcedExit';
  readonly accountIndex: number;
  readonly tokenId: bigint;
  /** 0 for a forced exit. */
  readonly amount: bigint;
  /** The new owner's key for a creating deposit; 0, 0 for a top-up and for a forced exit. */
  readonly ax: bigint;
  readonly ay: bigint;
}

export function isCreatingDeposit(entry: PriorityEntry): boolean {
  return entry.type === 'deposit' && (entry.ax !== 0n || entry.ay !== 0n);
}

export function checkPriorityEntry(entry: PriorityEntry, field = 'entry'): PriorityEntry {
  assertIndex(entry.accountIndex, MAX_DEPTH, `${field}.accountIndex`);
  assertUint(entry.tokenId, 32, `${field}.tokenId`);
  assertUint(entry.amount, 128, `${field}.amount`);
  assertFieldElement(entry.ax, `${field}.ax`);
  assertFieldElement(entry.ay, `${field}.ay`);
  // The new owner's key must be one only its private key signs for (spec §1.1, §3.2).
  if (isCreatingDeposit(entry)) checkPublicKey(entry, field);
  return entry;
}

export function packPriority(entry: PriorityEntry): bigint {
  const type = BigInt(entry.type === 'deposit' ? OpType.Deposit : OpType.ForcedExit);
  return type + (BigInt(entry.accountIndex) << 8n) + (entry.tokenId << 32n) + (entry.amount << 64n);
}

export function nextPriorityChain(chain: bigint, entry: PriorityEntry): bigint {
  return poseidon([chain, packPriority(entry), entry.ax, entry.ay]);
}
