// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestToken} from "./TestToken.sol";

/// A fee-on-transfer ERC-20 for tests: every transfer burns 1% of the amount, so the recipient
/// gets less than was sent (as with some real tokens).
contract FeeToken is TestToken {
    function _move(address from, address to, uint256 amount) internal override {
        super._move(from, to, amount - amount / 100);
        balanceOf[from] -= amount / 100;
    }
}
