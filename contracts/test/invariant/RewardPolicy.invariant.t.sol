// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase, FuzzSelector} from "../utils/TestBase.sol";
import {PolicyHandler} from "./PolicyHandler.sol";
import {RewardPolicy} from "../../src/RewardPolicy.sol";

/// @notice Only the timelock changes the policy, whoever calls whatever.
contract RewardPolicyInvariantTest is TestBase {
    PolicyHandler internal handler;
    RewardPolicy internal policy;
    uint64 internal initialVersion;

    function setUp() public {
        handler = new PolicyHandler();
        policy = handler.policy();
        initialVersion = policy.policyVersion();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = PolicyHandler.setEpochLength.selector;
        selectors[1] = PolicyHandler.setBudgetPerEpoch.selector;
        selectors[2] = PolicyHandler.setProgramSplit.selector;
        selectors[3] = PolicyHandler.setGpuClassWeight.selector;
        selectors[4] = PolicyHandler.setRollupKindWeight.selector;
        selectors[5] = PolicyHandler.setRecipientCap.selector;
        selectors[6] = PolicyHandler.setMinPayout.selector;
        selectors[7] = PolicyHandler.setGovernanceMode.selector;
        selectors[8] = PolicyHandler.addVerifier.selector;
        selectors[9] = PolicyHandler.removeVerifier.selector;
        selectors[10] = PolicyHandler.seizeOwnership.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: selectors});
    }

    function invariant_onlyTheTimelockChangesThePolicy() public view {
        vm.assertFalse(handler.unauthorizedChange(), "a non-timelock call changed the policy");
        vm.assertEq(policy.owner(), handler.TIMELOCK(), "owner");
        vm.assertEq(handler.fingerprint(), handler.expectedFingerprint(), "policy changed outside the timelock");
        vm.assertEq(
            uint256(policy.policyVersion()), uint256(initialVersion) + handler.timelockChanges(), "one version per change"
        );
    }
}
