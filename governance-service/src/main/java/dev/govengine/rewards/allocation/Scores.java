package dev.govengine.rewards.allocation;

import java.math.BigInteger;

/**
 * One program's scores, by position, with their total. A million scores are a million objects scattered over the
 * heap (allocated in input order, read in address order): water-filling and the largest remainder went through
 * them six times, and that memory latency was most of the allocation's CPU. Here they are read once, into an array
 * of longs when their total fits (below 2^62, so that every score does too), which the passes read instead.
 */
final class Scores {
    /** Below 2^62, two remainders (each below the total) still add up within a long. */
    static final int LONG_TOTAL_BITS = Long.SIZE - 2;

    private final BigInteger[] values;
    private final long[] longs;
    private final BigInteger total;

    private Scores(BigInteger[] values, long[] longs, BigInteger total) {
        this.values = values;
        this.longs = total.bitLength() <= LONG_TOTAL_BITS ? longs : null;
        this.total = total;
    }

    /** The scores {@code values}, position by position, and their exact total. */
    static Scores of(BigInteger[] values) {
        long[] longs = new long[values.length];
        BigInteger total = BigInteger.ZERO;
        // The sum is kept in a long while it fits there: a BigInteger for every addition would cost more than the pass.
        long pending = 0;
        for (int i = 0; i < values.length; i++) {
            BigInteger value = values[i];
            if (value.bitLength() >= Long.SIZE) {
                total = total.add(value);
            } else {
                long small = value.longValue();
                longs[i] = small;
                if (pending > Long.MAX_VALUE - small) {
                    total = total.add(BigInteger.valueOf(pending));
                    pending = 0;
                }
                pending += small;
            }
        }
        return new Scores(values, longs, total.add(BigInteger.valueOf(pending)));
    }

    int length() {
        return values.length;
    }

    BigInteger value(int position) {
        return values[position];
    }

    /** The scores as given, position by position: not to be changed. */
    BigInteger[] values() {
        return values;
    }

    int signum(int position) {
        return longs != null ? Long.signum(longs[position]) : values[position].signum();
    }

    /** The scores as longs, position by position; null when their total is 2^62 or more. */
    long[] longs() {
        return longs;
    }

    BigInteger total() {
        return total;
    }

    /** These scores without the positions {@code dropped} marks ({@code count} of them), in the same order. */
    Scores without(boolean[] dropped, int count) {
        if (count == 0) {
            return this;
        }
        BigInteger[] keptValues = new BigInteger[values.length - count];
        long[] keptLongs = new long[keptValues.length];
        BigInteger keptTotal = BigInteger.ZERO;
        for (int i = 0, k = 0; i < values.length; i++) {
            if (!dropped[i]) {
                keptValues[k] = values[i];
                keptLongs[k] = values[i].longValue();
                keptTotal = keptTotal.add(values[i]);
                k++;
            }
        }
        return new Scores(keptValues, keptLongs, keptTotal);
    }
}
