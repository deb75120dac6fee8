// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A hostile governor's verifier: it has the interface the rollup checks (public input count,
/// tree levels) and accepts any proof, so a batch "proved" by it could credit every coin.
contract AcceptAllVerifier {
    uint256 public immutable PUBLIC_INPUTS;
    uint256 public immutable LEVELS;

    constructor(uint256 publicInputs, uint256 levels) {
        PUBLIC_INPUTS = publicInputs;
        LEVELS = levels;
    }

    function verifyProofs(uint256[8][] calldata, uint256[] calldata) external pure returns (bool) {
        return true;
    }
}
