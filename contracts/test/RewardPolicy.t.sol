// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "./utils/TestBase.sol";
import {RewardPolicy} from "../src/RewardPolicy.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract RewardPolicyTest is TestBase {
    event EpochLengthSet(uint64 version, uint64 epochLength);
    event BudgetPerEpochSet(uint64 version, uint256 budgetPerEpoch);
    event ProgramSplitSet(uint64 version, uint16 depinBps, uint16 rollupBps, uint16 governanceBps);
    event GpuClassWeightSet(uint64 version, uint8 indexed gpuClass, uint256 weight);
    event RollupKindWeightSet(uint64 version, bytes32 indexed kind, uint256 weight);
    event RecipientCapSet(uint64 version, uint16 capBps);
    event MinPayoutSet(uint64 version, uint256 minPayout);
    event GovernanceModeSet(uint64 version, RewardPolicy.GovernanceMode mode);
    event VerifierAdded(uint64 version, address indexed verifier);
    event VerifierRemoved(uint64 version, address indexed verifier);

    address internal constant TIMELOCK = address(0x7153);
    address internal constant STRANGER = address(0xBAD);
    address internal constant DEPLOYER = address(0xDE9);
    /// A distributor's dispute period plus its resolution period.
    uint64 internal constant MIN_EPOCH = 1 days;
    uint256 internal constant VERIFIER_KEY = 0xA11CE;
    uint256 internal constant OTHER_KEY = 0xB0B;
    bytes32 internal constant KIND_BATCH = keccak256("BatchSubmitted");
    /// secp256k1 group order: s values above half of it are malleable and refused.
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    RewardPolicy internal policy;
    uint64 internal initialVersion;

    function setUp() public {
        policy = _deploy(TIMELOCK);
        initialVersion = policy.policyVersion();
    }

    function _deploy(address owner) internal returns (RewardPolicy) {
        return new RewardPolicy(owner, address(0), MIN_EPOCH, 7 days, 1_000_000e18, 5_000, 3_000, 2_000, 2_500, 1e18, RewardPolicy.GovernanceMode.Linear);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsEverythingAndEmitsEachInitialValue() public {
        vm.expectEmit(false, false, false, true);
        emit EpochLengthSet(1, 1 days);
        vm.expectEmit(false, false, false, true);
        emit BudgetPerEpochSet(2, 500);
        vm.expectEmit(false, false, false, true);
        emit ProgramSplitSet(3, 10_000, 0, 0);
        vm.expectEmit(false, false, false, true);
        emit RecipientCapSet(4, 10_000);
        vm.expectEmit(false, false, false, true);
        emit MinPayoutSet(5, 0);
        vm.expectEmit(false, false, false, true);
        emit GovernanceModeSet(6, RewardPolicy.GovernanceMode.SquareRoot);
        RewardPolicy p =
            new RewardPolicy(TIMELOCK, address(0), MIN_EPOCH, 1 days, 500, 10_000, 0, 0, 10_000, 0, RewardPolicy.GovernanceMode.SquareRoot);

        vm.assertEq(p.owner(), TIMELOCK, "owner");
        vm.assertEq(uint256(p.minEpochLength()), MIN_EPOCH, "minimum epoch length");
        vm.assertEq(uint256(p.policyVersion()), 6, "one version per initial value");
        vm.assertEq(uint256(p.epochLength()), 1 days, "epoch length");
        vm.assertEq(p.budgetPerEpoch(), 500, "budget");
        vm.assertEq(uint256(p.depinBps()), 10_000, "depin");
        vm.assertEq(uint256(p.recipientCapBps()), 10_000, "cap");
        vm.assertEq(uint256(p.governanceMode()), uint256(RewardPolicy.GovernanceMode.SquareRoot), "mode");
    }

    function test_constructor_revertsOnZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        _deploy(address(0));
    }

    function test_constructor_revertsOnZeroMinimumEpochLength() public {
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidEpochLength.selector, 1, 1));
        new RewardPolicy(TIMELOCK, address(0), 0, 1, 1, 10_000, 0, 0, 10_000, 0, RewardPolicy.GovernanceMode.Linear);
    }

    function test_constructor_revertsOnEpochLengthBelowTheMinimum() public {
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidEpochLength.selector, MIN_EPOCH - 1, MIN_EPOCH));
        new RewardPolicy(
            TIMELOCK, address(0), MIN_EPOCH, MIN_EPOCH - 1, 1, 10_000, 0, 0, 10_000, 0, RewardPolicy.GovernanceMode.Linear
        );
    }

    function test_constructor_revertsOnSplitNotSummingToBps() public {
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidProgramSplit.selector, 9_999));
        new RewardPolicy(TIMELOCK, address(0), 1, 1, 1, 5_000, 4_999, 0, 10_000, 0, RewardPolicy.GovernanceMode.Linear);
    }

    function test_constructor_revertsOnCapBelowTheMinimum() public {
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidRecipientCap.selector, 99));
        new RewardPolicy(TIMELOCK, address(0), 1, 1, 1, 10_000, 0, 0, 99, 0, RewardPolicy.GovernanceMode.Linear);
    }

    function test_constructor_revertsOnMinPayoutAboveTheBudget() public {
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidMinPayout.selector, 2, 1));
        new RewardPolicy(TIMELOCK, address(0), 1, 1, 1, 10_000, 0, 0, 10_000, 2, RewardPolicy.GovernanceMode.Linear);
    }

    // ---------------------------------------------------------------- setters

    function test_setEpochLength() public {
        vm.expectEmit(false, false, false, true, address(policy));
        emit EpochLengthSet(initialVersion + 1, MIN_EPOCH);
        vm.prank(TIMELOCK);
        policy.setEpochLength(MIN_EPOCH);
        vm.assertEq(uint256(policy.epochLength()), MIN_EPOCH, "epoch length");
        vm.assertEq(uint256(policy.policyVersion()), initialVersion + 1, "version");
    }

    /// @notice The finding: an epoch shorter than the dispute plus resolution periods lets a disputer keep every
    ///         epoch's root from going live before the next one is due.
    function testFuzz_setEpochLength_neverBelowTheMinimum(uint64 length) public {
        vm.prank(TIMELOCK);
        if (length < MIN_EPOCH) {
            vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidEpochLength.selector, length, MIN_EPOCH));
        }
        policy.setEpochLength(length);
        vm.assertGe(uint256(policy.epochLength()), MIN_EPOCH, "at least the minimum");
    }

    function testFuzz_minPayoutNeverExceedsTheBudget(uint256 budget, uint256 minimum) public {
        vm.startPrank(TIMELOCK);
        try policy.setBudgetPerEpoch(budget) {
            vm.assertGe(budget, policy.minPayout(), "accepted budget below the minimum payout");
        } catch {}
        try policy.setMinPayout(minimum) {
            vm.assertLe(minimum, policy.budgetPerEpoch(), "accepted minimum payout above the budget");
        } catch {}
        vm.stopPrank();
        vm.assertLe(policy.minPayout(), policy.budgetPerEpoch(), "minimum payout within the budget");
    }

    function test_setBudgetPerEpoch_revertsBelowTheMinPayout() public {
        vm.prank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidMinPayout.selector, 1e18, 1e18 - 1));
        policy.setBudgetPerEpoch(1e18 - 1);
    }

    function test_setMinPayout_revertsAboveTheBudget() public {
        vm.prank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidMinPayout.selector, 1_000_000e18 + 1, 1_000_000e18));
        policy.setMinPayout(1_000_000e18 + 1);
    }

    function test_setBudgetPerEpoch() public {
        vm.expectEmit(false, false, false, true, address(policy));
        emit BudgetPerEpochSet(initialVersion + 1, type(uint256).max);
        vm.prank(TIMELOCK);
        policy.setBudgetPerEpoch(type(uint256).max);
        vm.assertEq(policy.budgetPerEpoch(), type(uint256).max, "budget");
    }

    function test_setProgramSplit() public {
        vm.expectEmit(false, false, false, true, address(policy));
        emit ProgramSplitSet(initialVersion + 1, 0, 0, 10_000);
        vm.prank(TIMELOCK);
        policy.setProgramSplit(0, 0, 10_000);
        vm.assertEq(uint256(policy.depinBps()), 0, "depin");
        vm.assertEq(uint256(policy.rollupBps()), 0, "rollup");
        vm.assertEq(uint256(policy.governanceBps()), 10_000, "governance");
    }

    function test_setProgramSplit_revertsWhenSumIsNotBps() public {
        vm.startPrank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidProgramSplit.selector, 10_001));
        policy.setProgramSplit(5_000, 5_000, 1);
        // uint16 values that would wrap a uint16 sum to exactly 10000 must still be refused.
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidProgramSplit.selector, 75_536));
        policy.setProgramSplit(65_535, 10_001, 0);
        vm.stopPrank();
    }

    function testFuzz_setProgramSplit_acceptsExactlyTheSplitsSummingToBps(uint16 a, uint16 b, uint16 c) public {
        uint256 sum = uint256(a) + b + c;
        vm.prank(TIMELOCK);
        if (sum != 10_000) vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidProgramSplit.selector, sum));
        policy.setProgramSplit(a, b, c);
        if (sum == 10_000) vm.assertEq(uint256(policy.rollupBps()), b, "rollup share stored");
    }

    function test_setGpuClassWeight_addsUpdatesAndRemoves() public {
        vm.startPrank(TIMELOCK);
        vm.expectEmit(true, false, false, true, address(policy));
        emit GpuClassWeightSet(initialVersion + 1, 3, 40);
        policy.setGpuClassWeight(3, 40);
        policy.setGpuClassWeight(0, 10);
        policy.setGpuClassWeight(3, 45);
        (uint8[] memory classes, uint256[] memory weights) = policy.gpuClassWeights();
        vm.assertEq(classes.length, 2, "two classes");
        vm.assertEq(uint256(classes[0]), 3, "class 3 first");
        vm.assertEq(weights[0], 45, "class 3 updated");
        vm.assertEq(uint256(classes[1]), 0, "class 0");
        vm.assertEq(weights[1], 10, "class 0 weight");

        vm.expectEmit(true, false, false, true, address(policy));
        emit GpuClassWeightSet(initialVersion + 4, 3, 0);
        policy.setGpuClassWeight(3, 0);
        vm.stopPrank();
        (classes, weights) = policy.gpuClassWeights();
        vm.assertEq(classes.length, 1, "class 3 removed");
        vm.assertEq(uint256(classes[0]), 0, "class 0 left");
        vm.assertEq(policy.gpuClassWeight(3), 0, "weight cleared");
    }

    function test_setRollupKindWeight_addsUpdatesAndRemoves() public {
        bytes32 kindProof = keccak256("ProofSubmitted");
        vm.startPrank(TIMELOCK);
        vm.expectEmit(true, false, false, true, address(policy));
        emit RollupKindWeightSet(initialVersion + 1, KIND_BATCH, 7);
        policy.setRollupKindWeight(KIND_BATCH, 7);
        policy.setRollupKindWeight(kindProof, 11);
        (bytes32[] memory kinds, uint256[] memory weights) = policy.rollupKindWeights();
        vm.assertEq(kinds.length, 2, "two kinds");
        vm.assertEq(kinds[1], kindProof, "proof kind");
        vm.assertEq(weights[1], 11, "proof weight");

        policy.setRollupKindWeight(KIND_BATCH, 0);
        vm.stopPrank();
        (kinds, weights) = policy.rollupKindWeights();
        vm.assertEq(kinds.length, 1, "batch kind removed");
        vm.assertEq(kinds[0], kindProof, "proof kind left");
        vm.assertEq(policy.rollupKindWeight(KIND_BATCH), 0, "weight cleared");
    }

    function test_setRecipientCap() public {
        vm.expectEmit(false, false, false, true, address(policy));
        emit RecipientCapSet(initialVersion + 1, 10_000);
        vm.prank(TIMELOCK);
        policy.setRecipientCap(10_000);
        vm.assertEq(uint256(policy.recipientCapBps()), 10_000, "cap");
    }

    function test_setRecipientCap_revertsOutOfRange() public {
        vm.startPrank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidRecipientCap.selector, 0));
        policy.setRecipientCap(0);
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidRecipientCap.selector, 99));
        policy.setRecipientCap(99);
        policy.setRecipientCap(100);
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidRecipientCap.selector, 10_001));
        policy.setRecipientCap(10_001);
        vm.stopPrank();
    }

    function test_setMinPayout() public {
        vm.expectEmit(false, false, false, true, address(policy));
        emit MinPayoutSet(initialVersion + 1, 0);
        vm.prank(TIMELOCK);
        policy.setMinPayout(0);
        vm.assertEq(policy.minPayout(), 0, "min payout");
    }

    function test_setGovernanceMode() public {
        vm.expectEmit(false, false, false, true, address(policy));
        emit GovernanceModeSet(initialVersion + 1, RewardPolicy.GovernanceMode.SquareRoot);
        vm.prank(TIMELOCK);
        policy.setGovernanceMode(RewardPolicy.GovernanceMode.SquareRoot);
        vm.assertEq(uint256(policy.governanceMode()), 1, "square root");
    }

    function test_setGovernanceMode_revertsOnUnknownMode() public {
        vm.prank(TIMELOCK);
        (bool ok,) = address(policy).call(abi.encodeWithSelector(RewardPolicy.setGovernanceMode.selector, uint8(2)));
        vm.assertFalse(ok, "enum out of range");
    }

    function test_addAndRemoveVerifier() public {
        address verifier = vm.addr(VERIFIER_KEY);
        vm.startPrank(TIMELOCK);
        vm.expectEmit(true, false, false, true, address(policy));
        emit VerifierAdded(initialVersion + 1, verifier);
        policy.addVerifier(verifier);
        vm.assertTrue(policy.isVerifier(verifier), "added");
        vm.assertEq(policy.verifiers().length, 1, "one verifier");

        vm.expectEmit(true, false, false, true, address(policy));
        emit VerifierRemoved(initialVersion + 2, verifier);
        policy.removeVerifier(verifier);
        vm.stopPrank();
        vm.assertFalse(policy.isVerifier(verifier), "removed");
        vm.assertEq(policy.verifiers().length, 0, "no verifier");
    }

    function test_addVerifier_revertsOnZeroAndDuplicate() public {
        vm.startPrank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.InvalidVerifier.selector, address(0)));
        policy.addVerifier(address(0));
        policy.addVerifier(address(0xBEEF));
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.VerifierAlreadyAdded.selector, address(0xBEEF)));
        policy.addVerifier(address(0xBEEF));
        vm.stopPrank();
    }

    function test_removeVerifier_revertsWhenAbsent() public {
        vm.prank(TIMELOCK);
        vm.expectRevert(abi.encodeWithSelector(RewardPolicy.VerifierNotFound.selector, address(0xBEEF)));
        policy.removeVerifier(address(0xBEEF));
    }

    // ---------------------------------------------------------------- access control

    function test_everySetter_revertsForAnyoneButTheOwner() public {
        bytes[] memory calls = new bytes[](10);
        calls[0] = abi.encodeCall(policy.setEpochLength, (1));
        calls[1] = abi.encodeCall(policy.setBudgetPerEpoch, (1));
        calls[2] = abi.encodeCall(policy.setProgramSplit, (10_000, 0, 0));
        calls[3] = abi.encodeCall(policy.setGpuClassWeight, (1, 1));
        calls[4] = abi.encodeCall(policy.setRollupKindWeight, (KIND_BATCH, 1));
        calls[5] = abi.encodeCall(policy.setRecipientCap, (100));
        calls[6] = abi.encodeCall(policy.setMinPayout, (1));
        calls[7] = abi.encodeCall(policy.setGovernanceMode, (RewardPolicy.GovernanceMode.SquareRoot));
        calls[8] = abi.encodeCall(policy.addVerifier, (address(0xBEEF)));
        calls[9] = abi.encodeCall(policy.removeVerifier, (address(0xBEEF)));
        bytes memory unauthorized = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER);
        for (uint256 i = 0; i < calls.length; i++) {
            vm.prank(STRANGER);
            (bool ok, bytes memory revertData) = address(policy).call(calls[i]);
            vm.assertFalse(ok, "stranger call succeeded");
            vm.assertEq(revertData, unauthorized, "unauthorized error");
        }
        vm.assertEq(uint256(policy.policyVersion()), initialVersion, "nothing changed");
    }

    /// @notice Ownable2Step: control moves only when the new owner accepts, so a mistyped address takes nothing.
    function test_transferOwnership_movesControlOnlyOnAcceptance() public {
        RewardPolicy p = _deploy(address(this));
        p.addVerifier(address(0xBEEF));
        p.transferOwnership(TIMELOCK);
        vm.assertEq(p.owner(), address(this), "still the owner until accepted");
        vm.assertEq(p.pendingOwner(), TIMELOCK, "pending owner");
        p.setMinPayout(0);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        p.acceptOwnership();
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        p.transferOwnership(STRANGER);

        vm.prank(TIMELOCK);
        p.acceptOwnership();
        vm.assertEq(p.owner(), TIMELOCK, "accepted");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        p.setMinPayout(0);
        vm.prank(TIMELOCK);
        p.setMinPayout(0);
    }

    /// @notice The deployer configures a policy the timelock owns from the start, then gives that up for good.
    function test_setupAdmin_configuresUntilItFinishes() public {
        RewardPolicy p = new RewardPolicy(
            TIMELOCK, DEPLOYER, MIN_EPOCH, 7 days, 1_000e18, 5_000, 3_000, 2_000, 2_500, 1e18,
            RewardPolicy.GovernanceMode.Linear
        );
        vm.assertEq(p.owner(), TIMELOCK, "owned by the timelock from the start");
        vm.startPrank(DEPLOYER);
        p.addVerifier(address(0xBEEF));
        p.setGpuClassWeight(1, 100);
        p.finishSetup();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, DEPLOYER));
        p.addVerifier(address(0xCAFE));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, DEPLOYER));
        p.finishSetup();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, DEPLOYER));
        p.transferOwnership(DEPLOYER);
        vm.stopPrank();
        vm.assertEq(p.setupAdmin(), address(0), "setup over");
        vm.assertTrue(p.isVerifier(address(0xBEEF)), "configured during setup");
        vm.prank(TIMELOCK);
        p.addVerifier(address(0xCAFE));
    }

    // ---------------------------------------------------------------- getPolicy

    function test_getPolicy_returnsTheWholePolicy() public {
        vm.startPrank(TIMELOCK);
        policy.setGpuClassWeight(1, 100);
        policy.setRollupKindWeight(KIND_BATCH, 5);
        policy.addVerifier(address(0xBEEF));
        vm.stopPrank();

        PolicyView memory p = _getPolicy();
        vm.assertEq(uint256(p.version), initialVersion + 3, "version");
        vm.assertEq(uint256(p.epochLength), 7 days, "epoch length");
        vm.assertEq(p.budget, 1_000_000e18, "budget");
        vm.assertEq(uint256(p.split[0]), 5_000, "depin split");
        vm.assertEq(uint256(p.split[1]), 3_000, "rollup split");
        vm.assertEq(uint256(p.split[2]), 2_000, "governance split");
        vm.assertEq(uint256(p.capBps), 2_500, "cap");
        vm.assertEq(p.minPayout, 1e18, "min payout");
        vm.assertEq(uint256(p.mode), 0, "linear");
        vm.assertEq(p.gpuClasses.length, 1, "gpu classes");
        vm.assertEq(uint256(p.gpuClasses[0]), 1, "gpu class");
        vm.assertEq(p.gpuWeights[0], 100, "gpu weight");
        vm.assertEq(p.kinds[0], KIND_BATCH, "kind");
        vm.assertEq(p.kindWeights[0], 5, "kind weight");
        vm.assertEq(p.verifiers.length, 1, "verifiers");
        vm.assertEq(p.verifiers[0], address(0xBEEF), "verifier");
    }

    struct PolicyView {
        uint64 version;
        uint64 epochLength;
        uint256 budget;
        uint16[3] split;
        uint16 capBps;
        uint256 minPayout;
        uint8 mode;
        uint8[] gpuClasses;
        uint256[] gpuWeights;
        bytes32[] kinds;
        uint256[] kindWeights;
        address[] verifiers;
    }

    /// @dev Decodes getPolicy's twelve return values as one tuple, which a destructuring assignment cannot do
    ///      without running out of stack. A returned tuple with dynamic members lacks the leading offset that
    ///      an encoded struct has, hence the prepended 32.
    function _getPolicy() internal view returns (PolicyView memory) {
        (bool ok, bytes memory data) = address(policy).staticcall(abi.encodeCall(policy.getPolicy, ()));
        vm.assertTrue(ok, "getPolicy");
        return abi.decode(bytes.concat(abi.encode(uint256(32)), data), (PolicyView));
    }

    // ---------------------------------------------------------------- EIP-712 work receipts

    function test_eip712Domain_isRewardPolicyVersion1OnThisContract() public view {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            policy.eip712Domain();
        vm.assertEq(name, "RewardPolicy", "name");
        vm.assertEq(version, "1", "version");
        vm.assertEq(chainId, block.chainid, "chain id");
        vm.assertEq(verifyingContract, address(policy), "verifying contract");
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("RewardPolicy"),
                keccak256("1"),
                block.chainid,
                address(policy)
            )
        );
        vm.assertEq(policy.domainSeparator(), expected, "domain separator");
    }

    function test_hashWorkReceipt_matchesTheEip712Digest() public view {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "WorkReceipt(address provider,uint64 epoch,bytes32 jobId,uint8 gpuClass,uint64 gpuSeconds,uint16 qualityBps)"
                ),
                address(0xCAFE),
                uint64(12),
                // forge-lint: disable-next-line(unsafe-typecast)
                bytes32("job-1"),
                uint8(2),
                uint64(3600),
                uint16(9_500)
            )
        );
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", policy.domainSeparator(), structHash));
        vm.assertEq(policy.hashWorkReceipt(address(0xCAFE), 12, "job-1", 2, 3600, 9_500), expected, "digest");
        vm.assertEq(
            policy.WORK_RECEIPT_TYPEHASH(),
            keccak256(
                "WorkReceipt(address provider,uint64 epoch,bytes32 jobId,uint8 gpuClass,uint64 gpuSeconds,uint16 qualityBps)"
            ),
            "typehash"
        );
    }

    function test_workReceipt_signedByVerifier_isValidUntilTheVerifierIsRemoved() public {
        address verifier = vm.addr(VERIFIER_KEY);
        vm.prank(TIMELOCK);
        policy.addVerifier(verifier);
        bytes memory signature = _signReceipt(VERIFIER_KEY);

        vm.assertEq(_recover(signature), verifier, "recovered signer");
        vm.assertTrue(_isValid(signature), "valid while verifier");

        vm.prank(TIMELOCK);
        policy.removeVerifier(verifier);
        vm.assertEq(_recover(signature), verifier, "still recovers");
        vm.assertFalse(_isValid(signature), "invalid once removed");
    }

    function test_workReceipt_signedByNonVerifier_isInvalid() public view {
        bytes memory signature = _signReceipt(OTHER_KEY);
        vm.assertEq(_recover(signature), vm.addr(OTHER_KEY), "recovered signer");
        vm.assertFalse(_isValid(signature), "not a verifier");
    }

    function test_workReceipt_anyFieldChanged_recoversAnotherSigner() public view {
        bytes memory signature = _signReceipt(VERIFIER_KEY);
        address recovered =
            policy.recoverWorkReceiptSigner(address(0xCAFE), 12, "job-1", 2, 3600, 9_501, signature);
        vm.assertTrue(recovered != vm.addr(VERIFIER_KEY), "tampered quality");
    }

    function test_workReceipt_malformedOrMalleableSignature_recoversZero() public {
        vm.prank(TIMELOCK);
        policy.addVerifier(vm.addr(VERIFIER_KEY));
        vm.assertEq(_recover(hex"1234"), address(0), "short signature");

        bytes memory signature = _signReceipt(VERIFIER_KEY);
        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        bytes memory malleable = abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.assertEq(_recover(malleable), address(0), "high-s signature");
        vm.assertFalse(_isValid(malleable), "high-s signature invalid");
    }

    function _signReceipt(uint256 key) internal view returns (bytes memory) {
        bytes32 digest = policy.hashWorkReceipt(address(0xCAFE), 12, "job-1", 2, 3600, 9_500);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _recover(bytes memory signature) internal view returns (address) {
        return policy.recoverWorkReceiptSigner(address(0xCAFE), 12, "job-1", 2, 3600, 9_500, signature);
    }

    function _isValid(bytes memory signature) internal view returns (bool) {
        return policy.isValidWorkReceipt(address(0xCAFE), 12, "job-1", 2, 3600, 9_500, signature);
    }

    function _split(bytes memory signature) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly {
            r := mload(add(signature, 32))
            s := mload(add(signature, 64))
            v := byte(0, mload(add(signature, 96)))
        }
    }
}
