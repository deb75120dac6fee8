// @zkr/core speed: Poseidon hashes/s, EdDSA signatures/s, and tree updates/s at depth 24 with
// a million accounts (the tree is bulk-built, then updated at random occupied indices).
import { AccountTree, accountLeaf, enableWasmPoseidon, poseidon, publicKeyOf, signMessage } from '@zkr/core';

export interface CoreResult {
  readonly poseidon4PerSec: number;
  readonly poseidon5PerSec: number;
  readonly signaturesPerSec: number;
  readonly tree: {
    readonly depth: number;
    readonly accounts: number;
    readonly buildSeconds: number;
    readonly updatesPerSec: number;
    readonly proofsPerSec: number;
  };
}

function rate(count: number, run: (i: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < count; i++) run(i);
  return (count * 1000) / (performance.now() - start);
}

export async function measureCore(options: { accounts: number; log: (m: string) => void }): Promise<CoreResult> {
  // The backend an operator uses (a wallet's default, poseidon-lite, is 3.3x slower per hash: spec §2).
  await enableWasmPoseidon();
  const poseidon4PerSec = rate(20_000, (i) => poseidon([1n, 2n, 3n, BigInt(i)]));
  const poseidon5PerSec = rate(20_000, (i) => poseidon([1n, 2n, 3n, 4n, BigInt(i)]));
  const key = new Uint8Array(32).fill(7);
  const signaturesPerSec = rate(100, (i) => signMessage(key, BigInt(i)));
  options.log(
    `core: ${Math.round(poseidon4PerSec)} Poseidon(4)/s, ${Math.round(signaturesPerSec)} signatures/s; building depth-24 tree of ${options.accounts} accounts`,
  );

  const { ax, ay } = publicKeyOf(key);
  const start = performance.now();
  const leaves = new Map<number, bigint>();
  for (let i = 0; i < options.accounts; i++) leaves.set(i, accountLeaf({ ax, ay, tokenId: 0n, balance: BigInt(i), nonce: 0n }));
  const tree = AccountTree.fromLeaves(24, leaves);
  const buildSeconds = (performance.now() - start) / 1000;
  const pick = (i: number): number => (i * 7919) % options.accounts;
  const updatesPerSec = rate(2_000, (i) => tree.setLeaf(pick(i), BigInt(i) + 1n));
  const proofsPerSec = rate(2_000, (i) => tree.proof(pick(i)));
  return { poseidon4PerSec, poseidon5PerSec, signaturesPerSec, tree: { depth: 24, accounts: options.accounts, buildSeconds, updatesPerSec, proofsPerSec } };
}
