// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A contract operator for tests, like a multisig or a relayer: its owner hands it calldata, and it
/// makes the call, so the rollup sees this contract as msg.sender and the calldata is not the
/// transaction's own.
contract OperatorForwarder {
    address public immutable owner;

    error OperatorForwarder__NotOwner();

    constructor() {
        owner = msg.sender;
    }

    function forward(address target, bytes calldata data) external {
        if (msg.sender != owner) revert OperatorForwarder__NotOwner();
        // Forwarding arbitrary calldata is this contract's one job.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }
}
