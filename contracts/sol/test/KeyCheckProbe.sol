// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BabyJubjub} from "../BabyJubjub.sol";

/// Measures the gas of the account key check `Rollup.deposit` runs (on the curve, large order).
contract KeyCheckProbe {
    function measure(uint256 x, uint256 y) external view returns (bool valid, uint256 used) {
        uint256 start = gasleft();
        valid = BabyJubjub.isOnCurve(x, y) && BabyJubjub.hasLargeOrder(x, y);
        used = start - gasleft();
    }
}
