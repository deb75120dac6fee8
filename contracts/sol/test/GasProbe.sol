// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Measures the gas of one call and reverts unless it returned true, so a verifier that ran
/// short of gas (and returned false) can never be mistaken for a cheap success.
contract GasProbe {
    error GasProbe__CallFailed();

    function measure(address target, bytes calldata data) external view returns (uint256 used) {
        uint256 start = gasleft();
        (bool ok, bytes memory result) = target.staticcall(data);
        used = start - gasleft();
        if (!ok || result.length != 32 || !abi.decode(result, (bool))) revert GasProbe__CallFailed();
    }
}
