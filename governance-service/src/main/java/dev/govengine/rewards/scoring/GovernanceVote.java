package dev.govengine.rewards.scoring;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Weight a voter cast in one counted proposal (one that closed within the epoch, reached its quorum and was not
 * canceled). A voter may have several for one proposal, fractional counting's partial votes for example: scoring adds
 * them up before anything else, so each voter counts once per proposal.
 */
public record GovernanceVote(BigInteger proposalId, ChecksumAddress voter, BigInteger weight) {
    public GovernanceVote {
        Objects.requireNonNull(proposalId, "proposalId");
        if (proposalId.signum() < 0) {
            throw new IllegalArgumentException("proposal id " + proposalId + " is negative");
        }
        Objects.requireNonNull(voter, "voter");
        Objects.requireNonNull(weight, "weight");
        if (weight.signum() < 0) {
            throw new IllegalArgumentException("weight " + weight + " of " + voter + " is negative");
        }
    }
}
