// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {RewardDistributor} from "../src/RewardDistributor.sol";
import {MockERC20} from "./mocks/MockERC20.sol";

/// @notice Claims with random cumulative amounts against trees of random size, over one or two epochs.
contract RewardDistributorFuzzTest is TestBase {
    using MerkleTreeBuilder for MerkleTreeBuilder.Tree;

    address internal constant TIMELOCK = address(0x7153);
    address internal constant UPDATER = address(0xFEED);
    uint64 internal constant PERIOD = 1 days;
    uint256 internal constant MAX_LEAVES = 64;

    MockERC20 internal token;
    RewardDistributor internal distributor;

    function setUp() public {
        token = new MockERC20();
        distributor = new RewardDistributor(token, TIMELOCK, UPDATER, address(0), PERIOD, 1 days, 1, 1, 100);
    }

    /// @dev Distinct accounts and amounts from a seed. Amounts stay under 2^240 so that 64 of them, plus a
    ///      second epoch's increases, cannot overflow; every tenth one is zero, to cover empty leaves.
    function _randomTree(uint256 seed, uint256 n)
        internal
        pure
        returns (address[] memory accounts, uint256[] memory amounts, uint256 total)
    {
        accounts = new address[](n);
        amounts = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            accounts[i] = address(uint160(uint256(keccak256(abi.encode(seed, "account", i)))));
            uint256 r = uint256(keccak256(abi.encode(seed, "amount", i)));
            // Vary the magnitude too, so small and large amounts share trees.
            amounts[i] = r % 10 == 0 ? 0 : (r >> 16) >> (r % 240);
            total += amounts[i];
        }
    }

    function _proposeLive(uint256 epoch, MerkleTreeBuilder.Tree memory tree, uint256 total) internal {
        uint256 funded = token.balanceOf(address(distributor)) + distributor.totalClaimed();
        if (total > funded) token.mint(address(distributor), total - funded);
        vm.prank(UPDATER);
        distributor.proposeRoot(epoch, tree.root(), total, "");
        vm.warp(block.timestamp + PERIOD);
    }

    function testFuzz_everyLeafOfARandomTreeClaimsItsAmount(uint256 seed, uint256 size) public {
        uint256 n = bound(size, 1, MAX_LEAVES);
        (address[] memory accounts, uint256[] memory amounts, uint256 total) = _randomTree(seed, n);
        MerkleTreeBuilder.Tree memory tree = MerkleTreeBuilder.build(accounts, amounts);
        _proposeLive(1, tree, total);

        for (uint256 i = 0; i < n; i++) {
            bytes32[] memory proof = tree.proof(i);
            if (amounts[i] == 0) {
                vm.expectRevert(abi.encodeWithSelector(RewardDistributor.NothingToClaim.selector, accounts[i]));
                distributor.claim(accounts[i], 0, proof);
            } else {
                vm.assertEq(distributor.claim(accounts[i], amounts[i], proof), amounts[i], "paid the leaf");
            }
            vm.assertEq(token.balanceOf(accounts[i]), amounts[i], "balance");
        }
        vm.assertEq(distributor.totalClaimed(), total, "everything paid");
        vm.assertEq(token.balanceOf(address(distributor)), 0, "nothing left over");
    }

    function testFuzz_aLeafCannotBeClaimedWithAnotherAmountOrAccount(
        uint256 seed,
        uint256 size,
        uint256 pick,
        uint256 otherAmount,
        address otherAccount
    ) public {
        uint256 n = bound(size, 1, MAX_LEAVES);
        (address[] memory accounts, uint256[] memory amounts, uint256 total) = _randomTree(seed, n);
        MerkleTreeBuilder.Tree memory tree = MerkleTreeBuilder.build(accounts, amounts);
        _proposeLive(1, tree, total);
        uint256 i = bound(pick, 0, n - 1);
        bytes32[] memory proof = tree.proof(i);

        vm.assume(otherAmount != amounts[i]);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector, accounts[i]));
        distributor.claim(accounts[i], otherAmount, proof);

        vm.assume(otherAccount != accounts[i]);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector, otherAccount));
        distributor.claim(otherAccount, amounts[i], proof);
    }

    function testFuzz_cumulativeClaimsOverTwoEpochsPayEachAccountItsLatestTotal(
        uint256 seed,
        uint256 size,
        uint256 claimMask
    ) public {
        uint256 n = bound(size, 1, MAX_LEAVES);
        (address[] memory accounts, uint256[] memory first, uint256 firstTotal) = _randomTree(seed, n);
        MerkleTreeBuilder.Tree memory firstTree = MerkleTreeBuilder.build(accounts, first);
        _proposeLive(1, firstTree, firstTotal);
        for (uint256 i = 0; i < n; i++) {
            if ((claimMask >> i) & 1 == 1 && first[i] > 0) distributor.claim(accounts[i], first[i], firstTree.proof(i));
        }

        uint256[] memory second = new uint256[](n);
        uint256 secondTotal = 0;
        for (uint256 i = 0; i < n; i++) {
            second[i] = first[i] + (uint256(keccak256(abi.encode(seed, "increase", i))) >> 200);
            secondTotal += second[i];
        }
        MerkleTreeBuilder.Tree memory secondTree = MerkleTreeBuilder.build(accounts, second);
        _proposeLive(2, secondTree, secondTotal);

        for (uint256 i = 0; i < n; i++) {
            uint256 before = distributor.claimed(accounts[i]);
            bytes32[] memory proof = secondTree.proof(i);
            if (second[i] > before) {
                vm.assertEq(distributor.claim(accounts[i], second[i], proof), second[i] - before, "the difference");
            }
            vm.assertEq(token.balanceOf(accounts[i]), second[i], "the latest cumulative amount, once");
            // The first epoch's leaf is no longer claimable once the second root is live.
            if (first[i] != second[i] && first[i] > 0) {
                bytes32[] memory stale = firstTree.proof(i);
                vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector, accounts[i]));
                distributor.claim(accounts[i], first[i], stale);
            }
        }
        vm.assertEq(distributor.totalClaimed(), secondTotal, "totals match");
    }

    function testFuzz_batchClaimPaysLikeSingleClaims(uint256 seed, uint256 size) public {
        uint256 n = bound(size, 1, MAX_LEAVES);
        (address[] memory accounts, uint256[] memory amounts, uint256 total) = _randomTree(seed, n);
        for (uint256 i = 0; i < n; i++) {
            if (amounts[i] == 0) amounts[i] = 1 + i;
        }
        total = 0;
        for (uint256 i = 0; i < n; i++) total += amounts[i];
        MerkleTreeBuilder.Tree memory tree = MerkleTreeBuilder.build(accounts, amounts);
        _proposeLive(1, tree, total);
        bytes32[][] memory proofs = new bytes32[][](n);
        for (uint256 i = 0; i < n; i++) proofs[i] = tree.proof(i);

        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(proofs);
        vm.assertEq(distributor.claimMany(accounts, amounts, nodes, lengths), total, "batch pays the total");
        for (uint256 i = 0; i < n; i++) vm.assertEq(token.balanceOf(accounts[i]), amounts[i], "each leaf");
    }

    function testFuzz_proposeRoot_acceptsExactlyTheFundedTotals(uint256 balance, uint256 total) public {
        token.mint(address(distributor), balance);
        vm.prank(UPDATER);
        if (total > balance) {
            vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InsufficientFunding.selector, total, balance));
        }
        distributor.proposeRoot(1, bytes32(uint256(1)), total, "");
    }

    function testFuzz_dispute_isOpenExactlyUntilLiveAt(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * PERIOD);
        token.mint(address(distributor), 1);
        vm.prank(UPDATER);
        distributor.proposeRoot(1, bytes32(uint256(1)), 1, "");
        vm.warp(block.timestamp + elapsed);
        if (elapsed >= PERIOD) vm.expectRevert(RewardDistributor.DisputeWindowClosed.selector);
        vm.deal(address(this), 1);
        distributor.dispute{value: 1}("late or not");
        (, bytes32 live,) = distributor.liveRoot();
        vm.assertEq(live != bytes32(0), elapsed >= PERIOD, "live iff the window passed undisputed");
    }
}
