// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Rollup} from "../Rollup.sol";

/// Exposes the rollup's own op-bytes decoding (Rollup._parse, Rollup._creditWithdrawals) for
/// the property test against the encoder of zkr's core package (contracts/test/opBytes.test.ts).
contract OpBytesHarness is Rollup {
    constructor(Config memory config) Rollup(config, new VerifierSpec[](0)) {}

    /// The `batchSize` chunks, the priority op count and the credit flag submitBatches derives
    /// from one batch's op bytes, or its revert (the batch is number 0).
    function parse(bytes calldata opBytes, uint256 batchSize) public pure returns (uint256[] memory chunks, uint256 priorityOps, bool credits) {
        chunks = new uint256[](batchSize);
        uint256 out;
        assembly ("memory-safe") {
            out := add(chunks, 0x20)
        }
        uint256 creditBatches;
        (priorityOps, creditBatches) = _parse(0, opBytes, batchSize, out, 0);
        credits = creditBatches & 1 != 0;
    }

    /// Credits the batch's withdrawals and forced exits as submitBatches does, and returns what
    /// each of `to` is owed then in token 0 (the token of every account this harness never
    /// opened, whose owner is address 0). Meant for eth_call: nothing stays.
    function credited(bytes calldata opBytes, uint256 batchSize, address[] calldata to) external returns (uint256[] memory owed) {
        (uint256[] memory chunks, , ) = parse(opBytes, batchSize);
        _creditWithdrawals(chunks, 0, batchSize);
        owed = new uint256[](to.length);
        for (uint256 i = 0; i < to.length; i++) owed[i] = pendingWithdrawals[to[i]][0];
    }
}
