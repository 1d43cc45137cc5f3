// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TestBase} from "../utils/TestBase.sol";
import {MerkleTreeBuilder} from "../utils/MerkleTreeBuilder.sol";
import {RewardDistributor} from "../../src/RewardDistributor.sol";
import {MockERC20} from "../mocks/MockERC20.sol";

/// @notice Drives a distributor through random sequences of proposals, disputes, rulings, expiries, cancels,
///         pauses, sweeps, donations, time, and claims, against live and pending trees, while it records what an
///         invariant cannot see after the fact.
contract DistributorHandler is TestBase {
    using MerkleTreeBuilder for MerkleTreeBuilder.Tree;

    uint256 internal constant ACTORS = 5;
    uint64 public constant PERIOD = 2 days;
    uint64 public constant RESOLUTION = 3 days;
    uint256 public constant BOND = 1 ether;
    uint256 public constant MAX_SKIP = 5;
    address public constant GUARDIAN = address(0x6A4D);
    address public constant SINK = address(0x5111);
    address public constant TIMELOCK = address(0x7153);
    address public constant UPDATER = address(0xFEED);
    address public constant DISPUTER = address(0xD15);

    MockERC20 public immutable token;
    MockERC20 public immutable foreignToken;
    RewardDistributor public immutable distributor;

    address[] public actors;
    /// The amounts of the tree proposed last, and of the tree live before it.
    uint256[] internal _proposedAmounts;
    uint256[] internal _liveAmounts;
    bytes32 public proposedRoot;
    bytes32 internal _liveModelRoot;

    // Ghost state for the invariants.
    uint256 public ghostPaid;
    uint256 public ghostMinted;
    uint256 public ghostSwept;
    bool public sweptIntoDebt;
    bool public claimedDecreased;
    bool public claimedAgainstPending;
    mapping(bytes32 root => bool) public ghostDisputed;
    mapping(bytes32 root => bool) public ghostApprovedByGovernance;
    mapping(address account => uint256) internal _lastClaimed;
    uint256 public calls;

    constructor() {
        token = new MockERC20();
        foreignToken = new MockERC20();
        distributor =
            new RewardDistributor(token, TIMELOCK, UPDATER, GUARDIAN, PERIOD, RESOLUTION, BOND / 2, BOND, MAX_SKIP);
        for (uint256 i = 0; i < ACTORS; i++) {
            // forge-lint: disable-next-line(unsafe-typecast)
            actors.push(address(uint160(0xA000 + i)));
            _proposedAmounts.push(0);
            _liveAmounts.push(0);
        }
    }

    modifier tracked() {
        calls++;
        _;
        _recordClaimed();
    }

    // ---------------------------------------------------------------- actions

    /// @notice The updater proposes the next cumulative tree; one in five declares less than its leaves sum to.
    function propose(uint256 seed) external tracked {
        _syncLive();
        (, bytes32 pending,,,) = distributor.pendingRoot();
        if (pending != bytes32(0)) return;
        uint256[] memory amounts = new uint256[](ACTORS);
        uint256 sum = 0;
        for (uint256 i = 0; i < ACTORS; i++) {
            // Actor 0 always earns something, so that consecutive roots never coincide.
            uint256 increase = uint256(keccak256(abi.encode(seed, i))) % 1_000e18 + (i == 0 ? 1 : 0);
            amounts[i] = _liveAmounts[i] + increase;
            sum += amounts[i];
        }
        uint256 declared = seed % 5 == 0 ? sum / 2 : sum;
        (, , uint256 liveTotal) = distributor.liveRoot();
        if (declared < liveTotal) declared = liveTotal;

        uint256 funded = token.balanceOf(address(distributor)) + distributor.totalClaimed();
        if (declared > funded) {
            token.mint(address(distributor), declared - funded);
            ghostMinted += declared - funded;
        }
        MerkleTreeBuilder.Tree memory tree = MerkleTreeBuilder.build(actors, amounts);
        // Any epoch the skip bound allows: roots are cumulative, so skipping epochs is legitimate.
        (uint256 liveEpoch,,) = distributor.liveRoot();
        uint256 epoch = liveEpoch + 1 + seed % MAX_SKIP;
        vm.prank(UPDATER);
        distributor.proposeRoot(epoch, tree.root(), declared, "");
        proposedRoot = tree.root();
        for (uint256 i = 0; i < ACTORS; i++) _proposedAmounts[i] = amounts[i];
    }

    function dispute(uint256 seed) external tracked {
        (, bytes32 pending,, uint64 liveAt, bool disputed) = distributor.pendingRoot();
        // forge-lint: disable-next-line(block-timestamp)
        if (pending == bytes32(0) || disputed || block.timestamp >= liveAt) return;
        // Only some proposals are disputed, so that others go live by time.
        if (seed % 2 == 0) return;
        vm.deal(DISPUTER, BOND);
        vm.prank(DISPUTER);
        distributor.dispute{value: BOND}("handler");
        ghostDisputed[pending] = true;
    }

    function resolve(bool valid) external tracked {
        (, bytes32 pending,,, bool disputed) = distributor.pendingRoot();
        if (!disputed) return;
        // Rulings arrive before the deadline; a late one reverts (proved by the unit tests).
        vm.prank(TIMELOCK);
        distributor.resolveDispute(valid);
        if (valid) {
            ghostApprovedByGovernance[pending] = true;
        } else {
            // The proposal is discarded; the same root proposed again later is a new, undisputed proposal.
            ghostDisputed[pending] = false;
        }
        _syncLive();
    }

    function warp(uint256 seconds_) external tracked {
        vm.warp(block.timestamp + bound(seconds_, 0, 2 * PERIOD + RESOLUTION));
    }

    /// @notice Anyone records an overdue dispute as expired; the root is discarded, never made live.
    function expire() external tracked {
        try distributor.expireDispute() {} catch {}
        _syncLive();
    }

    /// @notice Governance cancels the pending root, disputed or not.
    function cancel() external tracked {
        (, bytes32 pending,,, bool disputed) = distributor.pendingRoot();
        if (pending == bytes32(0)) return;
        vm.prank(TIMELOCK);
        distributor.cancelPendingRoot();
        if (disputed) ghostDisputed[pending] = false;
    }

    function pause(bool byGuardian) external tracked {
        if (distributor.paused()) return;
        vm.prank(byGuardian ? GUARDIAN : TIMELOCK);
        distributor.pause();
    }

    function unpause() external tracked {
        if (!distributor.paused()) return;
        vm.prank(TIMELOCK);
        distributor.unpause();
    }

    /// @notice Tokens sent by mistake: reward tokens beyond any root, or a foreign token.
    function donate(uint256 amount, bool foreign) external tracked {
        amount = bound(amount, 0, 1_000e18);
        if (foreign) {
            foreignToken.mint(address(distributor), amount);
        } else {
            token.mint(address(distributor), amount);
            ghostMinted += amount;
        }
    }

    /// @notice Governance sweeps up to what the contract says is surplus (sometimes asking for more, which must
    ///         revert), and any amount of the foreign token.
    function sweep(uint256 amount, bool foreign) external tracked {
        _syncLive();
        if (foreign) {
            amount = bound(amount, 0, foreignToken.balanceOf(address(distributor)));
            vm.prank(TIMELOCK);
            distributor.sweep(foreignToken, SINK, amount);
            return;
        }
        uint256 surplus = distributor.sweepableSurplus();
        amount = bound(amount, 0, surplus + 1);
        vm.prank(TIMELOCK);
        try distributor.sweep(token, SINK, amount) {
            ghostSwept += amount;
            if (amount > surplus) sweptIntoDebt = true;
        } catch {}
    }

    function finalize() external tracked {
        try distributor.finalizeRoot() {} catch {}
        _syncLive();
    }

    /// @notice An actor claims its leaf of the live tree; it may legitimately fail (nothing left, or a root
    ///         whose declared total is already paid out).
    function claim(uint256 actorSeed) external tracked {
        _syncLive();
        if (_liveModelRoot == bytes32(0)) return;
        uint256 i = bound(actorSeed, 0, ACTORS - 1);
        MerkleTreeBuilder.Tree memory tree = MerkleTreeBuilder.build(actors, _liveAmounts);
        _tryClaim(actors[i], _liveAmounts[i], tree.proof(i));
    }

    function claimAll() external tracked {
        _syncLive();
        if (_liveModelRoot == bytes32(0)) return;
        MerkleTreeBuilder.Tree memory tree = MerkleTreeBuilder.build(actors, _liveAmounts);
        bytes32[][] memory proofs = new bytes32[][](ACTORS);
        for (uint256 i = 0; i < ACTORS; i++) proofs[i] = tree.proof(i);
        uint256 before = token.balanceOf(address(distributor));
        (bytes32[] memory nodes, uint256[] memory lengths) = MerkleTreeBuilder.flatten(proofs);
        try distributor.claimMany(actors, _liveAmounts, nodes, lengths) {
            ghostPaid += before - token.balanceOf(address(distributor));
        } catch {}
    }

    /// @notice Tries to claim with a leaf of the root still in its window or under dispute; must never pay.
    function claimPending(uint256 actorSeed) external tracked {
        (, bytes32 pending,,,) = distributor.pendingRoot();
        if (pending == bytes32(0) || pending != proposedRoot) return;
        uint256 i = bound(actorSeed, 0, ACTORS - 1);
        MerkleTreeBuilder.Tree memory tree = MerkleTreeBuilder.build(actors, _proposedAmounts);
        bytes32[] memory proof = tree.proof(i);
        try distributor.claim(actors[i], _proposedAmounts[i], proof) {
            claimedAgainstPending = true;
        } catch {}
    }

    // ---------------------------------------------------------------- views for the invariants

    function actorCount() external pure returns (uint256) {
        return ACTORS;
    }

    function proposedAmount(uint256 i) external view returns (uint256) {
        return _proposedAmounts[i];
    }

    function proposedProof(uint256 i) external view returns (bytes32[] memory) {
        return MerkleTreeBuilder.build(actors, _proposedAmounts).proof(i);
    }

    // ---------------------------------------------------------------- internals

    function _tryClaim(address account, uint256 amount, bytes32[] memory proof) internal {
        uint256 before = token.balanceOf(account);
        try distributor.claim(account, amount, proof) {
            ghostPaid += token.balanceOf(account) - before;
        } catch {}
    }

    /// @dev Follows the distributor's live root into the model: when the proposed root has gone live (by time
    ///      or by ruling), its amounts become the live amounts.
    function _syncLive() internal {
        (, bytes32 live,) = distributor.liveRoot();
        if (live != bytes32(0) && live == proposedRoot && live != _liveModelRoot) {
            _liveModelRoot = live;
            for (uint256 i = 0; i < ACTORS; i++) _liveAmounts[i] = _proposedAmounts[i];
        }
    }

    function _recordClaimed() internal {
        for (uint256 i = 0; i < ACTORS; i++) {
            uint256 current = distributor.claimed(actors[i]);
            if (current < _lastClaimed[actors[i]]) claimedDecreased = true;
            _lastClaimed[actors[i]] = current;
        }
    }
}
