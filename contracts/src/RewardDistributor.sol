// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title RewardDistributor
/// @notice Cumulative Merkle distributor with optimistic roots. The updater posts one root per epoch; the root
///         goes live `disputePeriod` seconds later unless someone disputes it with a bond, in which case only
///         governance (DEFAULT_ADMIN_ROLE, the timelock) can make it live; a dispute governance has not ruled on
///         within `resolutionPeriod` discards the root, so a dispute freezes the distributor for a bounded time.
///         Each leaf holds everything an account has ever earned, so a claim pays the difference to what the
///         account has already claimed.
/// @dev Leaves are OpenZeppelin StandardMerkleTree leaves over ["address","uint256"]:
///      keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount)))), with sorted-pair hashing.
///
///      Going live is lazy: an undisputed root is live as soon as `block.timestamp >= liveAt`, for the views and
///      for claims alike. The first state-changing call after that (a claim, `finalizeRoot`, or the next
///      `proposeRoot`) records it and emits RootActivated, so that event may come later than `liveAt`; the
///      `liveAt` in RootProposed is the authoritative time. `finalizeRoot` lets anyone record it explicitly.
///
///      Only one root is in flight at a time: a new root can be proposed only once the previous one is live or
///      has been discarded, so a dispute cannot be bypassed by proposing over it. Expiry of an unresolved dispute
///      is lazy in the same way: views read the root as discarded from its deadline on, and `expireDispute` (or
///      the next `proposeRoot`) records it and emits DisputeExpired.
///
///      Epochs may skip ahead, since roots are cumulative, but by at most `maxEpochSkip` past the live epoch, so
///      that no root can push the epoch counter out of reach of every later proposal.
///
///      Funding: `proposeRoot` requires totalCumulative <= balance + totalClaimed. Tokens leave this contract
///      only through claims, which move value from the balance to totalClaimed one for one, so the check still
///      holds when the root goes live. (Fee-on-transfer or rebasing tokens break that reasoning and are not
///      supported.) Claims are in addition capped so that totalClaimed never exceeds the live root's total, even
///      if the leaves of a bad root sum to more than the total it declared.
///
///      Dispute bonds are in ETH and held here, never below the `minDisputeBond` fixed at deployment. If
///      governance upholds the root, the bond goes to the treasury; if the root is discarded (by a ruling, by
///      expiry or by a cancel), the bond goes back to the disputer. Either way it is credited and paid out by
///      `withdrawBond`, so a recipient that rejects ETH cannot block the resolution.
///
///      Emergency controls: the admin may cancel the pending root, a guardian (or the admin) may pause claims and
///      only the admin unpauses, and the admin may sweep foreign tokens and reward tokens beyond what the live and
///      pending roots can still pay.
contract RewardDistributor is AccessControl, ReentrancyGuard, Pausable {
    using SafeERC20 for IERC20;

    /// @notice Lifecycle of an epoch's root. `Finalized` means the root went live (it may since have been
    ///         superseded by a later epoch's root).
    enum RootStatus {
        None,
        Pending,
        Disputed,
        Finalized,
        Discarded
    }

    struct EpochRoot {
        bytes32 root;
        uint256 totalCumulative;
        uint64 proposedAt;
        uint64 liveAt;
        RootStatus status;
    }

    bytes32 public constant UPDATER_ROLE = keccak256("UPDATER_ROLE");
    /// @notice May pause claims; only the admin unpauses.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice Upper bound on the dispute period, so that a mistaken setting cannot lock roots out for years.
    uint64 public constant MAX_DISPUTE_PERIOD = 30 days;
    /// @notice Upper bound on the resolution period, so that a dispute freezes the distributor for a bounded time.
    uint64 public constant MAX_RESOLUTION_PERIOD = 30 days;
    /// @notice Upper bound on `maxEpochSkip`: a root can never push the next acceptable epoch out of reach.
    uint256 public constant MAX_EPOCH_SKIP = 10_000;

    IERC20 public immutable token;
    /// @notice The least `disputeBond` may ever be, fixed at deployment and non-zero, so disputes are never free.
    uint256 public immutable minDisputeBond;

    uint64 public disputePeriod;
    /// @notice Seconds governance has, from a dispute, to rule on it; after that the root is discarded.
    uint64 public resolutionPeriod;
    uint256 public disputeBond;
    /// @notice A proposal's epoch must be in (liveEpoch, liveEpoch + maxEpochSkip]; liveEpoch is 0 before any root.
    uint256 public maxEpochSkip;
    /// @notice Receives the bond of a dispute that governance rejects.
    address public treasury;

    /// @notice Sum of everything paid out by claims.
    uint256 public totalClaimed;
    /// @notice Cumulative amount already paid to each account.
    mapping(address account => uint256) public claimed;
    /// @notice ETH bond credit waiting for `withdrawBond`.
    mapping(address account => uint256) public bondCredit;

    mapping(uint256 epoch => EpochRoot) private _roots;
    uint256 private _pendingEpoch;
    uint256 private _liveEpoch;
    /// @notice The disputer of the pending root, if it is disputed.
    address public disputer;
    /// @notice When the dispute of the pending root expires unless governance has ruled; 0 without a dispute.
    uint64 public disputeDeadline;
    bool private _hasPending;
    bool private _hasLive;
    uint256 private _lockedBond;

    event RootProposed(
        uint256 indexed epoch, bytes32 indexed root, uint256 totalCumulative, uint64 liveAt, string dataUri
    );
    event RootDisputed(
        uint256 indexed epoch, bytes32 indexed root, address indexed disputer, uint256 bond, string reason
    );
    /// @notice Governance did not rule within the resolution period: the root is discarded without a ruling and
    ///         the bond is credited back to the disputer.
    event DisputeExpired(uint256 indexed epoch, bytes32 indexed root, address indexed disputer, uint256 bond);
    /// @notice The admin discarded the pending root; a disputed one's bond is credited back to its disputer.
    event RootCanceled(uint256 indexed epoch, bytes32 indexed root, address disputer, uint256 bond);
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
    event Swept(address indexed token, address indexed to, uint256 amount);

    error ZeroAddress();
    error ZeroRoot();
    error InvalidDisputePeriod(uint64 disputePeriod);
    error InvalidResolutionPeriod(uint64 resolutionPeriod);
    error InvalidDisputeBond(uint256 disputeBond, uint256 minDisputeBond);
    error InvalidMaxEpochSkip(uint256 maxEpochSkip);
    error EpochTooFarAhead(uint256 epoch, uint256 maxEpoch);
    error PendingRootExists(uint256 pendingEpoch);
    error EpochNotIncreasing(uint256 epoch, uint256 liveEpoch);
    error TotalDecreased(uint256 totalCumulative, uint256 liveTotal);
    error InsufficientFunding(uint256 required, uint256 balance);
    error NoPendingRoot();
    error AlreadyDisputed();
    error DisputeWindowClosed();
    error WrongBond(uint256 sent, uint256 required);
    error NoDisputedRoot();
    error DisputeNotExpired(uint64 deadline);
    error ResolutionPeriodOver(uint64 deadline);
    error NotGuardian(address account);
    error SweepExceedsSurplus(uint256 amount, uint256 surplus);
    error NothingToFinalize();
    error NoLiveRoot();
    error RootMismatch(bytes32 expected, bytes32 live);
    error LengthMismatch();
    error InvalidProof(address account);
    error NothingToClaim(address account);
    error ExceedsRootTotal(uint256 amount, uint256 remaining);
    error NoBondCredit(address account);

    /// @param token_ The reward token.
    /// @param governance The timelock: gets DEFAULT_ADMIN_ROLE (settings, roles, dispute resolution, cancel,
    ///        unpause, sweep) and is the initial treasury for forfeited bonds.
    /// @param updater The engine's signer, granted UPDATER_ROLE; address(0) to grant it later.
    /// @param guardian Granted GUARDIAN_ROLE (may pause claims); address(0) to grant it later.
    /// @param disputePeriod_ Seconds between a proposal and its going live, in (0, MAX_DISPUTE_PERIOD].
    /// @param resolutionPeriod_ Seconds governance has to rule on a dispute, in (0, MAX_RESOLUTION_PERIOD].
    /// @param minDisputeBond_ The floor of the dispute bond, in wei; non-zero and fixed for good.
    /// @param disputeBond_ ETH (wei) a disputer must send with `dispute`; at least `minDisputeBond_`.
    /// @param maxEpochSkip_ How far past the live epoch a proposal's epoch may be, in (0, MAX_EPOCH_SKIP].
    constructor(
        IERC20 token_,
        address governance,
        address updater,
        address guardian,
        uint64 disputePeriod_,
        uint64 resolutionPeriod_,
        uint256 minDisputeBond_,
        uint256 disputeBond_,
        uint256 maxEpochSkip_
    ) {
        if (address(token_) == address(0) || governance == address(0)) revert ZeroAddress();
        if (minDisputeBond_ == 0) revert InvalidDisputeBond(minDisputeBond_, 1);
        token = token_;
        minDisputeBond = minDisputeBond_;
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        if (updater != address(0)) _grantRole(UPDATER_ROLE, updater);
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
        _setDisputePeriod(disputePeriod_);
        _setResolutionPeriod(resolutionPeriod_);
        _setDisputeBond(disputeBond_);
        _setMaxEpochSkip(maxEpochSkip_);
        _setTreasury(governance);
    }

    // ---------------------------------------------------------------- root lifecycle

    /// @notice Posts the root of `epoch`. It goes live after `disputePeriod` unless disputed.
    /// @param epoch In (liveEpoch, liveEpoch + maxEpochSkip], liveEpoch being 0 before any root went live; a
    ///        discarded epoch may be proposed again.
    /// @param root StandardMerkleTree root over (account, cumulativeAmount).
    /// @param totalCumulative Sum of all leaves; at least the live root's total, and funded.
    /// @param dataUri Where verifiers find the epoch's inputs and tree.
    function proposeRoot(uint256 epoch, bytes32 root, uint256 totalCumulative, string calldata dataUri)
        external
        onlyRole(UPDATER_ROLE)
    {
        _settle();
        if (_hasPending) revert PendingRootExists(_pendingEpoch);
        if (root == bytes32(0)) revert ZeroRoot();
        uint256 liveEpoch = _hasLive ? _liveEpoch : 0;
        if (epoch <= liveEpoch) revert EpochNotIncreasing(epoch, liveEpoch);
        // maxEpochSkip <= MAX_EPOCH_SKIP and liveEpoch only ever comes from an accepted proposal, so this sum
        // stays far below 2^256.
        if (epoch - liveEpoch > maxEpochSkip) revert EpochTooFarAhead(epoch, liveEpoch + maxEpochSkip);
        uint256 liveTotal = _hasLive ? _roots[_liveEpoch].totalCumulative : 0;
        if (totalCumulative < liveTotal) revert TotalDecreased(totalCumulative, liveTotal);
        // totalClaimed <= liveTotal <= totalCumulative, so the subtraction cannot underflow, and unlike
        // balance + totalClaimed it cannot overflow.
        uint256 balance = token.balanceOf(address(this));
        if (totalCumulative - totalClaimed > balance) {
            revert InsufficientFunding(totalCumulative - totalClaimed, balance);
        }

        uint64 liveAt = uint64(block.timestamp) + disputePeriod;
        _roots[epoch] = EpochRoot({
            root: root,
            totalCumulative: totalCumulative,
            proposedAt: uint64(block.timestamp),
            liveAt: liveAt,
            status: RootStatus.Pending
        });
        _pendingEpoch = epoch;
        _hasPending = true;
        emit RootProposed(epoch, root, totalCumulative, liveAt, dataUri);
    }

    /// @notice Disputes the pending root before it goes live, freezing it until governance resolves the dispute
    ///         or `resolutionPeriod` passes without a ruling. `msg.value` must equal `disputeBond`.
    /// @param reason Free text for the record, e.g. a link to the recomputation that disagrees.
    function dispute(string calldata reason) external payable {
        if (!_hasPending) revert NoPendingRoot();
        EpochRoot storage pending = _roots[_pendingEpoch];
        if (pending.status == RootStatus.Disputed) revert AlreadyDisputed();
        // The window is days long; a validator's few seconds of timestamp leeway do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= pending.liveAt) revert DisputeWindowClosed();
        if (msg.value != disputeBond) revert WrongBond(msg.value, disputeBond);

        pending.status = RootStatus.Disputed;
        disputer = msg.sender;
        disputeDeadline = uint64(block.timestamp) + resolutionPeriod;
        _lockedBond = msg.value;
        emit RootDisputed(_pendingEpoch, pending.root, msg.sender, msg.value, reason);
    }

    /// @notice Governance's ruling on the disputed root, before its `disputeDeadline`. `valid = true`: the root
    ///         goes live now and the bond is credited to the treasury. `valid = false`: the root is discarded (the
    ///         epoch may be proposed again) and the bond is credited back to the disputer.
    function resolveDispute(bool valid) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_hasPending || _roots[_pendingEpoch].status != RootStatus.Disputed) revert NoDisputedRoot();
        // Past the deadline the root is already discarded in every view; a late ruling must not revive it.
        if (_isOverdue()) revert ResolutionPeriodOver(disputeDeadline);
        uint256 epoch = _pendingEpoch;
        EpochRoot storage pending = _roots[epoch];
        address bondRecipient = valid ? treasury : disputer;
        uint256 bond = _releaseBond(bondRecipient);
        _hasPending = false;
        if (valid) {
            pending.status = RootStatus.Finalized;
            pending.liveAt = uint64(block.timestamp);
            _liveEpoch = epoch;
            _hasLive = true;
        } else {
            pending.status = RootStatus.Discarded;
        }
        emit DisputeResolved(epoch, pending.root, valid, bondRecipient, bond);
        if (valid) emit RootActivated(epoch, pending.root, pending.totalCumulative);
    }

    /// @notice Discards a disputed root that governance has not ruled on by its `disputeDeadline` and credits the
    ///         bond back to the disputer. Anyone may call it; the next proposal does the same implicitly.
    function expireDispute() external {
        if (!_hasPending || _roots[_pendingEpoch].status != RootStatus.Disputed) revert NoDisputedRoot();
        if (!_expireIfOverdue()) revert DisputeNotExpired(disputeDeadline);
    }

    /// @notice Records an undisputed root whose dispute period has passed as the live root. Anyone may call it;
    ///         claims and the next proposal do the same implicitly.
    function finalizeRoot() external {
        if (!_activateIfMatured()) revert NothingToFinalize();
    }

    /// @notice Discards the pending root, disputed or not, before it goes live: the emergency stop for a root
    ///         that should never pay (a stolen updater key, a bug). A disputed root's bond is credited back to
    ///         its disputer. The epoch may be proposed again.
    function cancelPendingRoot() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _settle();
        if (!_hasPending) revert NoPendingRoot();
        uint256 epoch = _pendingEpoch;
        EpochRoot storage pending = _roots[epoch];
        address bondRecipient = disputer;
        uint256 bond = pending.status == RootStatus.Disputed ? _releaseBond(bondRecipient) : 0;
        pending.status = RootStatus.Discarded;
        _hasPending = false;
        emit RootCanceled(epoch, pending.root, bondRecipient, bond);
    }

    // ---------------------------------------------------------------- claims

    /// @notice Pays `cumulativeAmount - claimed[account]` to `account` (anyone may submit it on the account's
    ///         behalf; the tokens always go to `account`).
    /// @param proof StandardMerkleTree proof of (account, cumulativeAmount) under the live root.
    /// @return paid The amount transferred.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        nonReentrant
        whenNotPaused
        returns (uint256 paid)
    {
        _activateIfMatured();
        return _claim(account, cumulativeAmount, proof, false);
    }

    /// @notice Like `claim`, but reverts unless the live root is `expectedRoot`, so that a proof fetched for one
    ///         root is never judged against another.
    function claimWithExpectedRoot(
        bytes32 expectedRoot,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) external nonReentrant whenNotPaused returns (uint256 paid) {
        _activateIfMatured();
        bytes32 live = _hasLive ? _roots[_liveEpoch].root : bytes32(0);
        if (live != expectedRoot) revert RootMismatch(expectedRoot, live);
        return _claim(account, cumulativeAmount, proof, false);
    }

    /// @notice Claims for several accounts in one transaction. An entry with nothing left to claim is skipped,
    ///         so that a claim someone sent first for one account cannot make the whole batch revert; any other
    ///         entry that `claim` would reject (bad proof, beyond the root's total) reverts the batch.
    /// @dev The proofs come flattened rather than as bytes32[][]: Web3j 4.12's generated wrappers compute a
    ///      wrong selector for nested dynamic arrays.
    /// @param proofNodes The proofs of all entries, concatenated in entry order.
    /// @param proofLengths The number of nodes in each entry's proof; they must add up to proofNodes.length.
    /// @return paid The total transferred.
    function claimMany(
        address[] calldata accounts,
        uint256[] calldata cumulativeAmounts,
        bytes32[] calldata proofNodes,
        uint256[] calldata proofLengths
    ) external nonReentrant whenNotPaused returns (uint256 paid) {
        uint256 n = accounts.length;
        if (cumulativeAmounts.length != n || proofLengths.length != n) revert LengthMismatch();
        _activateIfMatured();
        uint256 offset = 0;
        for (uint256 i = 0; i < n; i++) {
            uint256 end = offset + proofLengths[i];
            if (end > proofNodes.length) revert LengthMismatch();
            paid += _claim(accounts[i], cumulativeAmounts[i], proofNodes[offset:end], true);
            offset = end;
        }
        if (offset != proofNodes.length) revert LengthMismatch();
    }

    /// @notice Pays out a bond credit to its owner. Anyone may trigger it; the ETH always goes to `account`.
    function withdrawBond(address account) external nonReentrant {
        uint256 amount = bondCredit[account];
        if (amount == 0) revert NoBondCredit(account);
        bondCredit[account] = 0;
        emit BondWithdrawn(account, amount);
        Address.sendValue(payable(account), amount);
    }

    // ---------------------------------------------------------------- emergency controls

    /// @notice Stops every claim until the admin unpauses. The guardian or the admin may pause.
    function pause() external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert NotGuardian(msg.sender);
        }
        _pause();
    }

    /// @notice Lets claims through again; the admin only, so a guardian cannot undo the admin's pause.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Sends tokens no root can ever pay to `to`: any amount of a foreign token, and of the reward token
    ///         at most `sweepableSurplus()`, so that neither the live nor the pending root is left underfunded.
    function sweep(IERC20 asset, address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        _settle();
        if (asset == token) {
            uint256 surplus = _surplus();
            if (amount > surplus) revert SweepExceedsSurplus(amount, surplus);
        }
        emit Swept(address(asset), to, amount);
        asset.safeTransfer(to, amount);
    }

    /// @notice Reward tokens beyond what the live and the pending root can still pay:
    ///         balance - (max(live total, pending total) - totalClaimed), or 0.
    function sweepableSurplus() external view returns (uint256) {
        return _surplus();
    }

    // ---------------------------------------------------------------- governance settings

    /// @notice Sets the dispute period for roots proposed from now on; a pending root keeps its `liveAt`.
    function setDisputePeriod(uint64 newDisputePeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputePeriod(newDisputePeriod);
    }

    /// @notice Sets the ETH bond for disputes opened from now on; never below `minDisputeBond`.
    function setDisputeBond(uint256 newDisputeBond) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputeBond(newDisputeBond);
    }

    /// @notice Sets the resolution period for disputes opened from now on; an open dispute keeps its deadline.
    function setResolutionPeriod(uint64 newResolutionPeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setResolutionPeriod(newResolutionPeriod);
    }

    /// @notice Sets how far past the live epoch a proposal's epoch may be.
    function setMaxEpochSkip(uint256 newMaxEpochSkip) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxEpochSkip(newMaxEpochSkip);
    }

    /// @notice Sets who is credited the bond of a dispute that governance rejects.
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    // ---------------------------------------------------------------- views

    /// @notice The root claims verify against right now (including an undisputed root whose period has passed
    ///         but that nobody has recorded yet). All zero before the first root goes live.
    function liveRoot() external view returns (uint256 epoch, bytes32 root, uint256 totalCumulative) {
        (bool exists, uint256 liveEpoch) = _effectiveLiveEpoch();
        if (!exists) return (0, bytes32(0), 0);
        EpochRoot storage live = _roots[liveEpoch];
        return (liveEpoch, live.root, live.totalCumulative);
    }

    /// @notice The root in its dispute window or under a dispute not yet expired; `root` is zero if there is none.
    function pendingRoot()
        external
        view
        returns (uint256 epoch, bytes32 root, uint256 totalCumulative, uint64 liveAt, bool disputed)
    {
        if (!_hasInFlight()) return (0, bytes32(0), 0, 0, false);
        EpochRoot storage pending = _roots[_pendingEpoch];
        return (
            _pendingEpoch, pending.root, pending.totalCumulative, pending.liveAt, pending.status == RootStatus.Disputed
        );
    }

    /// @notice The last root proposed for `epoch` and its status as of now (a matured undisputed root reads
    ///         `Finalized`, an expired dispute's root `Discarded`). The engine checks it before proposing, so that
    ///         it never submits an epoch twice.
    function epochRoot(uint256 epoch)
        external
        view
        returns (bytes32 root, uint256 totalCumulative, uint64 proposedAt, uint64 liveAt, RootStatus status)
    {
        EpochRoot storage r = _roots[epoch];
        status = r.status;
        if (_isMatured(r)) status = RootStatus.Finalized;
        else if (_hasPending && epoch == _pendingEpoch && _isOverdue()) status = RootStatus.Discarded;
        return (r.root, r.totalCumulative, r.proposedAt, r.liveAt, status);
    }

    /// @notice Whether (account, cumulativeAmount, proof) verifies against the live root. It says nothing about
    ///         what is left to claim: compare with `claimed(account)`.
    function verifyClaim(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        (bool exists, uint256 liveEpoch) = _effectiveLiveEpoch();
        return exists && MerkleProof.verifyCalldata(proof, _roots[liveEpoch].root, _leaf(account, cumulativeAmount));
    }

    // ---------------------------------------------------------------- internals

    /// @param skipIfNothing Return 0 instead of reverting when the account has nothing left to claim.
    function _claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof, bool skipIfNothing)
        private
        returns (uint256 amount)
    {
        if (!_hasLive) revert NoLiveRoot();
        EpochRoot storage live = _roots[_liveEpoch];
        if (!MerkleProof.verifyCalldata(proof, live.root, _leaf(account, cumulativeAmount))) {
            revert InvalidProof(account);
        }
        uint256 alreadyClaimed = claimed[account];
        if (cumulativeAmount <= alreadyClaimed) {
            if (skipIfNothing) return 0;
            revert NothingToClaim(account);
        }
        amount = cumulativeAmount - alreadyClaimed;
        uint256 remaining = live.totalCumulative - totalClaimed;
        if (amount > remaining) revert ExceedsRootTotal(amount, remaining);

        claimed[account] = cumulativeAmount;
        totalClaimed += amount;
        emit Claimed(account, _liveEpoch, amount, cumulativeAmount);
        token.safeTransfer(account, amount);
    }

    function _activateIfMatured() private returns (bool) {
        if (!_hasPending) return false;
        EpochRoot storage pending = _roots[_pendingEpoch];
        if (!_isMatured(pending)) return false;
        pending.status = RootStatus.Finalized;
        _liveEpoch = _pendingEpoch;
        _hasLive = true;
        _hasPending = false;
        emit RootActivated(_pendingEpoch, pending.root, pending.totalCumulative);
        return true;
    }

    /// @dev Records whatever time alone has decided: a matured root goes live, an overdue dispute expires.
    function _settle() private {
        if (!_activateIfMatured()) _expireIfOverdue();
    }

    function _expireIfOverdue() private returns (bool) {
        if (!_isOverdue()) return false;
        uint256 epoch = _pendingEpoch;
        EpochRoot storage pending = _roots[epoch];
        address bondRecipient = disputer;
        uint256 bond = _releaseBond(bondRecipient);
        pending.status = RootStatus.Discarded;
        _hasPending = false;
        emit DisputeExpired(epoch, pending.root, bondRecipient, bond);
        return true;
    }

    /// @dev Credits the locked bond to `recipient` and clears the dispute.
    function _releaseBond(address recipient) private returns (uint256 bond) {
        bond = _lockedBond;
        bondCredit[recipient] += bond;
        _lockedBond = 0;
        disputer = address(0);
        disputeDeadline = 0;
    }

    /// @dev A disputed root whose deadline has passed without a ruling.
    function _isOverdue() private view returns (bool) {
        // forge-lint: disable-next-line(block-timestamp)
        return _hasPending && _roots[_pendingEpoch].status == RootStatus.Disputed && block.timestamp >= disputeDeadline;
    }

    /// @dev A root in its dispute window, or disputed and not yet expired.
    function _hasInFlight() private view returns (bool) {
        return _hasPending && !_isMatured(_roots[_pendingEpoch]) && !_isOverdue();
    }

    function _surplus() private view returns (uint256) {
        (bool hasLive, uint256 liveEpoch) = _effectiveLiveEpoch();
        uint256 owed = hasLive ? _roots[liveEpoch].totalCumulative : 0;
        if (_hasInFlight() && _roots[_pendingEpoch].totalCumulative > owed) owed = _roots[_pendingEpoch].totalCumulative;
        // totalClaimed never exceeds the live total (claims are capped by it), so this cannot underflow.
        owed -= totalClaimed;
        uint256 balance = token.balanceOf(address(this));
        return balance > owed ? balance - owed : 0;
    }

    function _effectiveLiveEpoch() private view returns (bool exists, uint256 epoch) {
        if (_hasPending && _isMatured(_roots[_pendingEpoch])) return (true, _pendingEpoch);
        return (_hasLive, _liveEpoch);
    }

    /// @dev Only a root still in the Pending state can mature by time; a disputed one waits for governance.
    function _isMatured(EpochRoot storage r) private view returns (bool) {
        // forge-lint: disable-next-line(block-timestamp)
        return r.status == RootStatus.Pending && block.timestamp >= r.liveAt;
    }

    function _leaf(address account, uint256 cumulativeAmount) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
    }

    function _setDisputePeriod(uint64 newDisputePeriod) private {
        if (newDisputePeriod == 0 || newDisputePeriod > MAX_DISPUTE_PERIOD) {
            revert InvalidDisputePeriod(newDisputePeriod);
        }
        disputePeriod = newDisputePeriod;
        emit DisputePeriodSet(newDisputePeriod);
    }

    function _setDisputeBond(uint256 newDisputeBond) private {
        if (newDisputeBond < minDisputeBond) revert InvalidDisputeBond(newDisputeBond, minDisputeBond);
        disputeBond = newDisputeBond;
        emit DisputeBondSet(newDisputeBond);
    }

    function _setResolutionPeriod(uint64 newResolutionPeriod) private {
        if (newResolutionPeriod == 0 || newResolutionPeriod > MAX_RESOLUTION_PERIOD) {
            revert InvalidResolutionPeriod(newResolutionPeriod);
        }
        resolutionPeriod = newResolutionPeriod;
        emit ResolutionPeriodSet(newResolutionPeriod);
    }

    function _setMaxEpochSkip(uint256 newMaxEpochSkip) private {
        if (newMaxEpochSkip == 0 || newMaxEpochSkip > MAX_EPOCH_SKIP) revert InvalidMaxEpochSkip(newMaxEpochSkip);
        maxEpochSkip = newMaxEpochSkip;
        emit MaxEpochSkipSet(newMaxEpochSkip);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert ZeroAddress();
        treasury = newTreasury;
        emit TreasurySet(newTreasury);
    }
}
