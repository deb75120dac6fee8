pragma circom 2.1.6;

include "eddsaposeidon.circom";
include "poseidon.circom";

// EdDSA-Poseidon check of M = Poseidon(domain, chunk, nonce) (docs/protocol.md §4), enforced
// only when `enabled`. A disabled slot carries zero key and signature; they are swapped for the
// base point so the verifier's point arithmetic never meets (0, 0) and the key is on the curve.
template OperationSignature() {
    signal input enabled;
    signal input domain;
    signal input chunk;
    signal input nonce;
    signal input ax;
    signal input ay;
    signal input r8x;
    signal input r8y;
    signal input s;

    var BASE8[2] = [
        5299619240641551281634865583518297030282874472190772894086521144482721001553,
        16950150798460657717958625567821834550301663161624707787222815936182638968203
    ];

    component message = Poseidon(3);
    message.inputs[0] <== domain;
    message.inputs[1] <== chunk;
    message.inputs[2] <== nonce;

    signal keyX <== BASE8[0] + enabled * (ax - BASE8[0]);
    signal keyY <== BASE8[1] + enabled * (ay - BASE8[1]);

    // The key is on Baby Jubjub: a x^2 + y^2 = 1 + d x^2 y^2. circomlib's verifier does not check
    // it, and its small-order guard tests x(4A) != 0: for a crafted point off the curve, 8A has
    // x = 0, the hash term drops out and R8 = S·B8 verifies with no private key. On the curve,
    // x(4A) != 0 holds exactly when 8A != O, so the two admit only keys of large order (§4, §9).
    signal keyX2 <== keyX * keyX;
    signal keyY2 <== keyY * keyY;
    168700 * keyX2 + keyY2 === 1 + 168696 * keyX2 * keyY2;

    component verifier = EdDSAPoseidonVerifier();
    verifier.enabled <== enabled;
    verifier.Ax <== keyX;
    verifier.Ay <== keyY;
    verifier.R8x <== BASE8[0] + enabled * (r8x - BASE8[0]);
    verifier.R8y <== BASE8[1] + enabled * (r8y - BASE8[1]);
    verifier.S <== enabled * s;
    verifier.M <== message.out;
}
