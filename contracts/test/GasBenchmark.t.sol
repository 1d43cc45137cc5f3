// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {RewardDistributor} from "../src/RewardDistributor.sol";
import {MockERC20} from "./mocks/MockERC20.sol";

/// @notice One call of each operation docs/GAS.md reports, on a 256-leaf tree (8 proof nodes), run with
///         `forge test --match-contract GasBenchmarkTest --gas-report`.
contract GasBenchmarkTest is TestBase {
    using MerkleTreeBuilder for MerkleTreeBuilder.Tree;

    address internal constant TIMELOCK = address(0x7153);
    address internal constant UPDATER = address(0xFEED);
    uint256 internal constant LEAVES = 256;

    MockERC20 internal token;
    RewardDistributor internal distributor;
    MerkleTreeBuilder.Tree internal tree;
    address[] internal accounts;
    uint256[] internal amounts;
    uint256 internal total;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new MockERC20();
        distributor = new RewardDistributor(token, TIMELOCK, UPDATER, address(0), 3 days, 7 days, 0.1 ether, 1 ether, 100);
        for (uint256 i = 0; i < LEAVES; i++) {
            accounts.push(address(uint160(uint256(keccak256(abi.encode("account", i))))));
            amounts.push(1e18 + i);
            total += 1e18 + i;
        }
        MerkleTreeBuilder.Tree memory built = MerkleTreeBuilder.build(accounts, amounts);
        tree.nodes = built.nodes;
        tree.leafPositions = built.leafPositions;
        token.mint(address(distributor), total);
    }

    function test_gas_proposeRoot() public {
        vm.prank(UPDATER);
        distributor.proposeRoot(1, tree.root(), total, "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
    }

    function test_gas_dispute() public {
        _propose();
        vm.deal(address(this), 1 ether);
        distributor.dispute{value: 1 ether}("recomputed root differs");
    }

    function test_gas_claim() public {
        _proposeAndFinalize();
        MerkleTreeBuilder.Tree memory t = tree;
        distributor.claim(accounts[0], amounts[0], t.proof(0));
    }

    /// @dev The first claim after the dispute period also records the root as live (lazy activation).
    function test_gas_claimActivatingTheRoot() public {
        _propose();
        vm.warp(block.timestamp + 3 days);
        MerkleTreeBuilder.Tree memory t = tree;
        distributor.claim(accounts[1], amounts[1], t.proof(1));
    }

    function test_gas_claimMany10() public {
        _proposeAndFinalize();
        MerkleTreeBuilder.Tree memory t = tree;
        address[] memory batchAccounts = new address[](10);
        uint256[] memory batchAmounts = new uint256[](10);
        bytes32[][] memory proofs = new bytes32[][](10);
        for (uint256 i = 0; i < 10; i++) {
            batchAccounts[i] = accounts[i];
            batchAmounts[i] = amounts[i];
            proofs[i] = t.proof(i);
        }
        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(proofs);
        distributor.claimMany(batchAccounts, batchAmounts, nodes, lengths);
    }

    function test_gas_claimMany10OneFrontRun() public {
        _proposeAndFinalize();
        MerkleTreeBuilder.Tree memory t = tree;
        address[] memory batchAccounts = new address[](10);
        uint256[] memory batchAmounts = new uint256[](10);
        bytes32[][] memory proofs = new bytes32[][](10);
        for (uint256 i = 0; i < 10; i++) {
            batchAccounts[i] = accounts[i];
            batchAmounts[i] = amounts[i];
            proofs[i] = t.proof(i);
        }
        distributor.claim(accounts[3], amounts[3], proofs[3]);
        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(proofs);
        distributor.claimMany(batchAccounts, batchAmounts, nodes, lengths);
    }

    function test_gas_expireDispute() public {
        _propose();
        vm.deal(address(this), 1 ether);
        distributor.dispute{value: 1 ether}("recomputed root differs");
        vm.warp(block.timestamp + 7 days);
        distributor.expireDispute();
    }

    function test_gas_cancelPendingRoot() public {
        _propose();
        vm.prank(TIMELOCK);
        distributor.cancelPendingRoot();
    }

    function test_gas_pause() public {
        vm.prank(TIMELOCK);
        distributor.pause();
    }

    function test_gas_sweep() public {
        _proposeAndFinalize();
        token.mint(address(distributor), 1e18);
        vm.prank(TIMELOCK);
        distributor.sweep(token, TIMELOCK, 1e18);
    }

    function _propose() internal {
        vm.prank(UPDATER);
        distributor.proposeRoot(1, tree.root(), total, "");
    }

    function _proposeAndFinalize() internal {
        _propose();
        vm.warp(block.timestamp + 3 days);
        distributor.finalizeRoot();
    }
}
