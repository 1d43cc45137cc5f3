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

    /**
     * The exact sum of the scores, kept in a long while it fits there: a BigInteger for every addition would be most
     * of the cost of a total over a million scores.
     */
    public static BigInteger total(Score[] scores) {
        BigInteger total = BigInteger.ZERO;
        long pending = 0;
        for (Score score : scores) {
            if (score.score().bitLength() >= Long.SIZE) {
                total = total.add(score.score());
            } else {
                long value = score.score().longValue();
                if (pending > Long.MAX_VALUE - value) {
                    total = total.add(BigInteger.valueOf(pending));
                    pending = 0;
                }
                pending += value;
            }
        }
        return total.add(BigInteger.valueOf(pending));
    }
}
