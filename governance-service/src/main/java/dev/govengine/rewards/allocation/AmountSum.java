package dev.govengine.rewards.allocation;

import java.math.BigInteger;

/**
 * A running sum of amounts, kept in a long for as long as it fits. Summed as BigIntegers, the store's totals over a
 * million leaves made a new BigInteger per addition, about 120 MB of garbage (JFR's allocation samples) that the
 * collector cleared while the leaf rows went in, copying the epoch's live objects each time. Nearly every amount and
 * every partial sum fits a long; what does not goes to a BigInteger part, so the sum is exact for any amounts.
 */
public final class AmountSum {
    private long small;
    private BigInteger large = BigInteger.ZERO;

    public void add(BigInteger amount) {
        if (amount.signum() >= 0 && amount.bitLength() < Long.SIZE - 1) {
            long sum = small + amount.longValue();
            // Two longs below 2^63 overflow into the sign bit, and only there.
            if (sum >= 0) {
                small = sum;
                return;
            }
        }
        large = large.add(amount);
    }

    public BigInteger total() {
        return large.add(BigInteger.valueOf(small));
    }
}
