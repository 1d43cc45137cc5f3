package dev.govengine.rewards.allocation;

import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * All that each account has ever earned: the amounts the distributor's tree holds. The distributor pays a claim as
 * {@code cumulative - claimed}, so a later tree only has to add, never to know what was claimed.
 *
 * <p>Held as the tree's values in address order, one per account: adding an epoch is then a merge of two sorted
 * sequences, and the tree's values need no copy.
 */
public final class CumulativeAmounts {
    private static final CumulativeAmounts EMPTY = new CumulativeAmounts(List.of());
    private static final Comparator<LeafValue> BY_ACCOUNT = Comparator.comparing(LeafValue::account);

    private final List<LeafValue> leaves;

    private CumulativeAmounts(List<LeafValue> leaves) {
        this.leaves = Collections.unmodifiableList(leaves);
    }

    public static CumulativeAmounts empty() {
        return EMPTY;
    }

    public static CumulativeAmounts of(Map<ChecksumAddress, BigInteger> amounts) {
        LeafValue[] leaves = new LeafValue[amounts.size()];
        int i = 0;
        for (Map.Entry<ChecksumAddress, BigInteger> entry : amounts.entrySet()) {
            leaves[i++] = new LeafValue(entry.getKey(), entry.getValue());
        }
        AccountOrder.sort(leaves, LeafValue::account);
        return new CumulativeAmounts(Arrays.asList(leaves));
    }

    /** The next epoch's cumulative amounts: this one's plus the epoch's payouts, which may come in any order. */
    public CumulativeAmounts plus(List<Payout> payouts) {
        Payout[] added = payouts.toArray(Payout[]::new);
        AccountOrder.sort(added, Payout::account);
        List<LeafValue> next = new ArrayList<>(leaves.size() + added.length);
        int held = 0;
        int add = 0;
        while (add < added.length) {
            ChecksumAddress account = added[add].account();
            while (held < leaves.size() && leaves.get(held).account().compareTo(account) < 0) {
                next.add(leaves.get(held++));
            }
            BigInteger sum = BigInteger.ZERO;
            if (held < leaves.size() && leaves.get(held).account().equals(account)) {
                sum = leaves.get(held++).amount();
            }
            for (; add < added.length && added[add].account().equals(account); add++) {
                sum = sum.add(added[add].amount());
            }
            next.add(new LeafValue(account, sum));
        }
        next.addAll(leaves.subList(held, leaves.size()));
        return new CumulativeAmounts(next);
    }

    public int size() {
        return leaves.size();
    }

    public boolean isEmpty() {
        return leaves.isEmpty();
    }

    /** What {@code account} has earned in all, zero if it has never been paid. */
    public BigInteger amountOf(ChecksumAddress account) {
        int index = Collections.binarySearch(leaves, new LeafValue(account, BigInteger.ZERO), BY_ACCOUNT);
        return index < 0 ? BigInteger.ZERO : leaves.get(index).amount();
    }

    public BigInteger total() {
        BigInteger total = BigInteger.ZERO;
        for (LeafValue leaf : leaves) {
            total = total.add(leaf.amount());
        }
        return total;
    }

    /** The tree's values, in address order so that equal amounts give an equal dump. */
    public List<LeafValue> leaves() {
        return leaves;
    }
}
