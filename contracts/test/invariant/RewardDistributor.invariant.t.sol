// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase, FuzzSelector} from "../utils/TestBase.sol";
import {DistributorHandler} from "./DistributorHandler.sol";
import {RewardDistributor} from "../../src/RewardDistributor.sol";

/// @notice Invariants of the distributor over random sequences of the handler's actions.
contract RewardDistributorInvariantTest is TestBase {
    DistributorHandler internal handler;
    RewardDistributor internal distributor;

    function setUp() public {
        vm.warp(1_700_000_000);
        handler = new DistributorHandler();
        distributor = handler.distributor();
    }

    /// @dev forge reads these two instead of fuzzing every contract deployed in setUp.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = DistributorHandler.propose.selector;
        selectors[1] = DistributorHandler.dispute.selector;
        selectors[2] = DistributorHandler.resolve.selector;
        selectors[3] = DistributorHandler.warp.selector;
        selectors[4] = DistributorHandler.finalize.selector;
        selectors[5] = DistributorHandler.claim.selector;
        selectors[6] = DistributorHandler.claimAll.selector;
        selectors[7] = DistributorHandler.claimPending.selector;
        selectors[8] = DistributorHandler.expire.selector;
        selectors[9] = DistributorHandler.cancel.selector;
        selectors[10] = DistributorHandler.pause.selector;
        selectors[11] = DistributorHandler.unpause.selector;
        selectors[12] = DistributorHandler.donate.selector;
        selectors[13] = DistributorHandler.sweep.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: selectors});
    }

    function invariant_neverPaysMoreThanTheLiveRootsTotal() public view {
        (,, uint256 liveTotal) = distributor.liveRoot();
        uint256 totalClaimed = distributor.totalClaimed();
        vm.assertLe(totalClaimed, liveTotal, "claimed within the live total");
        vm.assertEq(handler.ghostPaid(), totalClaimed, "every payout is counted");
        vm.assertEq(
            handler.token().balanceOf(address(distributor)) + totalClaimed + handler.ghostSwept(),
            handler.ghostMinted(),
            "tokens conserved"
        );
    }

    /// @notice Whatever is swept, canceled or expired, the balance still covers what the live root and the
    ///         pending root can pay.
    function invariant_rootsStayFunded() public view {
        uint256 balance = handler.token().balanceOf(address(distributor));
        uint256 totalClaimed = distributor.totalClaimed();
        (,, uint256 liveTotal) = distributor.liveRoot();
        vm.assertGe(balance, liveTotal - totalClaimed, "live root funded");
        (, bytes32 pending, uint256 pendingTotal,,) = distributor.pendingRoot();
        if (pending != bytes32(0)) vm.assertGe(balance, pendingTotal - totalClaimed, "pending root funded");
        vm.assertFalse(handler.sweptIntoDebt(), "swept more than the surplus");
    }

    function invariant_claimedNeverDecreases() public view {
        vm.assertFalse(handler.claimedDecreased(), "claimed[a] decreased");
    }

    function invariant_disputedRootNeverGoesLiveWithoutGovernance() public view {
        (, bytes32 live,) = distributor.liveRoot();
        if (handler.ghostDisputed(live)) {
            vm.assertTrue(handler.ghostApprovedByGovernance(live), "disputed root live without a ruling");
        }
    }

    function invariant_nothingIsClaimableAgainstAPendingRoot() public view {
        vm.assertFalse(handler.claimedAgainstPending(), "a pending root paid out");
        (, bytes32 pending,,,) = distributor.pendingRoot();
        if (pending == bytes32(0) || pending != handler.proposedRoot()) return;
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            vm.assertFalse(
                distributor.verifyClaim(handler.actors(i), handler.proposedAmount(i), handler.proposedProof(i)),
                "a pending leaf verifies"
            );
        }
    }

    /// @notice The handler's paths do what the campaign relies on: payouts, disputes upheld and rejected, roots
    ///         going live by time and by ruling.
    function test_handlerDrivesEveryPath() public {
        handler.propose(1);
        handler.claimPending(0);
        handler.warp(2 * handler.PERIOD());
        handler.claim(0);
        vm.assertGt(handler.ghostPaid(), 0, "claim paid");

        handler.propose(2);
        handler.dispute(1);
        bytes32 disputed = handler.proposedRoot();
        vm.assertTrue(handler.ghostDisputed(disputed), "disputed");
        handler.warp(handler.PERIOD());
        handler.claimAll();
        handler.resolve(true);
        (, bytes32 live,) = distributor.liveRoot();
        vm.assertEq(live, disputed, "upheld root live");
        handler.claimAll();

        handler.propose(3);
        handler.dispute(3);
        handler.resolve(false);
        (, live,) = distributor.liveRoot();
        vm.assertEq(live, disputed, "rejected root never live");
        handler.propose(4);
        vm.assertTrue(handler.proposedRoot() != disputed, "proposed again after the rejection");
        vm.assertEq(handler.ghostPaid(), distributor.totalClaimed(), "ghost follows");

        // An unresolved dispute expires; the root is discarded, never live.
        handler.dispute(5);
        bytes32 expired = handler.proposedRoot();
        handler.warp(type(uint256).max);
        handler.warp(type(uint256).max);
        handler.expire();
        (, live,) = distributor.liveRoot();
        vm.assertTrue(live != expired, "expired root never live");
        (, bytes32 pending,,,) = distributor.pendingRoot();
        vm.assertEq(pending, bytes32(0), "expired root no longer pending");

        handler.propose(6);
        handler.cancel();
        (, pending,,,) = distributor.pendingRoot();
        vm.assertEq(pending, bytes32(0), "canceled");
        handler.pause(true);
        vm.assertTrue(distributor.paused(), "paused by the guardian");
        handler.unpause();
        handler.donate(5e18, false);
        handler.donate(5e18, true);
        handler.sweep(type(uint256).max, false);
        handler.sweep(type(uint256).max, true);
        vm.assertGt(handler.ghostSwept(), 0, "swept");
        invariant_rootsStayFunded();
        invariant_neverPaysMoreThanTheLiveRootsTotal();
        invariant_nothingIsClaimableAgainstAPendingRoot();
    }

    function afterInvariant() public view {
        // Guard against a vacuous campaign: the handler must actually have been driven.
        vm.assertGe(handler.calls(), 1, "handler called");
    }
}
