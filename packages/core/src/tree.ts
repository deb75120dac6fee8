// Sparse 4-ary Poseidon Merkle tree (docs/protocol.md §1.2). Only non-empty nodes are stored;
// an absent node is the precomputed root of an empty subtree of its height.
import { poseidon } from './poseidon.js';
import { InvalidOperation } from './errors.js';
import { MAX_DEPTH, assertIndex } from './field.js';

const ARITY = 4;

/** emptyHashes[k] is the root of an empty subtree with k levels (E0 = 0). */
const emptyHashes: bigint[] = [0n];
for (let k = 1; k <= MAX_DEPTH / 2; k++) {
  const e = emptyHashes[k - 1]!;
  emptyHashes.push(poseidon([e, e, e, e]));
}

function checkDepth(depth: number): number {
  if (!Number.isInteger(depth) || depth < 2 || depth > MAX_DEPTH || depth % 2 !== 0) {
    throw new InvalidOperation(`must be an even integer in [2, ${MAX_DEPTH}], received ${depth}`, { field: 'depth' });
  }
  return depth;
}

export function emptyRoot(depth: number): bigint {
  return emptyHashes[checkDepth(depth) / 2]!;
}

export interface MerkleProofClaim {
  readonly root: bigint;
  readonly index: number;
  readonly leaf: bigint;
  /** levels x 3: the other children of each ancestor, in ascending position order. */
  readonly siblings: readonly (readonly bigint[])[];
}

/** Hashes a node's children with `child` placed at `position` among `siblings`. */
function parentOf(child: bigint, position: number, siblings: readonly bigint[]): bigint {
  const children = [...siblings];
  children.splice(position, 0, child);
  return poseidon(children);
}

export class AccountTree {
  readonly depth: number;
  readonly levels: number;
  /** nodes[k] maps a node's position within level k (0 = leaves) to its hash. */
  private readonly nodes: Map<number, bigint>[];

  constructor(depth: number) {
    this.depth = checkDepth(depth);
    this.levels = depth / 2;
    this.nodes = Array.from({ length: this.levels + 1 }, () => new Map<number, bigint>());
  }

  get root(): bigint {
    return this.node(this.levels, 0);
  }

  /** Number of non-empty leaves. */
  get size(): number {
    return this.nodes[0]!.size;
  }

  leaf(index: number): bigint {
    assertIndex(index, this.depth, 'index');
    return this.node(0, index);
  }

  /** Indices of the non-empty leaves, ascending. */
  occupiedIndices(): number[] {
    return [...this.nodes[0]!.keys()].sort((a, b) => a - b);
  }

  setLeaf(index: number, leaf: bigint): void {
    assertIndex(index, this.depth, 'index');
    this.store(0, index, leaf);
    let position = index;
    let value = leaf;
    for (let level = 0; level < this.levels; level++) {
      const first = position - (position % ARITY);
      const siblings = this.childrenExcept(level, first, position);
      value = parentOf(value, position % ARITY, siblings);
      position = Math.floor(position / ARITY);
      this.store(level + 1, position, value);
    }
  }

  proof(index: number): bigint[][] {
    assertIndex(index, this.depth, 'index');
    const siblings: bigint[][] = [];
    let position = index;
    for (let level = 0; level < this.levels; level++) {
      siblings.push(this.childrenExcept(level, position - (position % ARITY), position));
      position = Math.floor(position / ARITY);
    }
    return siblings;
  }

  static computeRoot(index: number, leaf: bigint, siblings: readonly (readonly bigint[])[]): bigint {
    let position = index;
    let value = leaf;
    for (const level of siblings) {
      value = parentOf(value, position % ARITY, level);
      position = Math.floor(position / ARITY);
    }
    return value;
  }

  static verifyProof(claim: MerkleProofClaim): boolean {
    if (claim.siblings.some((level) => level.length !== ARITY - 1)) return false;
    if (claim.index < 0 || claim.index >= ARITY ** claim.siblings.length) return false;
    return AccountTree.computeRoot(claim.index, claim.leaf, claim.siblings) === claim.root;
  }

  /**
   * A tree holding `leaves` (index => leaf), hashed level by level: each node once, instead of
   * `levels` hashes per leaf as repeated setLeaf calls would.
   */
  static fromLeaves(depth: number, leaves: ReadonlyMap<number, bigint>): AccountTree {
    const tree = new AccountTree(depth);
    for (const [index, leaf] of leaves) {
      assertIndex(index, depth, 'leaves.index');
      tree.store(0, index, leaf);
    }
    for (let level = 0; level < tree.levels; level++) {
      const parents = new Set<number>();
      for (const position of tree.nodes[level]!.keys()) parents.add(Math.floor(position / ARITY));
      for (const parent of parents) {
        const children: bigint[] = [];
        for (let p = parent * ARITY; p < parent * ARITY + ARITY; p++) children.push(tree.node(level, p));
        tree.store(level + 1, parent, poseidon(children));
      }
    }
    return tree;
  }

  clone(): AccountTree {
    const copy = new AccountTree(this.depth);
    for (const [k, level] of this.nodes.entries()) {
      for (const [p, v] of level) copy.nodes[k]!.set(p, v);
    }
    return copy;
  }

  private node(level: number, position: number): bigint {
    return this.nodes[level]!.get(position) ?? emptyHashes[level]!;
  }

  private store(level: number, position: number, value: bigint): void {
    if (value === emptyHashes[level]) this.nodes[level]!.delete(position);
    else this.nodes[level]!.set(position, value);
  }

  private childrenExcept(level: number, first: number, skip: number): bigint[] {
    const out: bigint[] = [];
    for (let p = first; p < first + ARITY; p++) if (p !== skip) out.push(this.node(level, p));
    return out;
  }
}
