pragma circom 2.1.6;

include "slot.circom";
include "tail.circom";

// A batch of N slots over a tree of `levels` 4-ary levels (docs/protocol.md §6). Public
// signals, in order: oldRoot, newRoot, chainBefore, chainAfter, domain, feeAccountIndex, chunks.
template Batch(N, levels) {
    signal input oldRoot;
    signal input newRoot;
    signal input chainBefore;
    signal input chainAfter;
    signal input domain;
    signal input feeAccountIndex;
    signal input chunks[N];

    signal input pTokenId[N];
    signal input pAmount[N];
    signal input pAx[N];
    signal input pAy[N];
    signal input aAx[N];
    signal input aAy[N];
    signal input aTokenId[N];
    signal input aBalance[N];
    signal input aNonce[N];
    signal input aSiblings[N][levels][3];
    signal input bAx[N];
    signal input bAy[N];
    signal input bTokenId[N];
    signal input bBalance[N];
    signal input bNonce[N];
    signal input bSiblings[N][levels][3];
    signal input sigR8x[N];
    signal input sigR8y[N];
    signal input sigS[N];

    signal input feeAx;
    signal input feeAy;
    signal input feeTokenId;
    signal input feeBalance;
    signal input feeNonce;
    signal input feeSiblings[levels][3];

    component slots[N];
    signal fees[N + 1];
    fees[0] <== 0;
    for (var i = 0; i < N; i++) {
        slots[i] = Slot(levels);
        slots[i].rootIn <== i == 0 ? oldRoot : slots[i - 1].rootOut;
        slots[i].chainIn <== i == 0 ? chainBefore : slots[i - 1].chainOut;
        slots[i].domain <== domain;
        slots[i].feeTokenId <== feeTokenId;
        slots[i].chunk <== chunks[i];
        slots[i].pTokenId <== pTokenId[i];
        slots[i].pAmount <== pAmount[i];
        slots[i].pAx <== pAx[i];
        slots[i].pAy <== pAy[i];
        slots[i].aAx <== aAx[i];
        slots[i].aAy <== aAy[i];
        slots[i].aTokenId <== aTokenId[i];
        slots[i].aBalance <== aBalance[i];
        slots[i].aNonce <== aNonce[i];
        slots[i].aSiblings <== aSiblings[i];
        slots[i].bAx <== bAx[i];
        slots[i].bAy <== bAy[i];
        slots[i].bTokenId <== bTokenId[i];
        slots[i].bBalance <== bBalance[i];
        slots[i].bNonce <== bNonce[i];
        slots[i].bSiblings <== bSiblings[i];
        slots[i].sigR8x <== sigR8x[i];
        slots[i].sigR8y <== sigR8y[i];
        slots[i].sigS <== sigS[i];
        fees[i + 1] <== fees[i] + slots[i].feeOut;
    }
    component tail = BatchTail(levels);
    tail.rootIn <== slots[N - 1].rootOut;
    tail.chainIn <== slots[N - 1].chainOut;
    tail.fees <== fees[N];
    tail.newRoot <== newRoot;
    tail.chainAfter <== chainAfter;
    tail.feeAccountIndex <== feeAccountIndex;
    tail.feeTokenId <== feeTokenId;
    tail.feeAx <== feeAx;
    tail.feeAy <== feeAy;
    tail.feeBalance <== feeBalance;
    tail.feeNonce <== feeNonce;
    tail.feeSiblings <== feeSiblings;
}
