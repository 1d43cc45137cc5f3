// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {RewardDistributor} from "../src/RewardDistributor.sol";
import {HookToken, ITokenRecipient, MaliciousToken} from "./mocks/ReentrantToken.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @notice A recipient that, when its reward arrives, tries to claim the same leaf again.
contract GreedyRecipient is ITokenRecipient {
    RewardDistributor public distributor;
    uint256 public amount;
    bytes32[] public proof;
    uint256 public attempts;
    bytes public reentryRevertData;

    function arm(RewardDistributor distributor_, uint256 amount_, bytes32[] calldata proof_) external {
        distributor = distributor_;
        amount = amount_;
        proof = proof_;
    }

    function onTokensReceived(address, uint256) external {
        if (attempts++ > 0) return;
        try distributor.claim(address(this), amount, proof) {}
        catch (bytes memory data) {
            reentryRevertData = data;
        }
    }
}

/// @notice A disputer that tries to withdraw its refunded bond twice from inside the first payment.
contract GreedyDisputer {
    RewardDistributor public distributor;
    bytes public reentryRevertData;
    bool private _entered;

    constructor(RewardDistributor distributor_) {
        distributor = distributor_;
    }

    function dispute() external payable {
        distributor.dispute{value: msg.value}("greedy");
    }

    receive() external payable {
        if (_entered) return;
        _entered = true;
        try distributor.withdrawBond(address(this)) {}
        catch (bytes memory data) {
            reentryRevertData = data;
        }
    }
}

interface IMintable {
    function mint(address to, uint256 amount) external;
}

contract ReentrancyTest is TestBase {
    using MerkleTreeBuilder for MerkleTreeBuilder.Tree;

    address internal constant TIMELOCK = address(0x7153);
    address internal constant UPDATER = address(0xFEED);
    address internal constant ALICE = address(0xA11CE);

    bytes internal reentrancyError = abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector);

    function test_maliciousToken_cannotReenterAnyClaimFunction() public {
        MaliciousToken token = new MaliciousToken();
        (address[] memory accounts, uint256[] memory amounts) = _twoLeaves(ALICE, address(0xB0B));
        for (uint256 i = 0; i < 3; i++) {
            RewardDistributor distributor = new RewardDistributor(token, TIMELOCK, UPDATER, address(0), 1 days, 1 days, 1, 1, 100);
            MerkleTreeBuilder.Tree memory tree = _goLive(distributor, accounts, amounts);
            // Spare funds that a second payment would take.
            token.mint(address(distributor), 1_000);
            bytes32[] memory proof = tree.proof(0);
            token.arm(address(distributor), _claimPayload(distributor, i, tree.root(), proof));
            uint256 balanceBefore = token.balanceOf(ALICE);

            distributor.claim(ALICE, 100, proof);
            vm.assertTrue(token.reentered(), "the token reentered");
            vm.assertEq(token.reentryRevertData(), reentrancyError, "reentry refused by the guard");
            vm.assertEq(token.balanceOf(ALICE), balanceBefore + 100, "paid exactly once");
            vm.assertEq(distributor.totalClaimed(), 100, "counted once");
        }
    }

    function _claimPayload(RewardDistributor distributor, uint256 kind, bytes32 root, bytes32[] memory proof)
        internal
        pure
        returns (bytes memory)
    {
        if (kind == 0) return abi.encodeCall(distributor.claim, (ALICE, 100, proof));
        if (kind == 1) return abi.encodeCall(distributor.claimWithExpectedRoot, (root, ALICE, 100, proof));
        address[] memory one = new address[](1);
        one[0] = ALICE;
        uint256[] memory oneAmount = new uint256[](1);
        oneAmount[0] = 100;
        bytes32[][] memory oneProof = new bytes32[][](1);
        oneProof[0] = proof;
        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(oneProof);
        return abi.encodeCall(distributor.claimMany, (one, oneAmount, nodes, lengths));
    }

    function test_recipientHook_cannotClaimTwice() public {
        HookToken token = new HookToken();
        RewardDistributor distributor = new RewardDistributor(token, TIMELOCK, UPDATER, address(0), 1 days, 1 days, 1, 1, 100);
        GreedyRecipient greedy = new GreedyRecipient();
        (address[] memory accounts, uint256[] memory amounts) = _twoLeaves(address(greedy), ALICE);
        MerkleTreeBuilder.Tree memory tree = _goLive(distributor, accounts, amounts);
        token.mint(address(distributor), 1_000);
        greedy.arm(distributor, 100, tree.proof(0));

        distributor.claim(address(greedy), 100, tree.proof(0));
        vm.assertEq(greedy.attempts(), 1, "hook ran");
        vm.assertEq(greedy.reentryRevertData(), reentrancyError, "reentry refused by the guard");
        vm.assertEq(token.balanceOf(address(greedy)), 100, "paid exactly once");
        vm.assertEq(distributor.claimed(address(greedy)), 100, "claimed");
    }

    function test_bondRecipient_cannotWithdrawTwice() public {
        HookToken token = new HookToken();
        RewardDistributor distributor = new RewardDistributor(token, TIMELOCK, UPDATER, address(0), 1 days, 1 days, 1 ether, 1 ether, 100);
        GreedyDisputer greedy = new GreedyDisputer(distributor);
        (address[] memory accounts, uint256[] memory amounts) = _twoLeaves(ALICE, address(0xB0B));
        MerkleTreeBuilder.Tree memory tree = MerkleTreeBuilder.build(accounts, amounts);
        token.mint(address(distributor), 200);
        vm.prank(UPDATER);
        distributor.proposeRoot(1, tree.root(), 200, "");
        vm.deal(address(this), 2 ether);
        greedy.dispute{value: 1 ether}();
        // Another bond sits in the contract, which a second withdrawal would take.
        vm.deal(address(distributor), address(distributor).balance + 1 ether);
        vm.prank(TIMELOCK);
        distributor.resolveDispute(false);

        distributor.withdrawBond(address(greedy));
        vm.assertEq(greedy.reentryRevertData(), reentrancyError, "reentry refused by the guard");
        vm.assertEq(address(greedy).balance, 1 ether, "refunded exactly once");
        vm.assertEq(address(distributor).balance, 1 ether, "the rest stays");
    }

    function _twoLeaves(address a, address b) internal pure returns (address[] memory accounts, uint256[] memory amounts) {
        accounts = new address[](2);
        accounts[0] = a;
        accounts[1] = b;
        amounts = new uint256[](2);
        amounts[0] = 100;
        amounts[1] = 100;
    }

    function _goLive(RewardDistributor distributor, address[] memory accounts, uint256[] memory amounts)
        internal
        returns (MerkleTreeBuilder.Tree memory tree)
    {
        tree = MerkleTreeBuilder.build(accounts, amounts);
        IMintable(address(distributor.token())).mint(address(distributor), 200);
        vm.prank(UPDATER);
        distributor.proposeRoot(1, tree.root(), 200, "");
        vm.warp(block.timestamp + 1 days);
    }
}
