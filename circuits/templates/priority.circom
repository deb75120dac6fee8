pragma circom 2.1.6;

include "bitify.circom";
include "poseidon.circom";

// One step of the priority-queue hash chain (docs/protocol.md §3.1): when enabled, consumes the
// entry (type, index, tokenId, amount, ax, ay) and returns H(chainIn, packed, ax, ay); when
// disabled, returns chainIn. tokenId and amount are range-checked so `packed` has one preimage;
// type < 2^8 and index < 2^24 are the caller's to guarantee (they come from chunk bits).
template PriorityStep() {
    signal input enabled;
    signal input chainIn;
    signal input typeCode;
    signal input accountIndex;
    signal input tokenId;
    signal input amount;
    signal input ax;
    signal input ay;
    signal output chainOut;

    component tokenBits = Num2Bits(32);
    tokenBits.in <== tokenId;
    component amountBits = Num2Bits(128);
    amountBits.in <== amount;

    component next = Poseidon(4);
    next.inputs[0] <== chainIn;
    next.inputs[1] <== typeCode + accountIndex * (1 << 8) + tokenId * (1 << 32) + amount * (1 << 64);
    next.inputs[2] <== ax;
    next.inputs[3] <== ay;
    chainOut <== chainIn + enabled * (next.out - chainIn);
}
