// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {GovernanceToken} from "../src/GovernanceToken.sol";
import {DaoGovernor} from "../src/DaoGovernor.sol";
import {RewardPolicy} from "../src/RewardPolicy.sol";
import {RewardDistributor} from "../src/RewardDistributor.sol";
import {RollupContributions} from "../src/RollupContributions.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice Deploys the whole set in the order contracts/README.md gives the Java deployer, checks that the
///         deployer keeps no power afterwards, and runs governance changes through Governor and timelock.
contract WiringTest is TestBase {
    address internal constant ENGINE = address(0xE1);
    address internal constant VERIFIER = address(0xE2);
    address internal constant VOTER = address(0xA11CE);
    address internal constant DISPUTER = address(0xD15);
    uint256 internal constant TIMELOCK_DELAY = 1 days;

    GovernanceToken internal token;
    TimelockController internal timelock;
    DaoGovernor internal governor;
    RewardPolicy internal policy;
    RewardDistributor internal distributor;
    RollupContributions internal rollup;

    function setUp() public {
        address deployer = address(this);
        // 1-3: token, timelock (deployer as temporary admin), governor.
        token = new GovernanceToken("Gov", "GOV", deployer);
        timelock = new TimelockController(TIMELOCK_DELAY, new address[](0), new address[](0), deployer);
        governor = new DaoGovernor("DAO", token, timelock, 1, 50, 0, 4);
        // 4: the governor proposes and cancels; anyone executes a queued operation once its delay has passed.
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(0));
        // 5: policy owned by the timelock from the start, configured by the deployer as its setup admin; the
        //    minimum epoch length is the distributor's dispute period plus its resolution period.
        policy = new RewardPolicy(
            address(timelock), deployer, 3 days + 4 days, 7 days, 1_000e18, 5_000, 3_000, 2_000, 2_500, 1e18,
            RewardPolicy.GovernanceMode.Linear
        );
        policy.addVerifier(VERIFIER);
        policy.setGpuClassWeight(1, 100);
        policy.setRollupKindWeight(keccak256("BatchSubmitted"), 10);
        policy.finishSetup();
        // 6-7: distributor administered by the timelock, the engine as updater; the rollup stand-in.
        distributor = new RewardDistributor(token, address(timelock), ENGINE, address(0), 3 days, 4 days, 0.1 ether, 1 ether, 100);
        rollup = new RollupContributions(address(timelock), true);
        // 8: initial supply and reward funding, then minting goes to the timelock.
        token.mint(VOTER, 1_000e18);
        token.mint(address(distributor), 10_000e18);
        token.transferOwnership(address(timelock));
        // 9: the deployer gives up the timelock admin role.
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), deployer);

        vm.prank(VOTER);
        token.delegate(VOTER);
        vm.roll(block.number + 1);
    }

    function test_deployerKeepsNoPower() public {
        vm.assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(this)), "timelock admin");
        vm.assertTrue(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)), "timelock self-admin");
        vm.assertEq(policy.owner(), address(timelock), "policy owner");
        vm.assertEq(token.owner(), address(timelock), "token owner");
        vm.assertTrue(distributor.hasRole(distributor.DEFAULT_ADMIN_ROLE(), address(timelock)), "distributor admin");
        vm.assertFalse(distributor.hasRole(distributor.DEFAULT_ADMIN_ROLE(), address(this)), "deployer not admin");

        vm.assertEq(policy.setupAdmin(), address(0), "policy setup finished");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        policy.setBudgetPerEpoch(1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        token.mint(address(this), 1);
    }

    function test_governanceRoundTrip_changesPolicyAndDistributorSettings() public {
        address[] memory targets = new address[](3);
        bytes[] memory calldatas = new bytes[](3);
        targets[0] = address(policy);
        calldatas[0] = abi.encodeCall(policy.setBudgetPerEpoch, (2_000e18));
        targets[1] = address(policy);
        calldatas[1] = abi.encodeCall(policy.removeVerifier, (VERIFIER));
        targets[2] = address(distributor);
        calldatas[2] = abi.encodeCall(distributor.setDisputePeriod, (1 days));
        uint64 versionBefore = policy.policyVersion();

        _pass(targets, calldatas, "# Raise the budget twofold\nAnd rotate the verifier.");

        vm.assertEq(policy.budgetPerEpoch(), 2_000e18, "budget");
        vm.assertFalse(policy.isVerifier(VERIFIER), "verifier removed");
        vm.assertEq(uint256(policy.policyVersion()), uint256(versionBefore) + 2, "two changes");
        vm.assertEq(uint256(distributor.disputePeriod()), 1 days, "dispute period");
    }

    function test_governanceResolvesADispute() public {
        vm.prank(ENGINE);
        distributor.proposeRoot(1, keccak256("root"), 100e18, "ipfs://epoch-1");
        vm.deal(DISPUTER, 1 ether);
        vm.prank(DISPUTER);
        distributor.dispute{value: 1 ether}("recomputed root differs");

        address[] memory targets = new address[](1);
        targets[0] = address(distributor);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(distributor.resolveDispute, (false));
        _pass(targets, calldatas, "Reject the epoch 1 root");

        (,,,, RewardDistributor.RootStatus status) = distributor.epochRoot(1);
        vm.assertEq(uint256(status), uint256(RewardDistributor.RootStatus.Discarded), "discarded");
        distributor.withdrawBond(DISPUTER);
        vm.assertEq(DISPUTER.balance, 1 ether, "bond refunded");
    }

    function _pass(address[] memory targets, bytes[] memory calldatas, string memory description) internal {
        uint256[] memory values = new uint256[](targets.length);
        vm.prank(VOTER);
        uint256 id = governor.propose(targets, values, calldatas, description);
        vm.roll(block.number + 2);
        vm.prank(VOTER);
        governor.castVote(id, 1);
        vm.roll(block.number + 51);
        bytes32 descriptionHash = keccak256(bytes(description));
        governor.queue(targets, values, calldatas, descriptionHash);
        vm.warp(block.timestamp + TIMELOCK_DELAY + 1);
        governor.execute(targets, values, calldatas, descriptionHash);
        vm.assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Executed), "executed");
    }
}
