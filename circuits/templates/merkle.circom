pragma circom 2.1.6;

include "poseidon.circom";

// Orders a node's four children: `child` goes to position p = bits[0] + 2*bits[1] and the
// three siblings fill the other positions in ascending order (docs/protocol.md §1.2).
template QuadChildren() {
    signal input child;
    signal input siblings[3];
    signal input bits[2];
    signal output out[4];

    signal isFirst <== (1 - bits[0]) * (1 - bits[1]);
    signal isLast <== bits[0] * bits[1];
    // p <= 1: out[1] is s0 (p = 0) or the child (p = 1); p >= 2: it is s1.
    signal lowPair <== siblings[0] + bits[0] * (child - siblings[0]);
    // p >= 2: out[2] is the child (p = 2) or s2 (p = 3); p <= 1: it is s1.
    signal highPair <== child + bits[0] * (siblings[2] - child);

    out[0] <== siblings[0] + isFirst * (child - siblings[0]);
    out[1] <== siblings[1] + (1 - bits[1]) * (lowPair - siblings[1]);
    out[2] <== siblings[1] + bits[1] * (highPair - siblings[1]);
    out[3] <== siblings[2] + isLast * (child - siblings[2]);
}

// Root of a 4-ary Poseidon tree of `levels` levels from a leaf, its index bits (LSB first,
// two per level) and the three siblings at each level.
template QuadMerkleRoot(levels) {
    signal input leaf;
    signal input indexBits[2 * levels];
    signal input siblings[levels][3];
    signal output root;

    component children[levels];
    component hashes[levels];
    for (var k = 0; k < levels; k++) {
        children[k] = QuadChildren();
        children[k].child <== k == 0 ? leaf : hashes[k - 1].out;
        children[k].siblings <== siblings[k];
        children[k].bits[0] <== indexBits[2 * k];
        children[k].bits[1] <== indexBits[2 * k + 1];
        hashes[k] = Poseidon(4);
        hashes[k].inputs <== children[k].out;
    }
    root <== hashes[levels - 1].out;
}

// One leaf update: when enabled, proves `oldLeaf` is at the index under `rootIn` and returns
// the root with `newLeaf` there instead; when disabled, returns `rootIn` unchanged.
template LeafUpdate(levels) {
    signal input enabled;
    signal input rootIn;
    signal input oldLeaf;
    signal input newLeaf;
    signal input indexBits[2 * levels];
    signal input siblings[levels][3];
    signal output rootOut;

    component before = QuadMerkleRoot(levels);
    before.leaf <== oldLeaf;
    before.indexBits <== indexBits;
    before.siblings <== siblings;
    enabled * (before.root - rootIn) === 0;

    component after = QuadMerkleRoot(levels);
    after.leaf <== newLeaf;
    after.indexBits <== indexBits;
    after.siblings <== siblings;
    rootOut <== rootIn + enabled * (after.root - rootIn);
}
