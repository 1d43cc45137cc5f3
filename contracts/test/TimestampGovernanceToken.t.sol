// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {TimestampGovernanceToken} from "../src/TimestampGovernanceToken.sol";
import {DaoGovernor} from "../src/DaoGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

/// @notice A DaoGovernor over TimestampGovernanceToken runs on the token's clock: seconds, not blocks.
contract TimestampGovernanceTokenTest is TestBase {
    uint48 internal constant VOTING_DELAY = 1 hours;
    uint32 internal constant VOTING_PERIOD = 1 days;

    TimestampGovernanceToken internal token;
    DaoGovernor internal governor;

    address internal constant VOTER = address(0xA11CE);
    address internal constant OTHER = address(0xB0B);

    function setUp() public {
        vm.warp(1_800_000_000);
        vm.roll(100);
        token = new TimestampGovernanceToken("Gov", "GOV", address(this));
        address[] memory none = new address[](0);
        TimelockController timelock = new TimelockController(1 days, none, none, address(this));
        governor = new DaoGovernor("DAO", token, timelock, VOTING_DELAY, VOTING_PERIOD, 0, 4);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        token.mint(VOTER, 1_000e18);
        vm.prank(VOTER);
        token.delegate(VOTER);
        vm.warp(block.timestamp + 1);
    }

    function test_clockIsTheBlockTimestamp() public view {
        vm.assertEq(token.CLOCK_MODE(), "mode=timestamp", "token clock mode");
        vm.assertEq(governor.CLOCK_MODE(), "mode=timestamp", "the Governor takes the token's clock");
        vm.assertEq(uint256(token.clock()), block.timestamp, "token clock");
        vm.assertEq(uint256(governor.clock()), block.timestamp, "governor clock");
    }

    function test_pastVotesAreKeyedByTimestamp() public {
        uint256 delegatedAt = block.timestamp - 1;
        vm.roll(block.number + 1000);
        vm.warp(block.timestamp + 10);
        vm.prank(VOTER);
        token.transfer(OTHER, 400e18);
        uint256 transferredAt = block.timestamp;
        vm.warp(block.timestamp + 1);

        vm.assertEq(token.getPastVotes(VOTER, delegatedAt - 1), 0, "before the delegation");
        vm.assertEq(token.getPastVotes(VOTER, delegatedAt), 1_000e18, "at the delegation");
        vm.assertEq(token.getPastVotes(VOTER, transferredAt - 1), 1_000e18, "just before the transfer");
        vm.assertEq(token.getPastVotes(VOTER, transferredAt), 600e18, "at the transfer");
    }

    function test_proposalVoteStartAndEndAreTimestamps() public {
        address[] memory targets = new address[](1);
        targets[0] = address(token);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(token.transfer, (VOTER, 0));

        vm.prank(VOTER);
        uint256 id = governor.propose(targets, values, calldatas, "Timestamps");
        uint256 proposedAt = block.timestamp;
        vm.assertEq(governor.proposalSnapshot(id), proposedAt + VOTING_DELAY, "voteStart in seconds");
        vm.assertEq(governor.proposalDeadline(id), proposedAt + VOTING_DELAY + VOTING_PERIOD, "voteEnd in seconds");

        // Blocks alone move nothing: only time does.
        vm.roll(block.number + 1_000_000);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Pending), "pending by the clock");
        vm.warp(proposedAt + VOTING_DELAY);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Pending), "pending at the snapshot");
        vm.warp(proposedAt + VOTING_DELAY + 1);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Active), "active after it");

        vm.prank(VOTER);
        governor.castVote(id, 1);
        vm.warp(proposedAt + VOTING_DELAY + VOTING_PERIOD);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Active), "active at the deadline");
        vm.warp(proposedAt + VOTING_DELAY + VOTING_PERIOD + 1);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Succeeded), "succeeded after it");
        vm.assertEq(governor.quorum(proposedAt + VOTING_DELAY), 40e18, "quorum at the snapshot timestamp");
    }
}
