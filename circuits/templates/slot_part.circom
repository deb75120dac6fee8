pragma circom 2.1.6;

include "slot.circom";

// One slot as a part of a linked batch (docs/protocol.md §9, linked circuits): the Slot with
// the batch's running fee sum as an interface, so that every signal a neighbour shares —
// roots, priority chain, fee sum, domain, fee token — is a main signal the linker can wire.
template SlotPart(levels) {
    signal input rootIn;
    signal input chainIn;
    signal input feeIn;
    signal input domain;
    signal input feeTokenId;
    signal input chunk;
    signal input pTokenId;
    signal input pAmount;
    signal input pAx;
    signal input pAy;
    signal input aAx;
    signal input aAy;
    signal input aTokenId;
    signal input aBalance;
    signal input aNonce;
    signal input aSiblings[levels][3];
    signal input bAx;
    signal input bAy;
    signal input bTokenId;
    signal input bBalance;
    signal input bNonce;
    signal input bSiblings[levels][3];
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;

    signal output rootOut;
    signal output chainOut;
    signal output feeOut;

    component slot = Slot(levels);
    slot.rootIn <== rootIn;
    slot.chainIn <== chainIn;
    slot.domain <== domain;
    slot.feeTokenId <== feeTokenId;
    slot.chunk <== chunk;
    slot.pTokenId <== pTokenId;
    slot.pAmount <== pAmount;
    slot.pAx <== pAx;
    slot.pAy <== pAy;
    slot.aAx <== aAx;
    slot.aAy <== aAy;
    slot.aTokenId <== aTokenId;
    slot.aBalance <== aBalance;
    slot.aNonce <== aNonce;
    slot.aSiblings <== aSiblings;
    slot.bAx <== bAx;
    slot.bAy <== bAy;
    slot.bTokenId <== bTokenId;
    slot.bBalance <== bBalance;
    slot.bNonce <== bNonce;
    slot.bSiblings <== bSiblings;
    slot.sigR8x <== sigR8x;
    slot.sigR8y <== sigR8y;
    slot.sigS <== sigS;
    rootOut <== slot.rootOut;
    chainOut <== slot.chainOut;
    feeOut <== feeIn + slot.feeOut;
}
