// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title RewardDistributor
/// @notice Cumulative Merkle distributor with optimistic roots. The updater posts one root per epoch; the root
///         goes live `disputePeriod` seconds later unless someone disputes it with a bond, in which case only
///         governance (DEFAULT_ADMIN_ROLE, the timelock) decides whether it goes live or is discarded.
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
///      has been discarded, so a dispute cannot be bypassed by proposing over it.
///
///      Funding: `proposeRoot` requires totalCumulative <= balance + totalClaimed. Tokens leave this contract
///      only through claims, which move value from the balance to totalClaimed one for one, so the check still
///      holds when the root goes live. (Fee-on-transfer or rebasing tokens break that reasoning and are not
///      supported.) Claims are in addition capped so that totalClaimed never exceeds the live root's total, even
///      if the leaves of a bad root sum to more than the total it declared.
///
///      Dispute bonds are in ETH and held here. If governance upholds the root, the bond goes to the treasury;
///      if it discards the root, the bond goes back to the disputer. Either way it is credited and paid out by
///      `withdrawBond`, so a recipient that rejects ETH cannot block the resolution.
contract RewardDistributor is AccessControl, ReentrancyGuard {
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
    /// @notice Upper bound on the dispute period, so that a mistaken setting cannot lock roots out for years.
    uint64 public constant MAX_DISPUTE_PERIOD = 30 days;

    IERC20 public immutable token;

    uint64 public disputePeriod;
    uint256 public disputeBond;
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
    bool private _hasPending;
    bool private _hasLive;
    uint256 private _lockedBond;

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
    event TreasurySet(address treasury);

    error ZeroAddress();
    error ZeroRoot();
    error InvalidDisputePeriod(uint64 disputePeriod);
    error PendingRootExists(uint256 pendingEpoch);
    error EpochNotIncreasing(uint256 epoch, uint256 liveEpoch);
    error TotalDecreased(uint256 totalCumulative, uint256 liveTotal);
    error InsufficientFunding(uint256 required, uint256 balance);
    error NoPendingRoot();
    error AlreadyDisputed();
    error DisputeWindowClosed();
    error WrongBond(uint256 sent, uint256 required);
    error NoDisputedRoot();
    error NothingToFinalize();
    error NoLiveRoot();
    error RootMismatch(bytes32 expected, bytes32 live);
    error LengthMismatch();
    error InvalidProof(address account);
    error NothingToClaim(address account);
    error ExceedsRootTotal(uint256 amount, uint256 remaining);
    error NoBondCredit(address account);

    /// @param token_ The reward token.
    /// @param governance The timelock: gets DEFAULT_ADMIN_ROLE (settings, roles, dispute resolution) and is
    ///        the initial treasury for forfeited bonds.
    /// @param updater The engine's signer, granted UPDATER_ROLE; address(0) to grant it later.
    /// @param disputePeriod_ Seconds between a proposal and its going live, in (0, MAX_DISPUTE_PERIOD].
    /// @param disputeBond_ ETH (wei) a disputer must send with `dispute`.
    constructor(IERC20 token_, address governance, address updater, uint64 disputePeriod_, uint256 disputeBond_) {
        if (address(token_) == address(0) || governance == address(0)) revert ZeroAddress();
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        if (updater != address(0)) _grantRole(UPDATER_ROLE, updater);
        _setDisputePeriod(disputePeriod_);
        _setDisputeBond(disputeBond_);
        _setTreasury(governance);
    }

    // ---------------------------------------------------------------- root lifecycle

    /// @notice Posts the root of `epoch`. It goes live after `disputePeriod` unless disputed.
    /// @param epoch Must exceed the live root's epoch; a discarded epoch may be proposed again.
    /// @param root StandardMerkleTree root over (account, cumulativeAmount).
    /// @param totalCumulative Sum of all leaves; at least the live root's total, and funded.
    /// @param dataUri Where verifiers find the epoch's inputs and tree.
    function proposeRoot(uint256 epoch, bytes32 root, uint256 totalCumulative, string calldata dataUri)
        external
        onlyRole(UPDATER_ROLE)
    {
        _activateIfMatured();
        if (_hasPending) revert PendingRootExists(_pendingEpoch);
        if (root == bytes32(0)) revert ZeroRoot();
        uint256 liveTotal;
        if (_hasLive) {
            if (epoch <= _liveEpoch) revert EpochNotIncreasing(epoch, _liveEpoch);
            liveTotal = _roots[_liveEpoch].totalCumulative;
        }
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

    /// @notice Disputes the pending root before it goes live, freezing it until governance resolves the dispute.
    ///         `msg.value` must equal `disputeBond`.
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
        _lockedBond = msg.value;
        emit RootDisputed(_pendingEpoch, pending.root, msg.sender, msg.value, reason);
    }

    /// @notice Governance's ruling on the disputed root. `valid = true`: the root goes live now and the bond is
    ///         credited to the treasury. `valid = false`: the root is discarded (the epoch may be proposed again)
    ///         and the bond is credited back to the disputer.
    function resolveDispute(bool valid) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_hasPending || _roots[_pendingEpoch].status != RootStatus.Disputed) revert NoDisputedRoot();
        uint256 epoch = _pendingEpoch;
        EpochRoot storage pending = _roots[epoch];
        address bondRecipient = valid ? treasury : disputer;
        uint256 bond = _lockedBond;

        bondCredit[bondRecipient] += bond;
        _lockedBond = 0;
        disputer = address(0);
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

    /// @notice Records an undisputed root whose dispute period has passed as the live root. Anyone may call it;
    ///         claims and the next proposal do the same implicitly.
    function finalizeRoot() external {
        if (!_activateIfMatured()) revert NothingToFinalize();
    }

    // ---------------------------------------------------------------- claims

    /// @notice Pays `cumulativeAmount - claimed[account]` to `account` (anyone may submit it on the account's
    ///         behalf; the tokens always go to `account`).
    /// @param proof StandardMerkleTree proof of (account, cumulativeAmount) under the live root.
    /// @return paid The amount transferred.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        nonReentrant
        returns (uint256 paid)
    {
        _activateIfMatured();
        return _claim(account, cumulativeAmount, proof);
    }

    /// @notice Like `claim`, but reverts unless the live root is `expectedRoot`, so that a proof fetched for one
    ///         root is never judged against another.
    function claimWithExpectedRoot(
        bytes32 expectedRoot,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) external nonReentrant returns (uint256 paid) {
        _activateIfMatured();
        bytes32 live = _hasLive ? _roots[_liveEpoch].root : bytes32(0);
        if (live != expectedRoot) revert RootMismatch(expectedRoot, live);
        return _claim(account, cumulativeAmount, proof);
    }

    /// @notice Claims for several accounts in one transaction. All or nothing: any entry that `claim` would
    ///         reject (bad proof, nothing left to claim) reverts the whole batch.
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
    ) external nonReentrant returns (uint256 paid) {
        uint256 n = accounts.length;
        if (cumulativeAmounts.length != n || proofLengths.length != n) revert LengthMismatch();
        _activateIfMatured();
        uint256 offset = 0;
        for (uint256 i = 0; i < n; i++) {
            uint256 end = offset + proofLengths[i];
            if (end > proofNodes.length) revert LengthMismatch();
            paid += _claim(accounts[i], cumulativeAmounts[i], proofNodes[offset:end]);
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

    // ---------------------------------------------------------------- governance settings

    /// @notice Sets the dispute period for roots proposed from now on; a pending root keeps its `liveAt`.
    function setDisputePeriod(uint64 newDisputePeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputePeriod(newDisputePeriod);
    }

    /// @notice Sets the ETH bond for disputes opened from now on.
    function setDisputeBond(uint256 newDisputeBond) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputeBond(newDisputeBond);
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

    /// @notice The root in its dispute window or under dispute; `root` is zero if there is none.
    function pendingRoot()
        external
        view
        returns (uint256 epoch, bytes32 root, uint256 totalCumulative, uint64 liveAt, bool disputed)
    {
        if (!_hasPending || _isMatured(_roots[_pendingEpoch])) return (0, bytes32(0), 0, 0, false);
        EpochRoot storage pending = _roots[_pendingEpoch];
        return (
            _pendingEpoch, pending.root, pending.totalCumulative, pending.liveAt, pending.status == RootStatus.Disputed
        );
    }

    /// @notice The last root proposed for `epoch` and its status as of now (a matured undisputed root reads
    ///         `Finalized`). The engine checks it before proposing, so that it never submits an epoch twice.
    function epochRoot(uint256 epoch)
        external
        view
        returns (bytes32 root, uint256 totalCumulative, uint64 proposedAt, uint64 liveAt, RootStatus status)
    {
        EpochRoot storage r = _roots[epoch];
        status = _isMatured(r) ? RootStatus.Finalized : r.status;
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

    function _claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        private
        returns (uint256 amount)
    {
        if (!_hasLive) revert NoLiveRoot();
        EpochRoot storage live = _roots[_liveEpoch];
        if (!MerkleProof.verifyCalldata(proof, live.root, _leaf(account, cumulativeAmount))) {
            revert InvalidProof(account);
        }
        uint256 alreadyClaimed = claimed[account];
        if (cumulativeAmount <= alreadyClaimed) revert NothingToClaim(account);
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
        disputeBond = newDisputeBond;
        emit DisputeBondSet(newDisputeBond);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert ZeroAddress();
        treasury = newTreasury;
        emit TreasurySet(newTreasury);
    }
}
