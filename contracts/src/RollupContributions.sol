// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RollupContributions
/// @notice Stand-in for a rollup's L1 contracts on devnets and in tests. Its only job is to emit the three
///         contribution events the engine indexes (sequencer batches, validity proofs, fraud-proof challenges),
///         with the same shapes a real rollup's events are mapped from. It verifies nothing and is
///         permissionless on purpose; a production deployment points the engine at the real rollup instead.
contract RollupContributions {
    /// @notice Number of batches submitted so far; the next batch gets this index.
    uint256 public batchCount;

    event BatchSubmitted(uint256 indexed batchIndex, address indexed submitter, uint256 txCount, bytes32 dataHash);
    event ProofSubmitted(uint256 indexed batchIndex, address indexed prover);
    event ChallengeResolved(uint256 indexed batchIndex, address indexed challenger, bool challengerWon);

    error UnknownBatch(uint256 batchIndex);
    error ZeroAddress();

    /// @notice Records a batch posted by the caller.
    /// @return batchIndex The new batch's index.
    function submitBatch(uint256 txCount, bytes32 dataHash) external returns (uint256 batchIndex) {
        batchIndex = batchCount++;
        emit BatchSubmitted(batchIndex, msg.sender, txCount, dataHash);
    }

    /// @notice Records the caller as the prover of an existing batch.
    function submitProof(uint256 batchIndex) external {
        if (batchIndex >= batchCount) revert UnknownBatch(batchIndex);
        emit ProofSubmitted(batchIndex, msg.sender);
    }

    /// @notice Records the outcome of a challenge against an existing batch.
    function resolveChallenge(uint256 batchIndex, address challenger, bool challengerWon) external {
        if (batchIndex >= batchCount) revert UnknownBatch(batchIndex);
        if (challenger == address(0)) revert ZeroAddress();
        emit ChallengeResolved(batchIndex, challenger, challengerWon);
    }
}
