package dev.govengine.governance;

import java.math.BigInteger;
import java.time.Instant;

/**
 * When a timepoint is (seconds since the epoch, UTC): a block's own timestamp, or, for a block the index has no
 * header of yet (a future snapshot or deadline on a block clock), an estimate from the chain's recent block time.
 */
public record BlockTime(long seconds, boolean estimated) {
    private static final BigInteger EARLIEST = BigInteger.valueOf(Instant.MIN.getEpochSecond());
    private static final BigInteger LATEST = BigInteger.valueOf(Instant.MAX.getEpochSecond());

    public static BlockTime known(long seconds) {
        return new BlockTime(seconds, false);
    }

    /** Null beyond what an ISO-8601 instant can say: a Governor may schedule any uint48. */
    static BlockTime of(BigInteger seconds, boolean estimated) {
        return seconds.compareTo(EARLIEST) < 0 || seconds.compareTo(LATEST) > 0 ? null
                : new BlockTime(seconds.longValueExact(), estimated);
    }
}
