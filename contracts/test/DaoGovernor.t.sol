// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {GovernanceToken} from "../src/GovernanceToken.sol";
import {DaoGovernor} from "../src/DaoGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

contract DaoGovernorTest is TestBase {
    GovernanceToken internal token;
    TimelockController internal timelock;
    DaoGovernor internal governor;

    address internal constant VOTER = address(0xA11CE);

    function setUp() public {
        token = new GovernanceToken("Gov", "GOV", address(this));
        address[] memory none = new address[](0);
        timelock = new TimelockController(1 days, none, none, address(this));
        governor = new DaoGovernor("DAO", token, timelock, 1, 50, 0, 4);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(0));
        token.mint(VOTER, 1_000e18);
        vm.prank(VOTER);
        token.delegate(VOTER);
        vm.roll(block.number + 1);
    }

    function test_proposalRunsThroughVoteQueueAndExecute() public {
        address[] memory targets = new address[](1);
        targets[0] = address(token);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(token.transfer, (VOTER, 0));
        string memory description = "# Zero transfer\nA proposal that does nothing.";

        vm.prank(VOTER);
        uint256 id = governor.propose(targets, values, calldatas, description);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Pending), "pending");

        vm.roll(block.number + 2);
        vm.prank(VOTER);
        governor.castVote(id, 1);
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(id);
        vm.assertEq(forVotes, 1_000e18, "for votes");
        vm.assertEq(against + abstain, 0, "no other votes");

        vm.roll(block.number + 51);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Succeeded), "succeeded");

        bytes32 descriptionHash = keccak256(bytes(description));
        governor.queue(targets, values, calldatas, descriptionHash);
        vm.warp(block.timestamp + 1 days + 1);
        governor.execute(targets, values, calldatas, descriptionHash);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Executed), "executed");
    }
}
