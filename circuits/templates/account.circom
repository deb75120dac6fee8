pragma circom 2.1.6;

include "poseidon.circom";

// Leaf value of an account (docs/protocol.md §1.1): H(ax, ay, tokenId, balance, nonce).
template AccountLeaf() {
    signal input ax;
    signal input ay;
    signal input tokenId;
    signal input balance;
    signal input nonce;
    signal output out;

    component hash = Poseidon(5);
    hash.inputs <== [ax, ay, tokenId, balance, nonce];
    out <== hash.out;
}
