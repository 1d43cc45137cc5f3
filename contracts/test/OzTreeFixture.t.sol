// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {OzTreeFixture} from "./fixtures/OzTreeFixture.sol";
import {RewardDistributor} from "../src/RewardDistributor.sol";
import {MockERC20} from "./mocks/MockERC20.sol";

/// @notice Cross-language check: trees built by `@openzeppelin/merkle-tree` (test/merkle/build-tree.mjs) are
///         accepted by the distributor exactly as they come, proofs included.
contract OzTreeFixtureTest is TestBase {
    using MerkleTreeBuilder for MerkleTreeBuilder.Tree;

    address internal constant TIMELOCK = address(0x7153);
    address internal constant UPDATER = address(0xFEED);

    function test_distributorAcceptsEveryProofOfTheJsTrees() public {
        for (uint256 t = 0; t < OzTreeFixture.count(); t++) {
            _checkTree(OzTreeFixture.tree(t));
        }
    }

    function test_solidityBuilderReproducesTheJsRoots() public pure {
        for (uint256 t = 0; t < OzTreeFixture.count(); t++) {
            OzTreeFixture.Tree memory fixture = OzTreeFixture.tree(t);
            uint256 n = fixture.entries.length;
            address[] memory accounts = new address[](n);
            uint256[] memory amounts = new uint256[](n);
            for (uint256 i = 0; i < n; i++) {
                accounts[i] = fixture.entries[i].account;
                amounts[i] = fixture.entries[i].amount;
            }
            MerkleTreeBuilder.Tree memory built = MerkleTreeBuilder.build(accounts, amounts);
            vm.assertEq(built.root(), fixture.root, fixture.name);
            for (uint256 i = 0; i < n; i++) {
                vm.assertEq(keccak256(abi.encode(built.proof(i))), keccak256(abi.encode(fixture.entries[i].proof)), fixture.name);
            }
        }
    }

    function _checkTree(OzTreeFixture.Tree memory fixture) internal {
        // The declared total saturates at uint256 max for the trees holding a max leaf next to others; the
        // distributor then pays leaves only while they fit under it.
        uint256 total = 0;
        for (uint256 i = 0; i < fixture.entries.length; i++) {
            uint256 amount = fixture.entries[i].amount;
            total = amount > type(uint256).max - total ? type(uint256).max : total + amount;
        }
        MockERC20 token = new MockERC20();
        RewardDistributor distributor = new RewardDistributor(token, TIMELOCK, UPDATER, address(0), 1 days, 1 days, 1, 1, 100);
        token.mint(address(distributor), total);
        vm.prank(UPDATER);
        distributor.proposeRoot(1, fixture.root, total, fixture.name);
        vm.warp(block.timestamp + 1 days);

        uint256 paid = 0;
        for (uint256 i = 0; i < fixture.entries.length; i++) {
            OzTreeFixture.Entry memory e = fixture.entries[i];
            vm.assertTrue(distributor.verifyClaim(e.account, e.amount, e.proof), fixture.name);
            if (e.amount == 0) {
                // The proof is accepted; there is just nothing to pay.
                vm.expectRevert(abi.encodeWithSelector(RewardDistributor.NothingToClaim.selector, e.account));
                distributor.claim(e.account, e.amount, e.proof);
            } else if (e.amount > total - paid) {
                vm.expectRevert(
                    abi.encodeWithSelector(RewardDistributor.ExceedsRootTotal.selector, e.amount, total - paid)
                );
                distributor.claim(e.account, e.amount, e.proof);
            } else {
                vm.assertEq(distributor.claim(e.account, e.amount, e.proof), e.amount, fixture.name);
                vm.assertEq(token.balanceOf(e.account), e.amount, fixture.name);
                paid += e.amount;
            }
        }
        vm.assertEq(distributor.totalClaimed(), paid, fixture.name);
    }
}
