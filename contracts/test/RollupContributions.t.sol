// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {RollupContributions} from "../src/RollupContributions.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

contract RollupContributionsTest is TestBase {
    event BatchSubmitted(uint256 indexed batchIndex, address indexed submitter, uint256 txCount, bytes32 dataHash);
    event ProofSubmitted(uint256 indexed batchIndex, address indexed prover);
    event ChallengeResolved(uint256 indexed batchIndex, address indexed challenger, bool challengerWon);

    address internal constant SEQUENCER = address(0x5E0);
    address internal constant PROVER = address(0x960);
    address internal constant CHALLENGER = address(0xC4A);

    RollupContributions internal rollup;

    function setUp() public {
        rollup = new RollupContributions(address(this), true);
    }

    function test_eventSignatures_areTheOnesTheEngineMaps() public pure {
        vm.assertEq(
            BatchSubmitted.selector, keccak256("BatchSubmitted(uint256,address,uint256,bytes32)"), "BatchSubmitted"
        );
        vm.assertEq(ProofSubmitted.selector, keccak256("ProofSubmitted(uint256,address)"), "ProofSubmitted");
        vm.assertEq(
            ChallengeResolved.selector, keccak256("ChallengeResolved(uint256,address,bool)"), "ChallengeResolved"
        );
    }

    function test_submitBatch_numbersBatchesAndEmits() public {
        vm.expectEmit(true, true, false, true, address(rollup));
        emit BatchSubmitted(0, SEQUENCER, 120, keccak256("batch-0"));
        vm.prank(SEQUENCER);
        vm.assertEq(rollup.submitBatch(120, keccak256("batch-0")), 0, "first index");

        vm.expectEmit(true, true, false, true, address(rollup));
        emit BatchSubmitted(1, PROVER, 0, bytes32(0));
        vm.prank(PROVER);
        vm.assertEq(rollup.submitBatch(0, bytes32(0)), 1, "second index");
        vm.assertEq(rollup.batchCount(), 2, "count");
    }

    function test_submitProof_emitsForAnExistingBatch() public {
        rollup.submitBatch(1, bytes32(0));
        vm.expectEmit(true, true, false, true, address(rollup));
        emit ProofSubmitted(0, PROVER);
        vm.prank(PROVER);
        rollup.submitProof(0);
    }

    function test_submitProof_revertsForAnUnknownBatch() public {
        vm.expectRevert(abi.encodeWithSelector(RollupContributions.UnknownBatch.selector, 0));
        rollup.submitProof(0);
    }

    function test_resolveChallenge_emitsBothOutcomes() public {
        rollup.submitBatch(1, bytes32(0));
        vm.expectEmit(true, true, false, true, address(rollup));
        emit ChallengeResolved(0, CHALLENGER, true);
        rollup.resolveChallenge(0, CHALLENGER, true);
        vm.expectEmit(true, true, false, true, address(rollup));
        emit ChallengeResolved(0, CHALLENGER, false);
        rollup.resolveChallenge(0, CHALLENGER, false);
    }

    function test_resolveChallenge_revertsOnUnknownBatchOrZeroChallenger() public {
        vm.expectRevert(abi.encodeWithSelector(RollupContributions.UnknownBatch.selector, 3));
        rollup.resolveChallenge(3, CHALLENGER, true);
        rollup.submitBatch(1, bytes32(0));
        vm.expectRevert(RollupContributions.ZeroAddress.selector);
        rollup.resolveChallenge(0, address(0), true);
    }

    // ---------------------------------------------------------------- reporter role (issue #14)

    /// @notice The finding: anyone could report a batch and so mint themselves the rollup pool. Deployed with
    ///         permissionless = false, only REPORTER_ROLE holders report, and the caller stays the contributor.
    function test_restricted_onlyReportersReport() public {
        RollupContributions restricted = new RollupContributions(address(this), false);
        vm.assertFalse(restricted.permissionless(), "restricted");
        bytes32 role = restricted.REPORTER_ROLE();

        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, SEQUENCER, role));
        vm.prank(SEQUENCER);
        restricted.submitBatch(1, bytes32(0));

        restricted.grantRole(role, SEQUENCER);
        vm.expectEmit(true, true, false, true, address(restricted));
        emit BatchSubmitted(0, SEQUENCER, 1, bytes32(0));
        vm.prank(SEQUENCER);
        restricted.submitBatch(1, bytes32(0));

        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, PROVER, role));
        vm.prank(PROVER);
        restricted.submitProof(0);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, PROVER, role));
        vm.prank(PROVER);
        restricted.resolveChallenge(0, CHALLENGER, true);

        restricted.revokeRole(role, SEQUENCER);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, SEQUENCER, role));
        vm.prank(SEQUENCER);
        restricted.submitBatch(1, bytes32(0));
    }

    function test_restricted_onlyTheAdminGrantsTheRole() public {
        RollupContributions restricted = new RollupContributions(address(this), false);
        bytes32 role = restricted.REPORTER_ROLE();
        bytes32 admin = restricted.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, SEQUENCER, admin));
        vm.prank(SEQUENCER);
        restricted.grantRole(role, SEQUENCER);
    }

    function test_permissionless_anyoneReports() public {
        vm.assertTrue(rollup.permissionless(), "permissionless");
        vm.prank(address(0xABCD));
        rollup.submitBatch(1, bytes32(0));
        vm.assertEq(rollup.batchCount(), 1, "reported");
    }

    function test_constructor_revertsOnZeroAdmin() public {
        vm.expectRevert(RollupContributions.ZeroAddress.selector);
        new RollupContributions(address(0), true);
    }

    function testFuzz_restricted_refusesEveryNonReporter(address caller) public {
        RollupContributions restricted = new RollupContributions(address(this), false);
        restricted.grantRole(restricted.REPORTER_ROLE(), SEQUENCER);
        vm.assume(caller != SEQUENCER);
        vm.prank(caller);
        try restricted.submitBatch(1, bytes32(0)) {
            vm.assertTrue(false, "a non-reporter reported");
        } catch {}
        vm.assertEq(restricted.batchCount(), 0, "nothing recorded");
    }
}
