// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DistributorFixture} from "./utils/DistributorFixture.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {RewardDistributor} from "../src/RewardDistributor.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";

/// @notice Refuses ETH, to show that a bond recipient that cannot receive does not block a dispute's resolution.
contract EthRefuser {
    function dispute(RewardDistributor distributor, string calldata reason) external payable {
        distributor.dispute{value: msg.value}(reason);
    }
}

contract RewardDistributorTest is DistributorFixture {
    using MerkleTreeBuilder for MerkleTreeBuilder.Tree;

    event RootProposed(
        uint256 indexed epoch, bytes32 indexed root, uint256 totalCumulative, uint64 liveAt, string dataUri
    );
    event RootDisputed(
        uint256 indexed epoch, bytes32 indexed root, address indexed disputer, uint256 bond, string reason
    );
    event DisputeResolved(
        uint256 indexed epoch, bytes32 indexed root, bool valid, address bondRecipient, uint256 bond
    );
    event RootActivated(uint256 indexed epoch, bytes32 indexed root, uint256 totalCumulative);
    event Claimed(address indexed account, uint256 indexed epoch, uint256 amount, uint256 cumulativeClaimed);
    event BondWithdrawn(address indexed account, uint256 amount);
    event DisputePeriodSet(uint64 disputePeriod);
    event DisputeBondSet(uint256 disputeBond);
    event ResolutionPeriodSet(uint64 resolutionPeriod);
    event MaxEpochSkipSet(uint256 maxEpochSkip);
    event TreasurySet(address treasury);

    function setUp() public {
        vm.warp(1_700_000_000);
        _setUpDistributor();
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_wiresRolesAndSettings() public {
        vm.expectEmit(false, false, false, true);
        emit DisputePeriodSet(PERIOD);
        vm.expectEmit(false, false, false, true);
        emit ResolutionPeriodSet(RESOLUTION);
        vm.expectEmit(false, false, false, true);
        emit DisputeBondSet(BOND);
        vm.expectEmit(false, false, false, true);
        emit MaxEpochSkipSet(MAX_SKIP);
        vm.expectEmit(false, false, false, true);
        emit TreasurySet(TIMELOCK);
        RewardDistributor d = _deploy(UPDATER, PERIOD, BOND);

        vm.assertEq(address(d.token()), address(token), "token");
        vm.assertTrue(d.hasRole(d.DEFAULT_ADMIN_ROLE(), TIMELOCK), "timelock is admin");
        vm.assertTrue(d.hasRole(d.UPDATER_ROLE(), UPDATER), "updater");
        vm.assertFalse(d.hasRole(d.DEFAULT_ADMIN_ROLE(), address(this)), "deployer holds nothing");
        vm.assertTrue(d.hasRole(d.GUARDIAN_ROLE(), GUARDIAN), "guardian");
        vm.assertEq(uint256(d.disputePeriod()), PERIOD, "period");
        vm.assertEq(uint256(d.resolutionPeriod()), RESOLUTION, "resolution period");
        vm.assertEq(d.minDisputeBond(), MIN_BOND, "minimum bond");
        vm.assertEq(d.disputeBond(), BOND, "bond");
        vm.assertEq(d.maxEpochSkip(), MAX_SKIP, "max epoch skip");
        vm.assertEq(d.treasury(), TIMELOCK, "treasury");
    }

    function test_constructor_withoutUpdater_grantsNoUpdaterRole() public {
        RewardDistributor d = _deploy(address(0), PERIOD, BOND);
        vm.assertFalse(d.hasRole(d.UPDATER_ROLE(), address(0)), "no updater");
    }

    function test_constructor_revertsOnZeroAddresses() public {
        vm.expectRevert(RewardDistributor.ZeroAddress.selector);
        new RewardDistributor(IERC20(address(0)), TIMELOCK, UPDATER, GUARDIAN, PERIOD, RESOLUTION, MIN_BOND, BOND, MAX_SKIP);
        vm.expectRevert(RewardDistributor.ZeroAddress.selector);
        new RewardDistributor(token, address(0), UPDATER, GUARDIAN, PERIOD, RESOLUTION, MIN_BOND, BOND, MAX_SKIP);
    }

    function test_constructor_revertsOnInvalidDisputePeriod() public {
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidDisputePeriod.selector, 0));
        _deploy(UPDATER, 0, BOND);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidDisputePeriod.selector, 30 days + 1));
        _deploy(UPDATER, 30 days + 1, BOND);
    }

    function _deploy(address updater, uint64 period, uint256 bond) internal returns (RewardDistributor) {
        return new RewardDistributor(token, TIMELOCK, updater, GUARDIAN, period, RESOLUTION, MIN_BOND, bond, MAX_SKIP);
    }

    // ---------------------------------------------------------------- proposeRoot

    function test_proposeRoot_recordsAPendingRoot() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _tree(amounts);
        token.mint(address(distributor), 60);
        uint64 liveAt = uint64(block.timestamp + PERIOD);

        vm.expectEmit(true, true, false, true, address(distributor));
        emit RootProposed(1, tree.root(), 60, liveAt, "ipfs://epoch-1");
        vm.prank(UPDATER);
        distributor.proposeRoot(1, tree.root(), 60, "ipfs://epoch-1");

        (uint256 epoch, bytes32 root, uint256 total, uint64 pendingLiveAt, bool disputed) = distributor.pendingRoot();
        vm.assertEq(epoch, 1, "pending epoch");
        vm.assertEq(root, tree.root(), "pending root");
        vm.assertEq(total, 60, "pending total");
        vm.assertEq(uint256(pendingLiveAt), liveAt, "live at");
        vm.assertFalse(disputed, "not disputed");
        _assertStatus(1, RewardDistributor.RootStatus.Pending);
        (, bytes32 live,) = distributor.liveRoot();
        vm.assertEq(live, bytes32(0), "nothing live yet");
    }

    function test_proposeRoot_revertsForNonUpdater() public {
        token.mint(address(distributor), 1);
        vm.expectRevert(_unauthorized(TIMELOCK, distributor.UPDATER_ROLE()));
        vm.prank(TIMELOCK);
        distributor.proposeRoot(1, bytes32(uint256(1)), 1, "");
    }

    function test_proposeRoot_revertsOnZeroRoot() public {
        vm.prank(UPDATER);
        vm.expectRevert(RewardDistributor.ZeroRoot.selector);
        distributor.proposeRoot(1, bytes32(0), 0, "");
    }

    function test_proposeRoot_revertsWhileARootIsPending() public {
        _propose(1, _amounts(1, 2, 3));
        vm.warp(block.timestamp + PERIOD - 1);
        vm.prank(UPDATER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.PendingRootExists.selector, 1));
        distributor.proposeRoot(2, bytes32(uint256(1)), 6, "");
    }

    function test_proposeRoot_revertsWhileTheRootIsDisputed() public {
        _propose(1, _amounts(1, 2, 3));
        _dispute();
        vm.warp(block.timestamp + RESOLUTION - 1);
        vm.prank(UPDATER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.PendingRootExists.selector, 1));
        distributor.proposeRoot(2, bytes32(uint256(1)), 6, "");
    }

    function test_proposeRoot_afterThePeriod_activatesThePreviousRootFirst() public {
        MerkleTreeBuilder.Tree memory first = _proposeAndGoLive(1, _amounts(1, 2, 3));
        uint256[] memory amounts = _amounts(2, 4, 6);
        MerkleTreeBuilder.Tree memory second = _tree(amounts);
        token.mint(address(distributor), 6);

        vm.expectEmit(true, true, false, true, address(distributor));
        emit RootActivated(1, first.root(), 6);
        vm.expectEmit(true, true, false, false, address(distributor));
        emit RootProposed(2, second.root(), 12, 0, "");
        vm.prank(UPDATER);
        distributor.proposeRoot(2, second.root(), 12, "");
        _assertStatus(1, RewardDistributor.RootStatus.Finalized);
        _assertStatus(2, RewardDistributor.RootStatus.Pending);
    }

    function test_proposeRoot_revertsWhenEpochDoesNotIncrease() public {
        _proposeAndGoLive(5, _amounts(1, 2, 3));
        vm.startPrank(UPDATER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.EpochNotIncreasing.selector, 5, 5));
        distributor.proposeRoot(5, bytes32(uint256(1)), 6, "");
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.EpochNotIncreasing.selector, 4, 5));
        distributor.proposeRoot(4, bytes32(uint256(1)), 6, "");
        vm.stopPrank();
    }

    function test_proposeRoot_refusesEpochZero() public {
        token.mint(address(distributor), 6);
        vm.prank(UPDATER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.EpochNotIncreasing.selector, 0, 0));
        distributor.proposeRoot(0, bytes32(uint256(1)), 6, "");
    }

    function test_proposeRoot_revertsWhenTotalDecreases() public {
        _proposeAndGoLive(1, _amounts(1, 2, 3));
        vm.prank(UPDATER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.TotalDecreased.selector, 5, 6));
        distributor.proposeRoot(2, bytes32(uint256(1)), 5, "");
    }

    function test_proposeRoot_revertsWhenUnderfunded() public {
        token.mint(address(distributor), 99);
        vm.prank(UPDATER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InsufficientFunding.selector, 100, 99));
        distributor.proposeRoot(1, bytes32(uint256(1)), 100, "");
    }

    function test_proposeRoot_fundingCountsWhatHasBeenClaimed() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        _claim(tree, amounts, 2);
        vm.assertEq(token.balanceOf(address(distributor)), 30, "30 left after the claim");

        // 60 claimed or held, so a total of 70 needs 40 in the balance: 39 is one short.
        token.mint(address(distributor), 9);
        vm.prank(UPDATER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InsufficientFunding.selector, 40, 39));
        distributor.proposeRoot(2, bytes32(uint256(1)), 70, "");
        token.mint(address(distributor), 1);
        vm.prank(UPDATER);
        distributor.proposeRoot(2, bytes32(uint256(1)), 70, "");
    }

    // ---------------------------------------------------------------- going live

    function test_root_goesLiveExactlyAtTheEndOfTheDisputePeriod() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _propose(1, amounts);
        bytes32[] memory proof = tree.proof(0);

        vm.warp(block.timestamp + PERIOD - 1);
        vm.assertFalse(distributor.verifyClaim(recipients[0], 10, proof), "not live one second early");
        vm.expectRevert(RewardDistributor.NoLiveRoot.selector);
        distributor.claim(recipients[0], 10, proof);

        vm.warp(block.timestamp + 1);
        (uint256 epoch, bytes32 root, uint256 total) = distributor.liveRoot();
        vm.assertEq(epoch, 1, "live epoch");
        vm.assertEq(root, tree.root(), "live root");
        vm.assertEq(total, 60, "live total");
        (, bytes32 pending,,,) = distributor.pendingRoot();
        vm.assertEq(pending, bytes32(0), "no longer pending");
        _assertStatus(1, RewardDistributor.RootStatus.Finalized);
        vm.assertTrue(distributor.verifyClaim(recipients[0], 10, proof), "verifies once live");

        vm.expectEmit(true, true, false, true, address(distributor));
        emit RootActivated(1, tree.root(), 60);
        distributor.claim(recipients[0], 10, proof);
    }

    function test_finalizeRoot_recordsAMaturedRoot() public {
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, _amounts(1, 2, 3));
        vm.expectEmit(true, true, false, true, address(distributor));
        emit RootActivated(1, tree.root(), 6);
        vm.prank(STRANGER);
        distributor.finalizeRoot();
        vm.expectRevert(RewardDistributor.NothingToFinalize.selector);
        distributor.finalizeRoot();
    }

    function test_finalizeRoot_revertsWithoutAMaturedRoot() public {
        vm.expectRevert(RewardDistributor.NothingToFinalize.selector);
        distributor.finalizeRoot();
        _propose(1, _amounts(1, 2, 3));
        vm.expectRevert(RewardDistributor.NothingToFinalize.selector);
        distributor.finalizeRoot();
        _dispute();
        vm.warp(block.timestamp + PERIOD);
        vm.expectRevert(RewardDistributor.NothingToFinalize.selector);
        distributor.finalizeRoot();
    }

    // ---------------------------------------------------------------- dispute

    function test_dispute_freezesThePendingRoot() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _propose(1, amounts);

        vm.expectEmit(true, true, true, true, address(distributor));
        emit RootDisputed(1, tree.root(), DISPUTER, BOND, "recomputed root differs");
        _dispute();

        vm.assertEq(address(distributor).balance, BOND, "bond held");
        vm.assertEq(distributor.disputer(), DISPUTER, "disputer");
        (,,,, bool disputed) = distributor.pendingRoot();
        vm.assertTrue(disputed, "disputed");
        _assertStatus(1, RewardDistributor.RootStatus.Disputed);

        // Frozen until governance rules or the resolution period ends; never live by time alone.
        vm.warp(block.timestamp + RESOLUTION - 1);
        (, bytes32 live,) = distributor.liveRoot();
        vm.assertEq(live, bytes32(0), "not live before the deadline");
        _assertStatus(1, RewardDistributor.RootStatus.Disputed);
        vm.warp(block.timestamp + 100 * PERIOD);
        (, live,) = distributor.liveRoot();
        vm.assertEq(live, bytes32(0), "never live by time alone");
        _assertStatus(1, RewardDistributor.RootStatus.Discarded);
        bytes32[] memory proof = tree.proof(0);
        vm.expectRevert(RewardDistributor.NoLiveRoot.selector);
        distributor.claim(recipients[0], 10, proof);
    }

    function test_dispute_revertsWithoutAPendingRoot() public {
        vm.prank(DISPUTER);
        vm.expectRevert(RewardDistributor.NoPendingRoot.selector);
        distributor.dispute{value: BOND}("");

        _proposeAndGoLive(1, _amounts(1, 2, 3));
        distributor.finalizeRoot();
        vm.prank(DISPUTER);
        vm.expectRevert(RewardDistributor.NoPendingRoot.selector);
        distributor.dispute{value: BOND}("");
    }

    function test_dispute_revertsOnceTheWindowHasClosed() public {
        _propose(1, _amounts(1, 2, 3));
        vm.warp(block.timestamp + PERIOD);
        vm.prank(DISPUTER);
        vm.expectRevert(RewardDistributor.DisputeWindowClosed.selector);
        distributor.dispute{value: BOND}("");
    }

    function test_dispute_revertsOnWrongBond() public {
        _propose(1, _amounts(1, 2, 3));
        vm.startPrank(DISPUTER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.WrongBond.selector, BOND - 1, BOND));
        distributor.dispute{value: BOND - 1}("");
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.WrongBond.selector, BOND + 1, BOND));
        distributor.dispute{value: BOND + 1}("");
        vm.stopPrank();
    }

    function test_dispute_revertsWhenAlreadyDisputed() public {
        _propose(1, _amounts(1, 2, 3));
        _dispute();
        vm.prank(DISPUTER);
        vm.expectRevert(RewardDistributor.AlreadyDisputed.selector);
        distributor.dispute{value: BOND}("");
    }

    function test_dispute_atTheMinimumBond() public {
        vm.prank(TIMELOCK);
        distributor.setDisputeBond(MIN_BOND);
        _propose(1, _amounts(1, 2, 3));
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.WrongBond.selector, 0, MIN_BOND));
        distributor.dispute("free");
        vm.prank(DISPUTER);
        distributor.dispute{value: MIN_BOND}("bonded");
        (,,,, bool disputed) = distributor.pendingRoot();
        vm.assertTrue(disputed, "disputed");
    }

    // ---------------------------------------------------------------- resolveDispute

    function test_resolveDispute_valid_activatesTheRootAndForfeitsTheBond() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _propose(1, amounts);
        _dispute();

        vm.expectEmit(true, true, false, true, address(distributor));
        emit DisputeResolved(1, tree.root(), true, TIMELOCK, BOND);
        vm.expectEmit(true, true, false, true, address(distributor));
        emit RootActivated(1, tree.root(), 60);
        vm.prank(TIMELOCK);
        distributor.resolveDispute(true);

        (uint256 epoch, bytes32 root,) = distributor.liveRoot();
        vm.assertEq(epoch, 1, "live epoch");
        vm.assertEq(root, tree.root(), "live root");
        _assertStatus(1, RewardDistributor.RootStatus.Finalized);
        vm.assertEq(distributor.bondCredit(TIMELOCK), BOND, "treasury credited");
        vm.assertEq(distributor.bondCredit(DISPUTER), 0, "disputer loses the bond");
        vm.assertEq(distributor.disputer(), address(0), "dispute cleared");
        _claim(tree, amounts, 1);
        vm.assertEq(token.balanceOf(recipients[1]), 20, "claimable at once");
    }

    function test_resolveDispute_invalid_discardsTheRootAndRefundsTheBond() public {
        MerkleTreeBuilder.Tree memory live = _proposeAndGoLive(1, _amounts(1, 2, 3));
        MerkleTreeBuilder.Tree memory bad = _propose(2, _amounts(100, 2, 3));
        _dispute();

        vm.expectEmit(true, true, false, true, address(distributor));
        emit DisputeResolved(2, bad.root(), false, DISPUTER, BOND);
        vm.prank(TIMELOCK);
        distributor.resolveDispute(false);

        (uint256 epoch, bytes32 root,) = distributor.liveRoot();
        vm.assertEq(epoch, 1, "previous root stays live");
        vm.assertEq(root, live.root(), "previous root");
        _assertStatus(2, RewardDistributor.RootStatus.Discarded);
        vm.assertEq(distributor.bondCredit(DISPUTER), BOND, "disputer refunded");
        (, bytes32 pending,,,) = distributor.pendingRoot();
        vm.assertEq(pending, bytes32(0), "nothing pending");

        MerkleTreeBuilder.Tree memory corrected = _propose(2, _amounts(2, 2, 3));
        (bytes32 reproposed,,,,) = distributor.epochRoot(2);
        vm.assertEq(reproposed, corrected.root(), "the discarded epoch can be proposed again");
    }

    function test_resolveDispute_revertsForNonAdmin() public {
        _propose(1, _amounts(1, 2, 3));
        _dispute();
        address[2] memory callers = [UPDATER, DISPUTER];
        for (uint256 i = 0; i < callers.length; i++) {
            vm.prank(callers[i]);
            vm.expectRevert(_unauthorized(callers[i], bytes32(0)));
            distributor.resolveDispute(true);
        }
    }

    function test_resolveDispute_revertsWithoutADisputedRoot() public {
        vm.startPrank(TIMELOCK);
        vm.expectRevert(RewardDistributor.NoDisputedRoot.selector);
        distributor.resolveDispute(true);
        vm.stopPrank();
        _propose(1, _amounts(1, 2, 3));
        vm.prank(TIMELOCK);
        vm.expectRevert(RewardDistributor.NoDisputedRoot.selector);
        distributor.resolveDispute(false);
    }

    // ---------------------------------------------------------------- claim

    function test_claim_paysTheCumulativeDifference() public {
        uint256[] memory first = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, first);

        vm.expectEmit(true, true, false, true, address(distributor));
        emit Claimed(recipients[0], 1, 10, 10);
        vm.prank(STRANGER);
        uint256 paid = _claim(tree, first, 0);
        vm.assertEq(paid, 10, "paid");
        vm.assertEq(token.balanceOf(recipients[0]), 10, "tokens go to the account, not the caller");
        vm.assertEq(token.balanceOf(STRANGER), 0, "caller gets nothing");

        uint256[] memory second = _amounts(15, 20, 45);
        tree = _proposeAndGoLive(2, second);
        vm.expectEmit(true, true, false, true, address(distributor));
        emit Claimed(recipients[0], 2, 5, 15);
        paid = _claim(tree, second, 0);
        vm.assertEq(paid, 5, "only the increase");
        vm.assertEq(distributor.claimed(recipients[0]), 15, "claimed");
        vm.assertEq(distributor.totalClaimed(), 15, "total claimed");
        vm.assertEq(_claim(tree, second, 2), 45, "a first claim after two epochs gets both");
    }

    function test_claim_revertsWithoutALiveRoot() public {
        vm.expectRevert(RewardDistributor.NoLiveRoot.selector);
        distributor.claim(recipients[0], 0, new bytes32[](0));
    }

    function test_claim_revertsOnInvalidProof() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        bytes32[] memory proof = tree.proof(0);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector, recipients[0]));
        distributor.claim(recipients[0], 11, proof);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector, STRANGER));
        distributor.claim(STRANGER, 10, proof);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector, recipients[0]));
        distributor.claim(recipients[0], 10, tree.proof(1));
    }

    function test_claim_revertsAgainstThePendingRoot() public {
        _proposeAndGoLive(1, _amounts(10, 20, 30));
        uint256[] memory next = _amounts(50, 20, 30);
        MerkleTreeBuilder.Tree memory pending = _propose(2, next);
        bytes32[] memory proof = pending.proof(0);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector, recipients[0]));
        distributor.claim(recipients[0], 50, proof);
    }

    function test_claim_revertsWhenNothingIsLeft() public {
        uint256[] memory amounts = _amounts(10, 0, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        _claim(tree, amounts, 0);
        bytes32[] memory proof = tree.proof(0);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.NothingToClaim.selector, recipients[0]));
        distributor.claim(recipients[0], 10, proof);
        proof = tree.proof(1);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.NothingToClaim.selector, recipients[1]));
        distributor.claim(recipients[1], 0, proof);
    }

    function test_claim_neverPaysMoreThanTheRootsDeclaredTotal() public {
        // A bad root whose leaves (60) exceed the total it declares (40), left undisputed.
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _tree(amounts);
        token.mint(address(distributor), 1_000);
        vm.prank(UPDATER);
        distributor.proposeRoot(1, tree.root(), 40, "");
        vm.warp(block.timestamp + PERIOD);

        _claim(tree, amounts, 0);
        _claim(tree, amounts, 1);
        bytes32[] memory proof = tree.proof(2);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.ExceedsRootTotal.selector, 30, 10));
        distributor.claim(recipients[2], 30, proof);
        vm.assertEq(distributor.totalClaimed(), 30, "paid within the total");
    }

    function test_claimWithExpectedRoot_checksTheLiveRoot() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _propose(1, amounts);
        bytes32[] memory proof = tree.proof(0);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.RootMismatch.selector, tree.root(), bytes32(0)));
        distributor.claimWithExpectedRoot(tree.root(), recipients[0], 10, proof);

        vm.warp(block.timestamp + PERIOD);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.RootMismatch.selector, bytes32(uint256(1)), tree.root()));
        distributor.claimWithExpectedRoot(bytes32(uint256(1)), recipients[0], 10, proof);
        vm.assertEq(distributor.claimWithExpectedRoot(tree.root(), recipients[0], 10, proof), 10, "paid");
    }

    function test_claimMany_paysEveryone() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        (bytes32[] memory nodes, uint256[] memory lengths) = _flatProofs(tree, 3);

        vm.expectEmit(true, true, false, true, address(distributor));
        emit Claimed(recipients[2], 1, 30, 30);
        uint256 paid = distributor.claimMany(recipients, amounts, nodes, lengths);
        vm.assertEq(paid, 60, "paid in total");
        for (uint256 i = 0; i < 3; i++) vm.assertEq(token.balanceOf(recipients[i]), amounts[i], "each paid");
    }

    function test_claimMany_revertsWholeOnABadProof() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        bytes32[][] memory proofs = new bytes32[][](3);
        for (uint256 i = 0; i < 3; i++) proofs[i] = tree.proof(i);
        proofs[2] = proofs[0];
        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(proofs);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector, recipients[2]));
        distributor.claimMany(recipients, amounts, nodes, lengths);
        vm.assertEq(distributor.totalClaimed(), 0, "nothing paid");
    }

    function test_claimMany_revertsOnLengthMismatch() public {
        uint256[] memory amounts = _amounts(10, 20, 30);
        MerkleTreeBuilder.Tree memory tree = _proposeAndGoLive(1, amounts);
        (bytes32[] memory nodes, uint256[] memory lengths) = _flatProofs(tree, 3);

        vm.expectRevert(RewardDistributor.LengthMismatch.selector);
        distributor.claimMany(recipients, new uint256[](2), nodes, lengths);
        vm.expectRevert(RewardDistributor.LengthMismatch.selector);
        distributor.claimMany(recipients, amounts, nodes, new uint256[](2));

        // Lengths that run past the nodes, and nodes left over after the last proof.
        lengths[2] += 1;
        vm.expectRevert(RewardDistributor.LengthMismatch.selector);
        distributor.claimMany(recipients, amounts, nodes, lengths);
        lengths[2] -= 1;
        bytes32[] memory extra = new bytes32[](nodes.length + 1);
        for (uint256 i = 0; i < nodes.length; i++) extra[i] = nodes[i];
        vm.expectRevert(RewardDistributor.LengthMismatch.selector);
        distributor.claimMany(recipients, amounts, extra, lengths);
    }

    function _flatProofs(MerkleTreeBuilder.Tree memory tree, uint256 n)
        internal
        pure
        returns (bytes32[] memory nodes, uint256[] memory lengths)
    {
        bytes32[][] memory proofs = new bytes32[][](n);
        for (uint256 i = 0; i < n; i++) proofs[i] = tree.proof(i);
        return MerkleTreeBuilder.flatten(proofs);
    }

    // ---------------------------------------------------------------- bonds

    function test_withdrawBond_paysTheCreditToItsOwner() public {
        _propose(1, _amounts(1, 2, 3));
        _dispute();
        vm.prank(TIMELOCK);
        distributor.resolveDispute(false);
        uint256 before = DISPUTER.balance;

        vm.expectEmit(true, false, false, true, address(distributor));
        emit BondWithdrawn(DISPUTER, BOND);
        vm.prank(STRANGER);
        distributor.withdrawBond(DISPUTER);
        vm.assertEq(DISPUTER.balance, before + BOND, "refunded");
        vm.assertEq(distributor.bondCredit(DISPUTER), 0, "credit spent");

        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.NoBondCredit.selector, DISPUTER));
        distributor.withdrawBond(DISPUTER);
    }

    function test_resolveDispute_succeedsEvenIfTheDisputerRefusesEth() public {
        EthRefuser refuser = new EthRefuser();
        _propose(1, _amounts(1, 2, 3));
        refuser.dispute{value: BOND}(distributor, "");
        vm.prank(TIMELOCK);
        distributor.resolveDispute(false);
        vm.assertEq(distributor.bondCredit(address(refuser)), BOND, "credited");
        vm.expectRevert(Errors.FailedCall.selector);
        distributor.withdrawBond(address(refuser));
        vm.assertEq(distributor.bondCredit(address(refuser)), BOND, "credit kept after a failed payout");
    }

    // ---------------------------------------------------------------- settings and roles

    function test_setDisputePeriod_appliesToLaterRootsOnly() public {
        _propose(1, _amounts(1, 2, 3));
        (,,, uint64 liveAt,) = distributor.pendingRoot();

        vm.expectEmit(false, false, false, true, address(distributor));
        emit DisputePeriodSet(1 days);
        vm.prank(TIMELOCK);
        distributor.setDisputePeriod(1 days);
        vm.assertEq(uint256(distributor.disputePeriod()), 1 days, "period");
        (,,, uint64 liveAtAfter,) = distributor.pendingRoot();
        vm.assertEq(uint256(liveAtAfter), uint256(liveAt), "pending root keeps its window");
    }

    function test_setDisputePeriod_revertsOutOfRange() public {
        vm.startPrank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidDisputePeriod.selector, 0));
        distributor.setDisputePeriod(0);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidDisputePeriod.selector, 30 days + 1));
        distributor.setDisputePeriod(30 days + 1);
        distributor.setDisputePeriod(30 days);
        vm.stopPrank();
    }

    function test_setDisputeBond() public {
        vm.expectEmit(false, false, false, true, address(distributor));
        emit DisputeBondSet(5 ether);
        vm.prank(TIMELOCK);
        distributor.setDisputeBond(5 ether);
        vm.assertEq(distributor.disputeBond(), 5 ether, "bond");
    }

    function test_setTreasury_receivesLaterForfeits() public {
        vm.expectEmit(false, false, false, true, address(distributor));
        emit TreasurySet(address(0x7EA5));
        vm.prank(TIMELOCK);
        distributor.setTreasury(address(0x7EA5));
        _propose(1, _amounts(1, 2, 3));
        _dispute();
        vm.prank(TIMELOCK);
        distributor.resolveDispute(true);
        vm.assertEq(distributor.bondCredit(address(0x7EA5)), BOND, "new treasury credited");
    }

    function test_setTreasury_revertsOnZero() public {
        vm.prank(TIMELOCK);
        vm.expectRevert(RewardDistributor.ZeroAddress.selector);
        distributor.setTreasury(address(0));
    }

    function test_everyAdminFunction_revertsForAnyoneButTheTimelock() public {
        bytes32 updaterRole = distributor.UPDATER_ROLE();
        bytes[] memory calls = new bytes[](11);
        calls[0] = abi.encodeCall(distributor.resolveDispute, (true));
        calls[1] = abi.encodeCall(distributor.setDisputePeriod, (1 days));
        calls[2] = abi.encodeCall(distributor.setDisputeBond, (BOND));
        calls[3] = abi.encodeCall(distributor.setTreasury, (STRANGER));
        calls[4] = abi.encodeCall(distributor.grantRole, (updaterRole, STRANGER));
        calls[5] = abi.encodeCall(distributor.revokeRole, (updaterRole, UPDATER));
        calls[6] = abi.encodeCall(distributor.setResolutionPeriod, (1 days));
        calls[7] = abi.encodeCall(distributor.setMaxEpochSkip, (1));
        calls[8] = abi.encodeCall(distributor.cancelPendingRoot, ());
        calls[9] = abi.encodeCall(distributor.unpause, ());
        calls[10] = abi.encodeCall(distributor.sweep, (token, STRANGER, 0));
        address[4] memory callers = [STRANGER, UPDATER, DISPUTER, GUARDIAN];
        for (uint256 c = 0; c < callers.length; c++) {
            for (uint256 i = 0; i < calls.length; i++) {
                vm.prank(callers[c]);
                (bool ok, bytes memory revertData) = address(distributor).call(calls[i]);
                vm.assertFalse(ok, "non-admin call succeeded");
                vm.assertEq(revertData, _unauthorized(callers[c], bytes32(0)), "unauthorized error");
            }
        }
    }

    function test_updaterRole_isGrantedAndRevokedByTheTimelock() public {
        bytes32 updaterRole = distributor.UPDATER_ROLE();
        token.mint(address(distributor), 1);
        vm.startPrank(TIMELOCK);
        distributor.revokeRole(updaterRole, UPDATER);
        distributor.grantRole(updaterRole, STRANGER);
        vm.stopPrank();

        vm.prank(UPDATER);
        vm.expectRevert(_unauthorized(UPDATER, updaterRole));
        distributor.proposeRoot(1, bytes32(uint256(1)), 1, "");
        vm.prank(STRANGER);
        distributor.proposeRoot(1, bytes32(uint256(1)), 1, "");
    }

    function test_epochRoot_ofAnUnknownEpochIsEmpty() public view {
        (bytes32 root, uint256 total, uint64 proposedAt, uint64 liveAt, RewardDistributor.RootStatus status) =
            distributor.epochRoot(42);
        vm.assertEq(root, bytes32(0), "root");
        vm.assertEq(total + proposedAt + liveAt, 0, "fields");
        vm.assertEq(uint256(status), uint256(RewardDistributor.RootStatus.None), "status");
    }

    function test_plainEthTransfer_isRefused() public {
        vm.deal(address(this), 1 ether);
        (bool ok,) = address(distributor).call{value: 1 ether}("");
        vm.assertFalse(ok, "bonds only come with dispute");
    }

    // ---------------------------------------------------------------- helpers

    function _assertStatus(uint256 epoch, RewardDistributor.RootStatus expected) internal view {
        (,,,, RewardDistributor.RootStatus status) = distributor.epochRoot(epoch);
        vm.assertEq(uint256(status), uint256(expected), "status");
    }

    function _unauthorized(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }
}
