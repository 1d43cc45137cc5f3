// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "../utils/TestBase.sol";
import {RewardPolicy} from "../../src/RewardPolicy.sol";

/// @notice Calls every RewardPolicy setter with random arguments from a random caller, the timelock among
///         them, and records what the policy looked like after the timelock's last successful change.
contract PolicyHandler is TestBase {
    address public constant TIMELOCK = address(0x7153);

    RewardPolicy public immutable policy;
    address[] internal _callers;

    uint256 public timelockChanges;
    bool public unauthorizedChange;
    /// Hash of getPolicy() (plus the owner) as the timelock last left it.
    bytes32 public expectedFingerprint;

    constructor() {
        policy = new RewardPolicy(TIMELOCK, address(0), 1 days, 7 days, 1_000e18, 5_000, 3_000, 2_000, 2_500, 1e18, RewardPolicy.GovernanceMode.Linear);
        _callers.push(TIMELOCK);
        _callers.push(address(0xBAD));
        _callers.push(address(0xFEED));
        _callers.push(address(this));
        expectedFingerprint = fingerprint();
    }

    function setEpochLength(uint256 callerSeed, uint64 value) external {
        _call(callerSeed, abi.encodeCall(policy.setEpochLength, (value)));
    }

    function setBudgetPerEpoch(uint256 callerSeed, uint256 value) external {
        _call(callerSeed, abi.encodeCall(policy.setBudgetPerEpoch, (value)));
    }

    function setProgramSplit(uint256 callerSeed, uint16 depin, uint16 rollup) external {
        // Mostly valid splits, so that the timelock's calls usually land.
        depin = uint16(bound(depin, 0, 10_000));
        rollup = uint16(bound(rollup, 0, 10_000 - depin));
        _call(callerSeed, abi.encodeCall(policy.setProgramSplit, (depin, rollup, 10_000 - depin - rollup)));
    }

    function setGpuClassWeight(uint256 callerSeed, uint8 gpuClass, uint256 weight) external {
        _call(callerSeed, abi.encodeCall(policy.setGpuClassWeight, (gpuClass % 4, weight % 3)));
    }

    function setRollupKindWeight(uint256 callerSeed, uint8 kind, uint256 weight) external {
        _call(callerSeed, abi.encodeCall(policy.setRollupKindWeight, (bytes32(uint256(kind % 3)), weight % 3)));
    }

    function setRecipientCap(uint256 callerSeed, uint16 value) external {
        _call(callerSeed, abi.encodeCall(policy.setRecipientCap, (value)));
    }

    function setMinPayout(uint256 callerSeed, uint256 value) external {
        _call(callerSeed, abi.encodeCall(policy.setMinPayout, (value)));
    }

    function setGovernanceMode(uint256 callerSeed, bool squareRoot) external {
        RewardPolicy.GovernanceMode mode =
            squareRoot ? RewardPolicy.GovernanceMode.SquareRoot : RewardPolicy.GovernanceMode.Linear;
        _call(callerSeed, abi.encodeCall(policy.setGovernanceMode, (mode)));
    }

    function addVerifier(uint256 callerSeed, uint8 verifier) external {
        _call(callerSeed, abi.encodeCall(policy.addVerifier, (address(uint160(verifier % 4)))));
    }

    function removeVerifier(uint256 callerSeed, uint8 verifier) external {
        _call(callerSeed, abi.encodeCall(policy.removeVerifier, (address(uint160(verifier % 4)))));
    }

    /// @notice Someone other than the timelock tries to take or drop ownership.
    function seizeOwnership(uint256 callerSeed, bool renounce) external {
        address caller = _callers[bound(callerSeed, 1, _callers.length - 1)];
        vm.prank(caller);
        (bool ok,) = address(policy).call(
            renounce ? abi.encodeCall(policy.renounceOwnership, ()) : abi.encodeCall(policy.transferOwnership, (caller))
        );
        if (ok) unauthorizedChange = true;
    }

    function fingerprint() public view returns (bytes32) {
        (bool ok, bytes memory data) = address(policy).staticcall(abi.encodeCall(policy.getPolicy, ()));
        require(ok, "getPolicy");
        return keccak256(abi.encode(data, policy.owner()));
    }

    function _call(uint256 callerSeed, bytes memory data) internal {
        address caller = _callers[bound(callerSeed, 0, _callers.length - 1)];
        vm.prank(caller);
        (bool ok,) = address(policy).call(data);
        if (!ok) return;
        if (caller == TIMELOCK) {
            timelockChanges++;
            expectedFingerprint = fingerprint();
        } else {
            unauthorizedChange = true;
        }
    }
}
