// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./TestBase.sol";
import {MerkleTreeBuilder} from "./MerkleTreeBuilder.sol";
import {RewardDistributor} from "../../src/RewardDistributor.sol";
import {MockERC20} from "../mocks/MockERC20.sol";

/// @notice A distributor on a mintable token, with the roles held by plain addresses, and helpers that build
///         StandardMerkleTree-compatible trees for a fixed set of recipients.
abstract contract DistributorFixture is TestBase {
    using MerkleTreeBuilder for MerkleTreeBuilder.Tree;

    address internal constant TIMELOCK = address(0x7153);
    address internal constant UPDATER = address(0xFEED);
    address internal constant DISPUTER = address(0xD15);
    address internal constant STRANGER = address(0xBAD);
    address internal constant GUARDIAN = address(0x6A4D);
    uint64 internal constant PERIOD = 3 days;
    uint64 internal constant RESOLUTION = 7 days;
    uint256 internal constant MIN_BOND = 0.1 ether;
    uint256 internal constant BOND = 1 ether;
    uint256 internal constant MAX_SKIP = 10;

    MockERC20 internal token;
    RewardDistributor internal distributor;

    address[] internal recipients;

    function _setUpDistributor() internal {
        token = new MockERC20();
        distributor = new RewardDistributor(token, TIMELOCK, UPDATER, GUARDIAN, PERIOD, RESOLUTION, MIN_BOND, BOND, MAX_SKIP);
        recipients.push(address(0xA1));
        recipients.push(address(0xA2));
        recipients.push(address(0xA3));
        vm.deal(DISPUTER, 100 ether);
    }

    function _amounts(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory amounts) {
        amounts = new uint256[](3);
        amounts[0] = a;
        amounts[1] = b;
        amounts[2] = c;
    }

    function _tree(uint256[] memory amounts) internal view returns (MerkleTreeBuilder.Tree memory) {
        return MerkleTreeBuilder.build(recipients, amounts);
    }

    function _sum(uint256[] memory amounts) internal pure returns (uint256 total) {
        for (uint256 i = 0; i < amounts.length; i++) total += amounts[i];
    }

    /// @notice Funds the distributor up to `total` and proposes the tree of `amounts` as the updater.
    function _propose(uint256 epoch, uint256[] memory amounts) internal returns (MerkleTreeBuilder.Tree memory tree) {
        tree = _tree(amounts);
        uint256 total = _sum(amounts);
        uint256 funded = token.balanceOf(address(distributor)) + distributor.totalClaimed();
        if (total > funded) token.mint(address(distributor), total - funded);
        vm.prank(UPDATER);
        distributor.proposeRoot(epoch, tree.root(), total, "ipfs://epoch");
    }

    /// @notice Proposes `amounts` for `epoch` and lets the dispute period pass.
    function _proposeAndGoLive(uint256 epoch, uint256[] memory amounts)
        internal
        returns (MerkleTreeBuilder.Tree memory tree)
    {
        tree = _propose(epoch, amounts);
        vm.warp(block.timestamp + PERIOD);
    }

    function _claim(MerkleTreeBuilder.Tree memory tree, uint256[] memory amounts, uint256 i)
        internal
        returns (uint256)
    {
        return distributor.claim(recipients[i], amounts[i], tree.proof(i));
    }

    function _dispute() internal {
        vm.prank(DISPUTER);
        distributor.dispute{value: BOND}("recomputed root differs");
    }
}
