// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receives a callback when tokens arrive, like an ERC-777 or ERC-1363 recipient hook.
interface ITokenRecipient {
    function onTokensReceived(address from, uint256 amount) external;
}

/// @notice A token that calls the recipient's hook on every transfer to a contract, the way hook-bearing tokens
///         hand control to untrusted code in the middle of a claim.
contract HookToken is ERC20 {
    constructor() ERC20("Hooked", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && to.code.length > 0) ITokenRecipient(to).onTokensReceived(from, value);
    }
}

/// @notice A malicious token: its transfer calls back into the distributor with whatever call it was armed with,
///         as a compromised or upgradeable reward token could.
contract MaliciousToken is ERC20 {
    address public target;
    bytes public payload;
    bool public reentered;
    bytes public reentryRevertData;

    constructor() ERC20("Malicious", "EVIL") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Makes the next transfer out of `target_` call `target_` with `payload_`, once.
    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
        reentered = false;
        reentryRevertData = "";
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (target != address(0) && from == target && !reentered) {
            reentered = true;
            (bool ok, bytes memory data) = target.call(payload);
            // Swallow the failure so the outer claim can finish: the test then checks that the inner call
            // failed and that nothing was paid twice.
            if (!ok) reentryRevertData = data;
        }
    }
}
