// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IRollupWithdraw {
    function withdraw(uint32 tokenId) external;
}

/// Receives ETH from the rollup and tries to withdraw again from inside the payment.
contract MaliciousReceiver {
    IRollupWithdraw public immutable rollup;
    uint256 public reentries;

    constructor(IRollupWithdraw rollup_) {
        rollup = rollup_;
    }

    function pull() external {
        rollup.withdraw(0);
    }

    // A complex receive is the attack under test.
    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        reentries++;
        rollup.withdraw(0); // must revert: the rollup is locked during the payment
    }
}
