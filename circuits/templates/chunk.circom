pragma circom 2.1.6;

include "bitify.circom";
include "comparators.circom";
include "float.circom";

// Decodes one slot's 248-bit chunk (docs/protocol.md §3): the op type as one-hot flags, the
// account indices, amounts and fee, and enforces that bytes past the op's length are zero and
// that indices fit the tree. Byte j of the op bytes is bits [8*(30-j), 8*(30-j)+7].
template ChunkDecode(levels) {
    signal input chunk;
    signal output isNoop;
    signal output isDeposit;
    signal output isTransfer;
    signal output isWithdraw;
    signal output isExit;
    signal output typeCode;
    signal output aIndexBits[2 * levels];   // bytes 1..3: deposit/exit account, sender
    signal output bIndexBits[2 * levels];   // bytes 4..6 of a transfer: receiver
    signal output amount;                   // transfer or withdraw amount, else 0
    signal output fee;                      // transfer or withdraw fee, else 0
    signal output exitAmount;               // forced exit amount (uint128), else whatever bytes 4..19 hold

    component bits = Num2Bits(248);
    bits.in <== chunk;
    var b[248] = bits.out;

    var code = 0;
    for (var i = 0; i < 8; i++) code += b[240 + i] * (1 << i);
    typeCode <== code;

    component eq[5];
    signal flags[5];
    for (var t = 0; t < 5; t++) {
        eq[t] = IsEqual();
        eq[t].in[0] <== code;
        eq[t].in[1] <== t;
        flags[t] <== eq[t].out;
    }
    // Exactly one flag: the type is one of 0..4.
    flags[0] + flags[1] + flags[2] + flags[3] + flags[4] === 1;
    isNoop <== flags[0];
    isDeposit <== flags[1];
    isTransfer <== flags[2];
    isWithdraw <== flags[3];
    isExit <== flags[4];

    // Indices: the account field holds 24 bits; a tree of 2*levels bits needs the rest zero.
    var upperA = 0;
    for (var i = 2 * levels; i < 24; i++) upperA += b[216 + i] * (1 << i);
    upperA === 0;
    for (var i = 0; i < 2 * levels; i++) {
        aIndexBits[i] <== b[216 + i];
        bIndexBits[i] <== b[192 + i];
    }
    var upperB = 0;
    for (var i = 2 * levels; i < 24; i++) upperB += b[192 + i] * (1 << i);
    isTransfer * upperB === 0;

    // Amount and fee: transfer bytes 7..11 / 12..13, withdraw bytes 4..8 / 9..10.
    component transferAmount = FloatValue(35);
    component transferFee = FloatValue(11);
    component withdrawAmount = FloatValue(35);
    component withdrawFee = FloatValue(11);
    for (var i = 0; i < 40; i++) {
        transferAmount.bits[i] <== b[152 + i];
        withdrawAmount.bits[i] <== b[176 + i];
    }
    for (var i = 0; i < 16; i++) {
        transferFee.bits[i] <== b[136 + i];
        withdrawFee.bits[i] <== b[160 + i];
    }
    signal amountT <== isTransfer * transferAmount.value;
    signal feeT <== isTransfer * transferFee.value;
    amount <== amountT + isWithdraw * withdrawAmount.value;
    fee <== feeT + isWithdraw * withdrawFee.value;

    var exitBytes = 0;
    for (var i = 0; i < 128; i++) exitBytes += b[88 + i] * (1 << i);
    exitAmount <== exitBytes;

    // Zero padding past each op's length (a sum of distinct bits is zero only if each is).
    var padDeposit = 0;
    var padTransfer = 0;
    var padExit = 0;
    var rest = 0;
    for (var i = 0; i < 240; i++) {
        rest += b[i] * (1 << i);
        if (i < 216) padDeposit += b[i] * (1 << i);
        if (i < 136) padTransfer += b[i] * (1 << i);
        if (i < 88) padExit += b[i] * (1 << i);
    }
    isNoop * rest === 0;
    isDeposit * padDeposit === 0;
    isTransfer * padTransfer === 0;
    isExit * padExit === 0;
}
