package dev.govengine.rewards.allocation;

import dev.govengine.chain.ChecksumAddress;
import dev.govengine.rewards.tree.LeafValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All that each account has ever earned: the amounts the distributor's tree holds. The distributor pays a claim as
 * {@code cumulative - claimed}, so a later tree only has to add, never to know what was claimed.
 */
public final class CumulativeAmounts {
    private final SortedMap<ChecksumAddress, BigInteger> amounts;

    private CumulativeAmounts(SortedMap<ChecksumAddress, BigInteger> amounts) {
        this.amounts = Collections.unmodifiableSortedMap(amounts);
    }

    public static CumulativeAmounts empty() {
        return new CumulativeAmounts(new TreeMap<>());
    }

    public static CumulativeAmounts of(Map<ChecksumAddress, BigInteger> amounts) {
        TreeMap<ChecksumAddress, BigInteger> copy = new TreeMap<>();
        amounts.forEach((account, amount) -> copy.put(account, new LeafValue(account, amount).amount()));
        return new CumulativeAmounts(copy);
    }

    /** The next epoch's cumulative amounts: this one's plus the epoch's payouts. */
    public CumulativeAmounts plus(List<Payout> payouts) {
        TreeMap<ChecksumAddress, BigInteger> next = new TreeMap<>(amounts);
        for (Payout payout : payouts) {
            BigInteger sum = next.getOrDefault(payout.account(), BigInteger.ZERO).add(payout.amount());
            next.put(payout.account(), new LeafValue(payout.account(), sum).amount());
        }
        return new CumulativeAmounts(next);
    }

    public SortedMap<ChecksumAddress, BigInteger> amounts() {
        return amounts;
    }

    public BigInteger total() {
        return amounts.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** The tree's values, in address order so that equal amounts give an equal dump. */
    public List<LeafValue> leaves() {
        List<LeafValue> leaves = new ArrayList<>(amounts.size());
        amounts.forEach((account, amount) -> leaves.add(new LeafValue(account, amount)));
        return leaves;
    }
}
