import fc from 'fast-check';
import { AccountTree, emptyRoot, FIELD_MODULUS, InvalidOperation, poseidon } from '../src/index.js';

const leafValue = fc.bigInt({ min: 1n, max: FIELD_MODULUS - 1n });

describe('AccountTree', () => {
  test('empty roots follow E(k+1) = H(Ek, Ek, Ek, Ek)', () => {
    const e1 = poseidon([0n, 0n, 0n, 0n]);
    expect(emptyRoot(2)).toBe(e1);
    expect(emptyRoot(4)).toBe(poseidon([e1, e1, e1, e1]));
    expect(new AccountTree(8).root).toBe(emptyRoot(8));
  });

  test('a leaf sits at the position given by the base-4 digits of its index', () => {
    const tree = new AccountTree(4);
    tree.setLeaf(6, 5n); // digits: level0 = 2, level1 = 1
    const e1 = poseidon([0n, 0n, 0n, 0n]);
    const parent = poseidon([0n, 0n, 5n, 0n]);
    expect(tree.root).toBe(poseidon([e1, parent, e1, e1]));
  });

  test('proofs verify, and fail when the leaf, index or a sibling is tampered with', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }),
        fc.array(leafValue, { minLength: 12, maxLength: 12 }),
        fc.nat(),
        (indices, values, pick) => {
          const tree = new AccountTree(8);
          for (const [i, index] of indices.entries()) tree.setLeaf(index, values[i]!);
          const index = indices[pick % indices.length]!;
          const leaf = tree.leaf(index);
          const siblings = tree.proof(index);
          expect(AccountTree.verifyProof({ root: tree.root, index, leaf, siblings })).toBe(true);
          expect(AccountTree.verifyProof({ root: tree.root, index, leaf: leaf + 1n, siblings })).toBe(false);
          expect(AccountTree.verifyProof({ root: tree.root, index: index ^ 1, leaf, siblings })).toBe(false);
          const level = pick % siblings.length;
          const tampered = siblings.map((s, k) => (k === level ? [s[0]! + 1n, s[1]!, s[2]!] : s));
          expect(AccountTree.verifyProof({ root: tree.root, index, leaf, siblings: tampered })).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  test('the root depends only on the contents, not on the insertion order, and clearing restores it', () => {
    const a = new AccountTree(6);
    const b = new AccountTree(6);
    a.setLeaf(3, 7n);
    a.setLeaf(40, 9n);
    b.setLeaf(40, 9n);
    b.setLeaf(3, 7n);
    expect(a.root).toBe(b.root);
    a.setLeaf(40, 0n);
    a.setLeaf(3, 0n);
    expect(a.root).toBe(emptyRoot(6));
    expect(a.size).toBe(0);
  });

  test('fromLeaves builds the same tree as inserting leaf by leaf', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1023 }), { maxLength: 30 }), (indices) => {
        const leaves = new Map(indices.map((index) => [index, BigInt(index) + 1n]));
        const incremental = new AccountTree(10);
        for (const [index, leaf] of leaves) incremental.setLeaf(index, leaf);
        const bulk = AccountTree.fromLeaves(10, leaves);
        expect(bulk.root).toBe(incremental.root);
        for (const index of indices.slice(0, 3)) expect(bulk.proof(index)).toEqual(incremental.proof(index));
      }),
      { numRuns: 10 },
    );
  });

  test('rejects a bad depth or index, naming the field', () => {
    expect(() => new AccountTree(7)).toThrow(InvalidOperation);
    expect(() => new AccountTree(26)).toThrow(/depth/);
    expect(() => new AccountTree(4).setLeaf(16, 1n)).toThrow(/index/);
  });
});
