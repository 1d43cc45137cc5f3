package dev.govengine.governance;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;

/** One VoteCast as indexed; final once its block is at or below the finalized block. */
public record VoteRecord(String governorId, BigInteger proposalId, ChecksumAddress voter, VoteSupport support,
        BigInteger weight, String reason, String params, long blockNumber, String txHash, int logIndex,
        boolean isFinal) {

    public ProposalKey proposal() {
        return new ProposalKey(governorId, proposalId);
    }
}
