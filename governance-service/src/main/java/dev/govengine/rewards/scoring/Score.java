package dev.govengine.rewards.scoring;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Objects;

/** A recipient's score in one program for one epoch; shares are pro rata to it. */
public record Score(ChecksumAddress account, BigInteger score) {
    public Score {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(score, "score");
        if (score.signum() < 0) {
            throw new IllegalArgumentException("score " + score + " of " + account + " is negative");
        }
    }
}
