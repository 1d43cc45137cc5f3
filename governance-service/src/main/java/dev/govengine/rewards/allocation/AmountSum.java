package dev.govengine.rewards.allocation;

import java.math.BigInteger;

/**
 * A running sum of amounts, kept in two longs for as long as the amounts fit. Summed as BigIntegers, the store's
 * totals over a million leaves made a new BigInteger per addition, about 120 MB of garbage (JFR's allocation samples)
 * that the collector cleared while the leaf rows went in, copying the epoch's live objects each time. The low long
 * is an unsigned 64-bit sum whose overflows are counted in the high one: an epoch's amounts are near 10^18, so a sum
 * kept below 2^63 overflowed every few leaves and sent every later amount to a BigInteger. What does not fit a long,
 * or is negative, goes to a BigInteger part, so the sum is exact for any amounts.
 */
public final class AmountSum {
    private static final BigInteger LOW_64_BITS = BigInteger.ONE.shiftLeft(Long.SIZE).subtract(BigInteger.ONE);

    private long low;
    /** How many times {@link #low} wrapped past 2^64: fewer than 2^63 additions cannot make this overflow. */
    private long carries;
    private BigInteger large = BigInteger.ZERO;

    public void add(BigInteger amount) {
        if (amount.signum() >= 0 && amount.bitLength() < Long.SIZE) {
            long sum = low + amount.longValue();
            // Unsigned, an addition wrapped exactly when the sum came out below what was there.
            if (Long.compareUnsigned(sum, low) < 0) {
                carries++;
            }
            low = sum;
            return;
        }
        large = large.add(amount);
    }

    public BigInteger total() {
        return large.add(BigInteger.valueOf(carries).shiftLeft(Long.SIZE)).add(BigInteger.valueOf(low).and(LOW_64_BITS));
    }
}
