// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @title RewardPolicy
/// @notice The reward policy the off-chain engine scores epochs under, owned by the DAO's timelock so that only a
///         passed proposal changes it. Every change emits an event carrying the new value and the new
///         `policyVersion`, so an indexer can rebuild the policy in force at any block from the logs alone.
///
///         Which epoch a change applies to: the engine scores an epoch under the policy in force at the epoch's end
///         block, so a change of budget, split, weights, cap, minimum payout, mode or verifiers applies to the epoch
///         it lands in (and every later one). The epoch length is the exception: an epoch already started keeps its
///         length, and a new length applies from the first epoch that starts at or after the change.
/// @dev The contract is also the EIP-712 domain ("RewardPolicy", "1") for DePIN work receipts, so a receipt's
///      signature can be checked against the verifier set held here.
///
///      Ownership moves in two steps (Ownable2Step), so a mistyped new owner cannot take the policy. Because the
///      owner is the timelock from the first block, and a timelock can only accept ownership through a passed
///      proposal, the deployer configures the initial weights and verifiers as `setupAdmin` instead, then gives
///      that up for good with `finishSetup`.
contract RewardPolicy is Ownable2Step, EIP712 {
    using EnumerableSet for EnumerableSet.UintSet;
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice How a governance vote's weight turns into a participation score.
    enum GovernanceMode {
        Linear,
        SquareRoot
    }

    uint16 public constant BPS = 10_000;
    /// @notice The smallest recipient cap: 1% of a pool, so that a pool never needs more than 100 recipients to
    ///         be paid out in full.
    uint16 public constant MIN_RECIPIENT_CAP_BPS = 100;

    bytes32 public constant WORK_RECEIPT_TYPEHASH = keccak256(
        "WorkReceipt(address provider,uint64 epoch,bytes32 jobId,uint8 gpuClass,uint64 gpuSeconds,uint16 qualityBps)"
    );

    /// @notice The shortest epoch length ever allowed, fixed at deployment: the distributor's dispute period plus
    ///         its resolution period, so that a root proposed at an epoch's end is live or discarded before the
    ///         next epoch ends, whatever a disputer does.
    uint64 public immutable minEpochLength;

    /// @notice May configure the policy like the owner until it calls `finishSetup`; address(0) from then on.
    address public setupAdmin;

    /// @notice Incremented by every change; the value in each event is the version that change produced.
    uint64 public policyVersion;
    uint64 public epochLength;
    uint256 public budgetPerEpoch;
    uint16 public depinBps;
    uint16 public rollupBps;
    uint16 public governanceBps;
    /// @notice The most one recipient may receive, in bps of the program pool it earns from.
    uint16 public recipientCapBps;
    /// @notice Payouts below this carry into the next epoch's pool.
    uint256 public minPayout;
    GovernanceMode public governanceMode;

    mapping(uint8 gpuClass => uint256) public gpuClassWeight;
    mapping(bytes32 kind => uint256) public rollupKindWeight;

    // Sets of the keys with a non-zero weight, so that getPolicy can enumerate them.
    EnumerableSet.UintSet private _gpuClasses;
    EnumerableSet.Bytes32Set private _rollupKinds;
    EnumerableSet.AddressSet private _verifiers;

    event EpochLengthSet(uint64 version, uint64 epochLength);
    event BudgetPerEpochSet(uint64 version, uint256 budgetPerEpoch);
    event ProgramSplitSet(uint64 version, uint16 depinBps, uint16 rollupBps, uint16 governanceBps);
    event GpuClassWeightSet(uint64 version, uint8 indexed gpuClass, uint256 weight);
    event RollupKindWeightSet(uint64 version, bytes32 indexed kind, uint256 weight);
    event RecipientCapSet(uint64 version, uint16 capBps);
    event MinPayoutSet(uint64 version, uint256 minPayout);
    event GovernanceModeSet(uint64 version, GovernanceMode mode);
    event VerifierAdded(uint64 version, address indexed verifier);
    event VerifierRemoved(uint64 version, address indexed verifier);
    event SetupFinished(address setupAdmin);

    error InvalidEpochLength(uint64 epochLength, uint64 minEpochLength);
    error InvalidMinPayout(uint256 minPayout, uint256 budgetPerEpoch);
    error InvalidProgramSplit(uint256 sum);
    error InvalidRecipientCap(uint16 capBps);
    error InvalidVerifier(address verifier);
    error VerifierAlreadyAdded(address verifier);
    error VerifierNotFound(address verifier);

    /// @param initialOwner The timelock (see contracts/README.md).
    /// @param setupAdmin_ The deployer, which sets the initial weights and verifiers and then calls `finishSetup`;
    ///        address(0) for none.
    /// @param minEpochLength_ The floor of the epoch length for good, non-zero: the deployer passes the
    ///        distributor's dispute period plus its resolution period.
    /// @param epochLength_ Epoch length in seconds; at least `minEpochLength_`.
    /// @param budgetPerEpoch_ Reward budget per epoch, in the reward token's base unit.
    /// @param depinBps_ DePIN program share of the budget.
    /// @param rollupBps_ Rollup program share of the budget.
    /// @param governanceBps_ Governance participation share of the budget; the three shares sum to 10000.
    /// @param recipientCapBps_ Cap per recipient in bps of a program pool, in [MIN_RECIPIENT_CAP_BPS, 10000].
    /// @param minPayout_ Minimum payout in base units; at most `budgetPerEpoch_`.
    /// @param governanceMode_ Linear (0) or SquareRoot (1).
    constructor(
        address initialOwner,
        address setupAdmin_,
        uint64 minEpochLength_,
        uint64 epochLength_,
        uint256 budgetPerEpoch_,
        uint16 depinBps_,
        uint16 rollupBps_,
        uint16 governanceBps_,
        uint16 recipientCapBps_,
        uint256 minPayout_,
        GovernanceMode governanceMode_
    ) Ownable(initialOwner) EIP712("RewardPolicy", "1") {
        if (minEpochLength_ == 0) revert InvalidEpochLength(epochLength_, 1);
        minEpochLength = minEpochLength_;
        setupAdmin = setupAdmin_;
        // The initial values go through the same setters as later changes, so the deployment's own events
        // are enough for an indexer to start from.
        _setEpochLength(epochLength_);
        _setBudgetPerEpoch(budgetPerEpoch_);
        _setProgramSplit(depinBps_, rollupBps_, governanceBps_);
        _setRecipientCap(recipientCapBps_);
        _setMinPayout(minPayout_);
        _setGovernanceMode(governanceMode_);
    }

    /// @dev The owner, or the setup admin until it has finished; others get Ownable's own error.
    modifier onlyConfigurer() {
        if (msg.sender != owner() && (msg.sender != setupAdmin || setupAdmin == address(0))) {
            revert OwnableUnauthorizedAccount(msg.sender);
        }
        _;
    }

    // ---------------------------------------------------------------- governance

    /// @notice Ends the setup admin's powers for good; the owner alone configures from here on.
    function finishSetup() external onlyConfigurer {
        address finished = setupAdmin;
        setupAdmin = address(0);
        emit SetupFinished(finished);
    }

    /// @notice Sets the epoch length in seconds, at least `minEpochLength`. An epoch already started keeps its
    ///         length; the new one applies from the first epoch starting at or after this change.
    function setEpochLength(uint64 newEpochLength) external onlyConfigurer {
        _setEpochLength(newEpochLength);
    }

    /// @notice Sets the reward budget per epoch, in the reward token's base unit, at least `minPayout`. It applies
    ///         to the epoch this change lands in: an epoch is scored under the policy in force at its end block.
    function setBudgetPerEpoch(uint256 newBudget) external onlyConfigurer {
        _setBudgetPerEpoch(newBudget);
    }

    /// @notice Sets the program split; the three shares must sum to 10000 bps.
    function setProgramSplit(uint16 newDepinBps, uint16 newRollupBps, uint16 newGovernanceBps) external onlyConfigurer {
        _setProgramSplit(newDepinBps, newRollupBps, newGovernanceBps);
    }

    /// @notice Sets the weight of a GPU class; weight 0 removes the class (its work then scores nothing).
    function setGpuClassWeight(uint8 gpuClass, uint256 weight) external onlyConfigurer {
        gpuClassWeight[gpuClass] = weight;
        if (weight == 0) _gpuClasses.remove(gpuClass);
        else _gpuClasses.add(gpuClass);
        emit GpuClassWeightSet(_bumpVersion(), gpuClass, weight);
    }

    /// @notice Sets the weight of a rollup contribution kind; weight 0 removes the kind.
    /// @param kind The kind's identifier: keccak256 of the kind name the engine's event mapping uses,
    ///        e.g. keccak256("sequencer").
    function setRollupKindWeight(bytes32 kind, uint256 weight) external onlyConfigurer {
        rollupKindWeight[kind] = weight;
        if (weight == 0) _rollupKinds.remove(kind);
        else _rollupKinds.add(kind);
        emit RollupKindWeightSet(_bumpVersion(), kind, weight);
    }

    /// @notice Sets the cap per recipient, in bps of a program pool, in [MIN_RECIPIENT_CAP_BPS, 10000]; 10000
    ///         means no cap.
    function setRecipientCap(uint16 newCapBps) external onlyConfigurer {
        _setRecipientCap(newCapBps);
    }

    /// @notice Sets the minimum payout, in base units; at most `budgetPerEpoch`.
    function setMinPayout(uint256 newMinPayout) external onlyConfigurer {
        _setMinPayout(newMinPayout);
    }

    /// @notice Sets how vote weight turns into a governance participation score.
    function setGovernanceMode(GovernanceMode newMode) external onlyConfigurer {
        _setGovernanceMode(newMode);
    }

    /// @notice Adds a verifier whose EIP-712 signature makes a work receipt valid.
    function addVerifier(address verifier) external onlyConfigurer {
        if (verifier == address(0)) revert InvalidVerifier(verifier);
        if (!_verifiers.add(verifier)) revert VerifierAlreadyAdded(verifier);
        emit VerifierAdded(_bumpVersion(), verifier);
    }

    /// @notice Removes a verifier. Receipts it signed stop being valid from this block on.
    function removeVerifier(address verifier) external onlyConfigurer {
        if (!_verifiers.remove(verifier)) revert VerifierNotFound(verifier);
        emit VerifierRemoved(_bumpVersion(), verifier);
    }

    // ---------------------------------------------------------------- views

    /// @notice The whole policy in force, in one call.
    /// @dev Flat return values rather than a struct: Web3j 4.12 cannot decode structs holding dynamic arrays.
    ///      The weight arrays are parallel to their key arrays; their order is not meaningful.
    function getPolicy()
        external
        view
        returns (
            uint64 version,
            uint64 epochLengthSeconds,
            uint256 budget,
            uint16[3] memory programSplitBps,
            uint16 capBps,
            uint256 minimumPayout,
            GovernanceMode mode,
            uint8[] memory gpuClasses,
            uint256[] memory gpuWeights,
            bytes32[] memory rollupKinds,
            uint256[] memory rollupWeights,
            address[] memory verifierSet
        )
    {
        (gpuClasses, gpuWeights) = gpuClassWeights();
        (rollupKinds, rollupWeights) = rollupKindWeights();
        return (
            policyVersion,
            epochLength,
            budgetPerEpoch,
            [depinBps, rollupBps, governanceBps],
            recipientCapBps,
            minPayout,
            governanceMode,
            gpuClasses,
            gpuWeights,
            rollupKinds,
            rollupWeights,
            _verifiers.values()
        );
    }

    /// @notice The GPU classes with a non-zero weight, and their weights.
    function gpuClassWeights() public view returns (uint8[] memory classes, uint256[] memory weights) {
        uint256 n = _gpuClasses.length();
        classes = new uint8[](n);
        weights = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            classes[i] = uint8(_gpuClasses.at(i));
            weights[i] = gpuClassWeight[classes[i]];
        }
    }

    /// @notice The rollup contribution kinds with a non-zero weight, and their weights.
    function rollupKindWeights() public view returns (bytes32[] memory kinds, uint256[] memory weights) {
        kinds = _rollupKinds.values();
        weights = new uint256[](kinds.length);
        for (uint256 i = 0; i < kinds.length; i++) {
            weights[i] = rollupKindWeight[kinds[i]];
        }
    }

    /// @notice The current verifier set.
    function verifiers() external view returns (address[] memory) {
        return _verifiers.values();
    }

    /// @notice Whether `account` is in the verifier set.
    function isVerifier(address account) public view returns (bool) {
        return _verifiers.contains(account);
    }

    /// @notice The EIP-712 domain separator of this contract on this chain.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The EIP-712 digest a verifier signs for a work receipt.
    function hashWorkReceipt(
        address provider,
        uint64 epoch,
        bytes32 jobId,
        uint8 gpuClass,
        uint64 gpuSeconds,
        uint16 qualityBps
    ) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(WORK_RECEIPT_TYPEHASH, provider, epoch, jobId, gpuClass, gpuSeconds, qualityBps))
        );
    }

    /// @notice The signer of a work receipt, or address(0) if the signature is malformed or not canonical
    ///         (high s), so that callers can compare without handling reverts.
    function recoverWorkReceiptSigner(
        address provider,
        uint64 epoch,
        bytes32 jobId,
        uint8 gpuClass,
        uint64 gpuSeconds,
        uint16 qualityBps,
        bytes calldata signature
    ) public view returns (address) {
        bytes32 digest = hashWorkReceipt(provider, epoch, jobId, gpuClass, gpuSeconds, qualityBps);
        (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecover(digest, signature);
        return error == ECDSA.RecoverError.NoError ? signer : address(0);
    }

    /// @notice Whether a work receipt is signed by a verifier in the current set. Only the signature is checked
    ///         here; the engine also refuses replayed job ids, closed epochs and out-of-range fields.
    function isValidWorkReceipt(
        address provider,
        uint64 epoch,
        bytes32 jobId,
        uint8 gpuClass,
        uint64 gpuSeconds,
        uint16 qualityBps,
        bytes calldata signature
    ) external view returns (bool) {
        address signer = recoverWorkReceiptSigner(provider, epoch, jobId, gpuClass, gpuSeconds, qualityBps, signature);
        return signer != address(0) && _verifiers.contains(signer);
    }

    // ---------------------------------------------------------------- internals

    function _bumpVersion() private returns (uint64) {
        return ++policyVersion;
    }

    function _setEpochLength(uint64 newEpochLength) private {
        if (newEpochLength < minEpochLength) revert InvalidEpochLength(newEpochLength, minEpochLength);
        epochLength = newEpochLength;
        emit EpochLengthSet(_bumpVersion(), newEpochLength);
    }

    function _setBudgetPerEpoch(uint256 newBudget) private {
        // A minimum payout above the whole budget would carry every payout forever.
        if (newBudget < minPayout) revert InvalidMinPayout(minPayout, newBudget);
        budgetPerEpoch = newBudget;
        emit BudgetPerEpochSet(_bumpVersion(), newBudget);
    }

    function _setProgramSplit(uint16 newDepinBps, uint16 newRollupBps, uint16 newGovernanceBps) private {
        uint256 sum = uint256(newDepinBps) + newRollupBps + newGovernanceBps;
        if (sum != BPS) revert InvalidProgramSplit(sum);
        depinBps = newDepinBps;
        rollupBps = newRollupBps;
        governanceBps = newGovernanceBps;
        emit ProgramSplitSet(_bumpVersion(), newDepinBps, newRollupBps, newGovernanceBps);
    }

    function _setRecipientCap(uint16 newCapBps) private {
        if (newCapBps < MIN_RECIPIENT_CAP_BPS || newCapBps > BPS) revert InvalidRecipientCap(newCapBps);
        recipientCapBps = newCapBps;
        emit RecipientCapSet(_bumpVersion(), newCapBps);
    }

    function _setMinPayout(uint256 newMinPayout) private {
        if (newMinPayout > budgetPerEpoch) revert InvalidMinPayout(newMinPayout, budgetPerEpoch);
        minPayout = newMinPayout;
        emit MinPayoutSet(_bumpVersion(), newMinPayout);
    }

    function _setGovernanceMode(GovernanceMode newMode) private {
        governanceMode = newMode;
        emit GovernanceModeSet(_bumpVersion(), newMode);
    }
}
