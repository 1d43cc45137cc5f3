package dev.govengine.governance;

import java.math.BigInteger;

/**
 * The indexed heads of one Governor at which a value derived from its head reads the same: an inclusive range of
 * indexed block numbers and an inclusive range of the indexed block's timestamp. A proposal's state, its finality
 * and its timeline change only where the head crosses a known timepoint, so a value read at one head still holds at
 * every head inside its range, and an answer made of such values can be served until the head leaves the range.
 */
public record HeadRange(long fromBlock, long toBlock, long fromTime, long toTime) {
    public static final HeadRange ALWAYS = new HeadRange(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE);

    /** Heads whose block number lies in [{@code from}, {@code to}]. */
    public static HeadRange blocks(long from, long to) {
        return new HeadRange(from, to, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Heads whose reading of the Governor's clock lies in [{@code from}, {@code to}], null for no bound: the block
     * number, or the block's timestamp in timestamp mode. Timepoints beyond a long are unbounded, as no head reaches
     * them.
     */
    public static HeadRange clock(boolean timestampClock, BigInteger from, BigInteger to) {
        long lower = from == null ? Long.MIN_VALUE : clamp(from);
        long upper = to == null ? Long.MAX_VALUE : clamp(to);
        return timestampClock ? new HeadRange(Long.MIN_VALUE, Long.MAX_VALUE, lower, upper)
                : new HeadRange(lower, upper, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public HeadRange intersect(HeadRange other) {
        return new HeadRange(Math.max(fromBlock, other.fromBlock), Math.min(toBlock, other.toBlock),
                Math.max(fromTime, other.fromTime), Math.min(toTime, other.toTime));
    }

    /**
     * Whether a head at {@code block}, whose header carries {@code timestamp} (null when it is not stored), lies in
     * this range; an unknown timestamp lies only in a range that does not bound time.
     */
    public boolean contains(long block, Long timestamp) {
        if (block < fromBlock || block > toBlock) {
            return false;
        }
        if (fromTime == Long.MIN_VALUE && toTime == Long.MAX_VALUE) {
            return true;
        }
        return timestamp != null && timestamp >= fromTime && timestamp <= toTime;
    }

    private static long clamp(BigInteger timepoint) {
        if (timepoint.bitLength() < Long.SIZE) {
            return timepoint.longValueExact();
        }
        return timepoint.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
}
