pragma circom 2.1.6;

include "bitify.circom";
include "account.circom";
include "merkle.circom";

// What a batch does after its last slot (docs/protocol.md §6): the priority chain must end
// where the public chainAfter says, and the fee account, which exists after the last slot,
// receives the batch's fees, giving newRoot. Shared by the monolithic Batch and the linked one.
template BatchTail(levels) {
    // from the last slot
    signal input rootIn;
    signal input chainIn;
    signal input fees;
    // public signals of the batch
    signal input newRoot;
    signal input chainAfter;
    signal input feeAccountIndex;
    // the fee account after the last slot, before the credit
    signal input feeTokenId;
    signal input feeAx;
    signal input feeAy;
    signal input feeBalance;
    signal input feeNonce;
    signal input feeSiblings[levels][3];

    chainAfter === chainIn;

    component feeIndex = Num2Bits(2 * levels);
    feeIndex.in <== feeAccountIndex;
    component feeOld = AccountLeaf();
    feeOld.ax <== feeAx;
    feeOld.ay <== feeAy;
    feeOld.tokenId <== feeTokenId;
    feeOld.balance <== feeBalance;
    feeOld.nonce <== feeNonce;
    signal feeNewBalance <== feeBalance + fees;
    component feeBalanceBits = Num2Bits(128);
    feeBalanceBits.in <== feeNewBalance;
    component feeNew = AccountLeaf();
    feeNew.ax <== feeAx;
    feeNew.ay <== feeAy;
    feeNew.tokenId <== feeTokenId;
    feeNew.balance <== feeNewBalance;
    feeNew.nonce <== feeNonce;

    component feeUpdate = LeafUpdate(levels);
    feeUpdate.enabled <== 1;
    feeUpdate.rootIn <== rootIn;
    feeUpdate.oldLeaf <== feeOld.out;
    feeUpdate.newLeaf <== feeNew.out;
    feeUpdate.indexBits <== feeIndex.out;
    feeUpdate.siblings <== feeSiblings;
    newRoot === feeUpdate.rootOut;
}
