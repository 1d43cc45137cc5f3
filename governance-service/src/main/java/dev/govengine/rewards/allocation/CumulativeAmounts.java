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
import java.util.stream.IntStream;

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
    /** Below this many payouts, an epoch's merge is not worth a second thread. */
    private static final int SLICE_AT_LEAST = 1 << 15;

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

    /**
     * The next epoch's cumulative amounts: this one's plus the epoch's payouts, which may come in any order. A
     * million accounts' merge is a million reads of addresses scattered over the heap, so it runs in slices of the
     * payouts side by side, one per core, each with the held amounts of its part of the address range.
     */
    public CumulativeAmounts plus(List<Payout> payouts) {
        Payout[] added = payouts.toArray(Payout[]::new);
        AccountOrder.sort(added, Payout::account);
        int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), added.length / SLICE_AT_LEAST));
        int[] addFrom = new int[slices + 1];
        int[] heldFrom = new int[slices + 1];
        addFrom[slices] = added.length;
        heldFrom[slices] = leaves.size();
        for (int slice = 1; slice < slices; slice++) {
            int add = Math.max(addFrom[slice - 1], (int) ((long) added.length * slice / slices));
            // An account's payouts add up in one slice.
            while (add > 0 && add < added.length && added[add].account().equals(added[add - 1].account())) {
                add++;
            }
            addFrom[slice] = add;
            heldFrom[slice] = add < added.length ? firstAtOrAfter(added[add].account()) : leaves.size();
        }
        List<List<LeafValue>> merged = IntStream.range(0, slices).parallel()
                .mapToObj(slice -> merge(added, addFrom[slice], addFrom[slice + 1],
                        heldFrom[slice], heldFrom[slice + 1]))
                .toList();
        List<LeafValue> next = new ArrayList<>(merged.stream().mapToInt(List::size).sum());
        merged.forEach(next::addAll);
        return new CumulativeAmounts(next);
    }

    /** The held amounts from {@code held} to {@code heldEnd} plus the payouts from {@code add} to {@code addEnd}. */
    private List<LeafValue> merge(Payout[] added, int add, int addEnd, int held, int heldEnd) {
        List<LeafValue> next = new ArrayList<>(heldEnd - held + addEnd - add);
        while (add < addEnd) {
            ChecksumAddress account = added[add].account();
            while (held < heldEnd && leaves.get(held).account().compareTo(account) < 0) {
                next.add(leaves.get(held++));
            }
            BigInteger sum = BigInteger.ZERO;
            if (held < heldEnd && leaves.get(held).account().equals(account)) {
                sum = leaves.get(held++).amount();
            }
            for (; add < addEnd && added[add].account().equals(account); add++) {
                sum = sum.add(added[add].amount());
            }
            next.add(new LeafValue(account, sum));
        }
        next.addAll(leaves.subList(held, heldEnd));
        return next;
    }

    /** The position of the first held amount whose account is {@code account} or after it. */
    private int firstAtOrAfter(ChecksumAddress account) {
        int index = Collections.binarySearch(leaves, new LeafValue(account, BigInteger.ZERO), BY_ACCOUNT);
        return index < 0 ? -index - 1 : index;
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
        AmountSum total = new AmountSum();
        for (LeafValue leaf : leaves) {
            total.add(leaf.amount());
        }
        return total.total();
    }

    /** The tree's values, in address order so that equal amounts give an equal dump. */
    public List<LeafValue> leaves() {
        return leaves;
    }
}
