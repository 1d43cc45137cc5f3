// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title RollupContributions
/// @notice Stand-in for a rollup's L1 contracts on devnets and in tests. Its only job is to emit the three
///         contribution events the engine indexes (sequencer batches, validity proofs, fraud-proof challenges),
///         with the same shapes a real rollup's events are mapped from. It verifies nothing.
/// @dev Deployed with `permissionless = true` (devnets, tests), anyone may report, so anyone could mint themselves
///      the rollup reward pool: the engine scores such a contract outside a devnet only if the operator vouches
///      for it. Deployed with `permissionless = false`, only REPORTER_ROLE holders report; the caller is still the
///      contributor of a batch or a proof, so each sequencer or prover is granted the role.
contract RollupContributions is AccessControl {
    bytes32 public constant REPORTER_ROLE = keccak256("REPORTER_ROLE");

    /// @notice Whether anyone may report, rather than REPORTER_ROLE holders only.
    bool public immutable permissionless;

    /// @notice Number of batches submitted so far; the next batch gets this index.
    uint256 public batchCount;

    event BatchSubmitted(uint256 indexed batchIndex, address indexed submitter, uint256 txCount, bytes32 dataHash);
    event ProofSubmitted(uint256 indexed batchIndex, address indexed prover);
    event ChallengeResolved(uint256 indexed batchIndex, address indexed challenger, bool challengerWon);

    error UnknownBatch(uint256 batchIndex);
    error ZeroAddress();

    /// @param admin Gets DEFAULT_ADMIN_ROLE: grants and revokes REPORTER_ROLE.
    /// @param permissionless_ Whether anyone may report (devnets and tests only).
    constructor(address admin, bool permissionless_) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        permissionless = permissionless_;
    }

    modifier onlyReporter() {
        if (!permissionless) _checkRole(REPORTER_ROLE);
        _;
    }

    /// @notice Records a batch posted by the caller.
    /// @return batchIndex The new batch's index.
    function submitBatch(uint256 txCount, bytes32 dataHash) external onlyReporter returns (uint256 batchIndex) {
        batchIndex = batchCount++;
        emit BatchSubmitted(batchIndex, msg.sender, txCount, dataHash);
    }

    /// @notice Records the caller as the prover of an existing batch.
    function submitProof(uint256 batchIndex) external onlyReporter {
        if (batchIndex >= batchCount) revert UnknownBatch(batchIndex);
        emit ProofSubmitted(batchIndex, msg.sender);
    }

    /// @notice Records the outcome of a challenge against an existing batch.
    function resolveChallenge(uint256 batchIndex, address challenger, bool challengerWon) external onlyReporter {
        if (batchIndex >= batchCount) revert UnknownBatch(batchIndex);
        if (challenger == address(0)) revert ZeroAddress();
        emit ChallengeResolved(batchIndex, challenger, challengerWon);
    }
}
