package dev.govengine.rewards.scoring;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;
import java.util.Objects;

/** A vote cast in a proposal whose voting closed within the epoch, with the voting weight it carried. */
public record GovernanceVote(ChecksumAddress voter, BigInteger weight) {
    public GovernanceVote {
        Objects.requireNonNull(voter, "voter");
        Objects.requireNonNull(weight, "weight");
        if (weight.signum() < 0) {
            throw new IllegalArgumentException("weight " + weight + " of " + voter + " is negative");
        }
    }
}
