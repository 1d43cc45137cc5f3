package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;

/**
 * A proposal as indexed, with its derived state and tally. {@code newestBlock} is the latest block any of its
 * facts came from: the proposal is final once that block is.
 */
public record ProposalRecord(
        String governorId,
        BigInteger proposalId,
        ChecksumAddress proposer,
        String title,
        String description,
        ProposalState state,
        BigInteger voteStart,
        BigInteger voteEnd,
        BigInteger quorum,
        Tally tally,
        BigInteger eta,
        long createdBlock,
        String createdTxHash,
        long newestBlock) {
}
