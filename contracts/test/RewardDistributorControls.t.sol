// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DistributorFixture} from "./utils/DistributorFixture.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {RewardDistributor} from "../src/RewardDistributor.sol";
import {MockERC20} from "./mocks/MockERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice The findings of issue #14 against the distributor, each as the attack it describes (which succeeded
///         before the fix) and the controls that answer it: a bounded dispute freeze, emergency cancel, pause and
///         sweep, a bounded epoch skip, and a batch claim that a front-run claim cannot revert.
contract RewardDistributorControlsTest is DistributorFixture {
    using MerkleTreeBuilder for MerkleTreeBuilder.Tree;

    event RootProposed(
        uint256 indexed epoch, bytes32 indexed root, uint256 totalCumulative, uint64 liveAt, string dataUri
    );
    event DisputeExpired(uint256 indexed epoch, bytes32 indexed root, address indexed disputer, uint256 bond);
    event RootCanceled(uint256 indexed epoch, bytes32 indexed root, address disputer, uint256 bond);
    event Swept(address indexed token, address indexed to, uint256 amount);
    event Claimed(address indexed account, uint256 indexed epoch, uint256 amount, uint256 cumulativeClaimed);

    function setUp() public {
        vm.warp(1_700_000_000);
        _setUpDistributor();
    }

    // ---------------------------------------------------------------- 1. freeze by dispute

    /// @notice PoC: a stranger disputed for free and froze the root for as long as governance stayed silent.
    function test_freeze_aStrangerCannotDisputeForFree() public {
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidDisputeBond.selector, 0, 1));
        new RewardDistributor(token, TIMELOCK, UPDATER, GUARDIAN, PERIOD, RESOLUTION, 0, 0, MAX_SKIP);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidDisputeBond.selector, MIN_BOND - 1, MIN_BOND));
        new RewardDistributor(token, TIMELOCK, UPDATER, GUARDIAN, PERIOD, RESOLUTION, MIN_BOND, MIN_BOND - 1, MAX_SKIP);

        vm.prank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidDisputeBond.selector, 0, MIN_BOND));
        distributor.setDisputeBond(0);

        _propose(1, _amounts(1, 2, 3));
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.WrongBond.selector, 0, BOND));
        distributor.dispute("free");
    }

    function testFuzz_setDisputeBond_neverBelowTheMinimum(uint256 bond) public {
        vm.prank(TIMELOCK);
        if (bond < MIN_BOND) {
            vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidDisputeBond.selector, bond, MIN_BOND));
        }
        distributor.setDisputeBond(bond);
        vm.assertGe(distributor.disputeBond(), MIN_BOND, "bond at least the minimum");
    }

    /// @notice PoC: a disputed root stayed frozen, and blocked every later proposal, until governance ruled. Now
    ///         an unresolved dispute expires: the root is discarded (never upheld), the bond goes back, and the
    ///         next proposal records the expiry itself.
    function test_freeze_anUnresolvedDisputeExpiresAndTheNextProposalGoesThrough() public {
        MerkleTreeBuilder.Tree memory tree = _propose(1, _amounts(1, 2, 3));
        uint64 disputedAt = uint64(block.timestamp);
        _dispute();
        vm.assertEq(uint256(distributor.disputeDeadline()), disputedAt + RESOLUTION, "deadline");

        vm.warp(disputedAt + RESOLUTION);
        (, bytes32 pending,,,) = distributor.pendingRoot();
        vm.assertEq(pending, bytes32(0), "no longer pending once overdue");
        (,,,, RewardDistributor.RootStatus status) = distributor.epochRoot(1);
        vm.assertEq(uint256(status), uint256(RewardDistributor.RootStatus.Discarded), "discarded, not upheld");
        (, bytes32 live,) = distributor.liveRoot();
        vm.assertEq(live, bytes32(0), "never live");

        uint256[] memory later = _amounts(4, 5, 6);
        MerkleTreeBuilder.Tree memory laterTree = _tree(later);
        token.mint(address(distributor), 15);
        vm.expectEmit(true, true, true, true, address(distributor));
        emit DisputeExpired(1, tree.root(), DISPUTER, BOND);
        vm.expectEmit(true, true, false, true, address(distributor));
        emit RootProposed(2, laterTree.root(), 15, uint64(block.timestamp) + PERIOD, "");
        vm.prank(UPDATER);
        distributor.proposeRoot(2, laterTree.root(), 15, "");
        vm.assertEq(distributor.bondCredit(DISPUTER), BOND, "bond credited back");
        vm.assertEq(distributor.disputer(), address(0), "dispute cleared");
        vm.assertEq(uint256(distributor.disputeDeadline()), 0, "deadline cleared");
    }

    function test_expireDispute_anyoneRecordsItAtTheDeadline() public {
        MerkleTreeBuilder.Tree memory tree = _propose(1, _amounts(1, 2, 3));
        vm.expectRevert(RewardDistributor.NoDisputedRoot.selector);
        distributor.expireDispute();
        _dispute();
        uint64 deadline = distributor.disputeDeadline();
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.DisputeNotExpired.selector, deadline));
        distributor.expireDispute();

        vm.warp(deadline);
        vm.expectEmit(true, true, true, true, address(distributor));
        emit DisputeExpired(1, tree.root(), DISPUTER, BOND);
        vm.prank(STRANGER);
        distributor.expireDispute();
        (,,,, RewardDistributor.RootStatus status) = distributor.epochRoot(1);
        vm.assertEq(uint256(status), uint256(RewardDistributor.RootStatus.Discarded), "discarded");
        distributor.withdrawBond(DISPUTER);
        vm.assertEq(DISPUTER.balance, 100 ether, "bond back");
        // The discarded epoch may be proposed again.
        _propose(1, _amounts(1, 2, 3));
    }

    /// @notice Governance rules any time before the deadline; a ruling that lands later must not revive the root.
    function test_resolveDispute_afterTheDeadlineReverts() public {
        _propose(1, _amounts(1, 2, 3));
        _dispute();
        uint64 deadline = distributor.disputeDeadline();
        vm.warp(deadline - 1);
        uint256 snapshotTime = block.timestamp;
        vm.warp(deadline);
        vm.prank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.ResolutionPeriodOver.selector, deadline));
        distributor.resolveDispute(true);

        vm.warp(snapshotTime);
        vm.prank(TIMELOCK);
        distributor.resolveDispute(true);
        (, bytes32 live,) = distributor.liveRoot();
        vm.assertTrue(live != bytes32(0), "upheld in time");
    }

    /// @notice Whenever anything happens after a dispute, the root is live only by a ruling.
    function testFuzz_aDisputedRootNeverGoesLiveByTime(uint256 elapsed, uint256 disputeAfter) public {
        disputeAfter = bound(disputeAfter, 0, PERIOD - 1);
        elapsed = bound(elapsed, 0, 3 * (PERIOD + RESOLUTION));
        _propose(1, _amounts(1, 2, 3));
        vm.warp(block.timestamp + disputeAfter);
        _dispute();
        uint64 deadline = distributor.disputeDeadline();
        vm.warp(block.timestamp + elapsed);
        try distributor.finalizeRoot() {} catch {}
        try distributor.expireDispute() {} catch {}
        (, bytes32 live,) = distributor.liveRoot();
        vm.assertEq(live, bytes32(0), "live without a ruling");
        (,,,, RewardDistributor.RootStatus status) = distributor.epochRoot(1);
        RewardDistributor.RootStatus expected =
            block.timestamp >= deadline ? RewardDistributor.RootStatus.Discarded : RewardDistributor.RootStatus.Disputed;
        vm.assertEq(uint256(status), uint256(expected), "disputed until the deadline, discarded from it");
    }

    function test_resolutionPeriod_isBounded() public {
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidResolutionPeriod.selector, 0));
        new RewardDistributor(token, TIMELOCK, UPDATER, GUARDIAN, PERIOD, 0, MIN_BOND, BOND, MAX_SKIP);
        vm.startPrank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidResolutionPeriod.selector, 30 days + 1));
        distributor.setResolutionPeriod(30 days + 1);
        distributor.setResolutionPeriod(30 days);
        vm.stopPrank();
        vm.assertEq(uint256(distributor.resolutionPeriod()), 30 days, "set");
    }

    /// @notice An open dispute keeps the deadline it was given.
    function test_setResolutionPeriod_appliesToLaterDisputesOnly() public {
        _propose(1, _amounts(1, 2, 3));
        _dispute();
        uint64 deadline = distributor.disputeDeadline();
        vm.prank(TIMELOCK);
        distributor.setResolutionPeriod(1 days);
        vm.assertEq(uint256(distributor.disputeDeadline()), deadline, "deadline kept");
    }

    // ---------------------------------------------------------------- 2. emergency controls

    /// @notice PoC: revoking UPDATER_ROLE did not stop a root already pending; it went live by time.
    function test_cancel_stopsAPendingRootOfARevokedUpdater() public {
        MerkleTreeBuilder.Tree memory tree = _propose(1, _amounts(1, 2, 3));
        vm.startPrank(TIMELOCK);
        distributor.revokeRole(distributor.UPDATER_ROLE(), UPDATER);
        vm.expectEmit(true, true, false, true, address(distributor));
        emit RootCanceled(1, tree.root(), address(0), 0);
        distributor.cancelPendingRoot();
        vm.stopPrank();

        vm.warp(block.timestamp + PERIOD);
        (, bytes32 live,) = distributor.liveRoot();
        vm.assertEq(live, bytes32(0), "never live");
        (,,,, RewardDistributor.RootStatus status) = distributor.epochRoot(1);
        vm.assertEq(uint256(status), uint256(RewardDistributor.RootStatus.Discarded), "discarded");
        vm.expectRevert(RewardDistributor.NothingToFinalize.selector);
        distributor.finalizeRoot();
    }

    function test_cancel_ofADisputedRootReturnsTheBond() public {
        MerkleTreeBuilder.Tree memory tree = _propose(1, _amounts(1, 2, 3));
        _dispute();
        vm.expectEmit(true, true, false, true, address(distributor));
        emit RootCanceled(1, tree.root(), DISPUTER, BOND);
        vm.prank(TIMELOCK);
        distributor.cancelPendingRoot();
        vm.assertEq(distributor.bondCredit(DISPUTER), BOND, "bond credited back");
        vm.assertEq(distributor.disputer(), address(0), "dispute cleared");
        // The same epoch may be proposed again.
        _propose(1, _amounts(1, 2, 4));
    }

    function test_cancel_refusesALiveRootOrNone() public {
        vm.startPrank(TIMELOCK);
        vm.expectRevert(RewardDistributor.NoPendingRoot.selector);
        distributor.cancelPendingRoot();
        vm.stopPrank();
        _proposeAndGoLive(1, _amounts(1, 2, 3));
        vm.prank(TIMELOCK);
        vm.expectRevert(RewardDistributor.NoPendingRoot.selector);
        distributor.cancelPendingRoot();
    }

    function test_pause_stopsEveryClaimUntilTheAdminUnpauses() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        bytes32[] memory proof = tree.proof(0);

        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.NotGuardian.selector, STRANGER));
        distributor.pause();
        vm.prank(GUARDIAN);
        distributor.pause();

        vm.expectRevert(Pausable.EnforcedPause.selector);
        distributor.claim(recipients[0], 10, proof);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        distributor.claimWithExpectedRoot(tree.root(), recipients[0], 10, proof);
        bytes32[][] memory proofs = new bytes32[][](1);
        proofs[0] = proof;
        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(proofs);
        address[] memory one = new address[](1);
        one[0] = recipients[0];
        uint256[] memory oneAmount = new uint256[](1);
        oneAmount[0] = 10;
        vm.expectRevert(Pausable.EnforcedPause.selector);
        distributor.claimMany(one, oneAmount, nodes, lengths);

        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, GUARDIAN, bytes32(0))
        );
        distributor.unpause();
        vm.prank(TIMELOCK);
        distributor.unpause();
        vm.assertEq(distributor.claim(recipients[0], 10, proof), 10, "paid after unpause");

        // The admin may pause too.
        vm.prank(TIMELOCK);
        distributor.pause();
        vm.assertTrue(distributor.paused(), "paused by the admin");
    }

    /// @notice PoC: tokens sent by mistake, or beyond every root, were stuck for good.
    function test_sweep_recoversForeignTokensAndOnlyTheRewardSurplus() public {
        MockERC20 foreign = new MockERC20();
        foreign.mint(address(distributor), 500);
        vm.expectEmit(true, true, false, true, address(distributor));
        emit Swept(address(foreign), TIMELOCK, 500);
        vm.prank(TIMELOCK);
        distributor.sweep(foreign, TIMELOCK, 500);
        vm.assertEq(foreign.balanceOf(TIMELOCK), 500, "foreign token recovered");

        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        distributor.claim(recipients[0], 10, tree.proof(0));
        token.mint(address(distributor), 7);
        // Owed: 60 - 10 claimed = 50; balance 57.
        vm.assertEq(distributor.sweepableSurplus(), 7, "surplus of the live root");

        // A pending root with a larger total is owed too.
        _propose(2, _amounts(10, 20, 33));
        vm.assertEq(distributor.sweepableSurplus(), 4, "surplus under the pending root");
        vm.prank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.SweepExceedsSurplus.selector, 5, 4));
        distributor.sweep(token, TIMELOCK, 5);
        vm.prank(TIMELOCK);
        distributor.sweep(token, TIMELOCK, 4);
        vm.assertEq(token.balanceOf(address(distributor)), 53, "the pending root stays funded");

        vm.prank(TIMELOCK);
        vm.expectRevert(RewardDistributor.ZeroAddress.selector);
        distributor.sweep(foreign, address(0), 0);
    }

    function testFuzz_sweep_neverUnderfundsTheRoots(uint256 extra, uint256 request, uint256 pendingExtra) public {
        extra = bound(extra, 0, 1_000);
        pendingExtra = bound(pendingExtra, 0, 1_000);
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        distributor.claim(recipients[1], 20, tree.proof(1));
        token.mint(address(distributor), extra);
        _propose(2, _amounts(10, 20, 30 + pendingExtra));
        request = bound(request, 0, token.balanceOf(address(distributor)));

        vm.prank(TIMELOCK);
        try distributor.sweep(token, TIMELOCK, request) {} catch {}
        uint256 balance = token.balanceOf(address(distributor));
        vm.assertGe(balance, 60 + pendingExtra - distributor.totalClaimed(), "pending root funded");
        // And the pending root, once live, pays everyone in full.
        vm.warp(block.timestamp + PERIOD);
        MerkleTreeBuilder.Tree memory next = _tree(_amounts(10, 20, 30 + pendingExtra));
        distributor.claim(recipients[0], 10, next.proof(0));
        distributor.claim(recipients[2], 30 + pendingExtra, next.proof(2));
    }

    // ---------------------------------------------------------------- 3. epoch brick

    /// @notice PoC: a root for epoch 2^256-1 made every later proposeRoot revert (no epoch exceeds it).
    function test_epochBrick_aHugeEpochIsRefused() public {
        token.mint(address(distributor), 6);
        bytes32 root = _tree(_amounts(1, 2, 3)).root();
        vm.startPrank(UPDATER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.EpochTooFarAhead.selector, type(uint256).max, MAX_SKIP));
        distributor.proposeRoot(type(uint256).max, root, 6, "");
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.EpochTooFarAhead.selector, MAX_SKIP + 1, MAX_SKIP));
        distributor.proposeRoot(MAX_SKIP + 1, root, 6, "");
        distributor.proposeRoot(MAX_SKIP, root, 6, "");
        vm.stopPrank();
        vm.warp(block.timestamp + PERIOD);
        // The next bound counts from the live epoch.
        _propose(2 * MAX_SKIP, _amounts(1, 2, 4));
    }

    function testFuzz_epochBound(uint256 liveEpoch, uint256 epoch) public {
        liveEpoch = bound(liveEpoch, 1, MAX_SKIP);
        _proposeAndGoLive(liveEpoch, _amounts(1, 2, 3));
        token.mint(address(distributor), 1);
        bytes32 root = _tree(_amounts(1, 2, 4)).root();
        vm.prank(UPDATER);
        if (epoch <= liveEpoch) {
            vm.expectRevert(abi.encodeWithSelector(RewardDistributor.EpochNotIncreasing.selector, epoch, liveEpoch));
        } else if (epoch - liveEpoch > MAX_SKIP) {
            vm.expectRevert(
                abi.encodeWithSelector(RewardDistributor.EpochTooFarAhead.selector, epoch, liveEpoch + MAX_SKIP)
            );
        }
        distributor.proposeRoot(epoch, root, 7, "");
    }

    function test_maxEpochSkip_isBounded() public {
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidMaxEpochSkip.selector, 0));
        new RewardDistributor(token, TIMELOCK, UPDATER, GUARDIAN, PERIOD, RESOLUTION, MIN_BOND, BOND, 0);
        vm.startPrank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidMaxEpochSkip.selector, 10_001));
        distributor.setMaxEpochSkip(10_001);
        distributor.setMaxEpochSkip(10_000);
        vm.stopPrank();
        vm.assertEq(distributor.maxEpochSkip(), distributor.MAX_EPOCH_SKIP(), "set to the bound");
    }

    // ---------------------------------------------------------------- 4. claimMany griefing

    /// @notice PoC: one claim sent ahead of a batch made the whole batch revert NothingToClaim.
    function test_claimMany_aFrontRunClaimDoesNotRevertTheBatch() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        bytes32[][] memory proofs = new bytes32[][](3);
        for (uint256 i = 0; i < 3; i++) proofs[i] = tree.proof(i);
        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(proofs);

        vm.prank(STRANGER);
        distributor.claim(recipients[1], 20, proofs[1]);

        uint256 paid = distributor.claimMany(recipients, amounts, nodes, lengths);
        vm.assertEq(paid, 40, "the others are paid");
        for (uint256 i = 0; i < 3; i++) vm.assertEq(token.balanceOf(recipients[i]), amounts[i], "each paid once");
        vm.assertEq(distributor.totalClaimed(), 60, "total");
        // A second identical batch pays nothing and does not revert.
        vm.assertEq(distributor.claimMany(recipients, amounts, nodes, lengths), 0, "nothing left");
    }

    function testFuzz_claimMany_paysExactlyWhatIsLeft(uint8 preClaimed) public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        bytes32[][] memory proofs = new bytes32[][](3);
        uint256 expected = 0;
        for (uint256 i = 0; i < 3; i++) {
            proofs[i] = tree.proof(i);
            if (preClaimed & (1 << i) != 0) distributor.claim(recipients[i], amounts[i], proofs[i]);
            else expected += amounts[i];
        }
        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(proofs);
        vm.assertEq(distributor.claimMany(recipients, amounts, nodes, lengths), expected, "paid what was left");
        vm.assertEq(distributor.totalClaimed(), 60, "everyone paid once");
    }
}
