package dev.govengine.governance;

import java.math.BigInteger;

/** GovernorCountingSimple's three sums and how many accounts voted. */
public record Tally(BigInteger against, BigInteger forVotes, BigInteger abstain, long voters) {
    public static final Tally EMPTY = new Tally(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, 0);
}
