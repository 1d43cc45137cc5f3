package dev.govengine.submission;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EIP-1559 fees from a fee history: max fee = the pending block's base fee times {@code baseFeeMultiplierPercent}
 * / 100, plus the priority fee, which is the median over the blocks of each block's {@code priorityFeePercentile}
 * reward, at least {@code minPriorityFeePerGas}. Nothing is ever signed above {@code maxFeePerGas}. Integer
 * arithmetic only, so the same history always gives the same fees.
 */
public record FeePolicy(int historyBlocks, int priorityFeePercentile, BigInteger minPriorityFeePerGas,
        int baseFeeMultiplierPercent, BigInteger maxFeePerGas) {
    /** Nodes refuse a replacement unless both fees rise by at least 10% (geth's and Anvil's price bump). */
    static final int REPLACEMENT_BUMP_PERCENT = 10;
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    /** The market as eth_feeHistory shows it: the pending block's base fee and the priority fee to offer. */
    public record Market(BigInteger pendingBaseFee, BigInteger priorityFee) {
    }

    /**
     * @param pendingBaseFee the last entry of eth_feeHistory's baseFeePerGas: the base fee of the block after the
     *                       newest one asked for
     * @param rewards        per block, the reward at {@link #priorityFeePercentile}
     */
    public Market market(BigInteger pendingBaseFee, List<BigInteger> rewards) {
        List<BigInteger> sorted = new ArrayList<>(rewards);
        sorted.sort(null);
        BigInteger median = sorted.isEmpty() ? BigInteger.ZERO : sorted.get((sorted.size() - 1) / 2);
        return new Market(pendingBaseFee, median.max(minPriorityFeePerGas));
    }

    /**
     * Fees for a new transaction, or empty while the cap is below what the next block needs (base fee plus
     * priority fee): such a transaction could not be mined, so the caller waits instead.
     */
    public Optional<Fees> initial(Market market) {
        BigInteger needed = market.pendingBaseFee().add(market.priorityFee());
        if (needed.compareTo(maxFeePerGas) > 0) {
            return Optional.empty();
        }
        BigInteger wanted = percent(market.pendingBaseFee(), baseFeeMultiplierPercent).add(market.priorityFee());
        return Optional.of(new Fees(wanted.min(maxFeePerGas), market.priorityFee()));
    }

    /**
     * Fees for a replacement of {@code previous}: at least {@value #REPLACEMENT_BUMP_PERCENT}% more on both fields,
     * and at least what a new transaction would offer now. Empty if that would exceed the cap.
     */
    public Optional<Fees> replacement(Fees previous, Market market) {
        BigInteger priority = bumped(previous.maxPriorityFeePerGas()).max(market.priorityFee());
        BigInteger maxFee = bumped(previous.maxFeePerGas())
                .max(percent(market.pendingBaseFee(), baseFeeMultiplierPercent).add(priority));
        if (maxFee.compareTo(maxFeePerGas) > 0) {
            BigInteger minimum = bumped(previous.maxFeePerGas()).max(market.pendingBaseFee().add(priority));
            if (minimum.compareTo(maxFeePerGas) > 0) {
                return Optional.empty();
            }
            maxFee = maxFeePerGas;
        }
        return Optional.of(new Fees(maxFee, priority));
    }

    /** The value raised by the bump percentage, rounded up, and by at least one wei. */
    static BigInteger bumped(BigInteger value) {
        BigInteger raised = value.multiply(BigInteger.valueOf(100 + REPLACEMENT_BUMP_PERCENT)).add(BigInteger.valueOf(99))
                .divide(HUNDRED);
        return raised.max(value.add(BigInteger.ONE));
    }

    private static BigInteger percent(BigInteger value, int percent) {
        return value.multiply(BigInteger.valueOf(percent)).divide(HUNDRED);
    }
}
