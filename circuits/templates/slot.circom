pragma circom 2.1.6;

include "bitify.circom";
include "comparators.circom";
include "poseidon.circom";
include "account.circom";
include "chunk.circom";
include "merkle.circom";
include "priority.circom";
include "signature.circom";

// One slot of a batch (docs/protocol.md §3.2): account A (sender, deposit target or exiting
// account) is updated first, then account B (a transfer's receiver). Returns the new root,
// the new priority chain value and the fee this slot pays to the fee account.
template Slot(levels) {
    signal input rootIn;
    signal input chainIn;
    signal input domain;
    signal input feeTokenId;
    signal input chunk;
    // the priority entry a deposit or forced exit consumes
    signal input pTokenId;
    signal input pAmount;
    signal input pAx;
    signal input pAy;
    // account A before the op
    signal input aAx;
    signal input aAy;
    signal input aTokenId;
    signal input aBalance;
    signal input aNonce;
    signal input aSiblings[levels][3];
    // account B before its credit
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

    component op = ChunkDecode(levels);
    op.chunk <== chunk;
    signal isSigned <== op.isTransfer + op.isWithdraw;
    signal isPriority <== op.isDeposit + op.isExit;

    // ---- priority queue: the chain advances over exactly the entry this op names ----
    var aIndex = 0;
    for (var i = 0; i < 2 * levels; i++) aIndex += op.aIndexBits[i] * (1 << i);
    component chain = PriorityStep();
    chain.enabled <== isPriority;
    chain.chainIn <== chainIn;
    chain.typeCode <== op.typeCode;
    chain.accountIndex <== aIndex;
    chain.tokenId <== pTokenId;
    chain.amount <== pAmount;
    chain.ax <== pAx;
    chain.ay <== pAy;
    chainOut <== chain.chainOut;

    // A deposit creates an account when it carries a key, and tops one up when the key is 0, 0.
    component axZero = IsZero();
    axZero.in <== pAx;
    component ayZero = IsZero();
    ayZero.in <== pAy;
    signal noKey <== axZero.out * ayZero.out;
    signal isTopUp <== op.isDeposit * noKey;
    signal isCreate <== op.isDeposit - isTopUp;

    // ---- account A ----
    component aOld = AccountLeaf();
    aOld.ax <== aAx;
    aOld.ay <== aAy;
    aOld.tokenId <== aTokenId;
    aOld.balance <== aBalance;
    aOld.nonce <== aNonce;
    // A creating deposit must land on an empty leaf.
    signal aOldLeaf <== aOld.out * (1 - isCreate);

    // Top-ups and exits name the account's token; signed ops pay amount + fee from A.
    (isTopUp + op.isExit) * (aTokenId - pTokenId) === 0;
    op.isExit * (op.exitAmount - aBalance) === 0;
    signal keptBalance <== aBalance * (1 - isCreate - op.isExit);
    signal credited <== op.isDeposit * pAmount;
    signal debited <== isSigned * (op.amount + op.fee);
    signal aNewBalance <== keptBalance + credited - debited;
    // No wrap-around: a debit larger than the balance leaves a value near r, not < 2^128.
    component aBalanceBits = Num2Bits(128);
    aBalanceBits.in <== aNewBalance;

    signal keptNonce <== aNonce * (1 - isCreate);
    signal aNewNonce <== keptNonce + isSigned;
    component aNonceBits = Num2Bits(32);
    aNonceBits.in <== aNewNonce;

    component aNew = AccountLeaf();
    aNew.ax <== aAx + isCreate * (pAx - aAx);
    aNew.ay <== aAy + isCreate * (pAy - aAy);
    aNew.tokenId <== aTokenId + isCreate * (pTokenId - aTokenId);
    aNew.balance <== aNewBalance;
    aNew.nonce <== aNewNonce;

    component aUpdate = LeafUpdate(levels);
    aUpdate.enabled <== 1 - op.isNoop;
    aUpdate.rootIn <== rootIn;
    aUpdate.oldLeaf <== aOldLeaf;
    aUpdate.newLeaf <== aNew.out;
    aUpdate.indexBits <== op.aIndexBits;
    aUpdate.siblings <== aSiblings;

    // ---- signature of transfers and withdraws, by A's key over A's current nonce ----
    component signature = OperationSignature();
    signature.enabled <== isSigned;
    signature.domain <== domain;
    signature.chunk <== chunk;
    signature.nonce <== aNonce;
    signature.ax <== aAx;
    signature.ay <== aAy;
    signature.r8x <== sigR8x;
    signature.r8y <== sigR8y;
    signature.s <== sigS;

    // ---- account B: a transfer's receiver exists, holds the same token, and is credited ----
    op.isTransfer * (bTokenId - aTokenId) === 0;
    component bOld = AccountLeaf();
    bOld.ax <== bAx;
    bOld.ay <== bAy;
    bOld.tokenId <== bTokenId;
    bOld.balance <== bBalance;
    bOld.nonce <== bNonce;
    signal bNewBalance <== bBalance + op.isTransfer * op.amount;
    component bBalanceBits = Num2Bits(128);
    bBalanceBits.in <== bNewBalance;
    component bNew = AccountLeaf();
    bNew.ax <== bAx;
    bNew.ay <== bAy;
    bNew.tokenId <== bTokenId;
    bNew.balance <== bNewBalance;
    bNew.nonce <== bNonce;

    component bUpdate = LeafUpdate(levels);
    bUpdate.enabled <== op.isTransfer;
    bUpdate.rootIn <== aUpdate.rootOut;
    bUpdate.oldLeaf <== bOld.out;
    bUpdate.newLeaf <== bNew.out;
    bUpdate.indexBits <== op.bIndexBits;
    bUpdate.siblings <== bSiblings;
    rootOut <== bUpdate.rootOut;

    // ---- fees are paid in the fee account's token only ----
    component feeToken = IsEqual();
    feeToken.in[0] <== aTokenId;
    feeToken.in[1] <== feeTokenId;
    op.fee * (1 - feeToken.out) === 0;
    feeOut <== op.fee;
}
