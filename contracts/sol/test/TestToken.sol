// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A minimal ERC-20 for tests. With `hook` set, every transfer calls back into it, so a test
/// can attempt reentrancy through a token; ETH sent with `setHook` is attached to each hook call.
contract TestToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    address public hook;
    bytes public hookCall;
    uint256 public hookValue;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function setHook(address target, bytes calldata data) external payable {
        hook = target;
        hookCall = data;
        hookValue = msg.value;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        allowance[from][msg.sender] -= amount;
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) internal virtual {
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        if (hook != address(0)) {
            (bool ok, bytes memory reason) = hook.call{value: hookValue}(hookCall);
            if (!ok) assembly { revert(add(reason, 32), mload(reason)) }
        }
    }
}
