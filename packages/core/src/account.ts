import { poseidon } from './poseidon.js';

/** One leaf of the state tree (docs/protocol.md §1.1). */
export interface Account {
  readonly ax: bigint;
  readonly ay: bigint;
  readonly tokenId: bigint;
  readonly balance: bigint;
  readonly nonce: bigint;
}

export function accountLeaf(account: Account): bigint {
  return poseidon([account.ax, account.ay, account.tokenId, account.balance, account.nonce]);
}
