package dev.govengine.rewards.allocation;

import dev.govengine.types.ChecksumAddress;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Sorts by account, stably. A comparison sort of a million items spends most of its time fetching scattered address
 * objects from memory, some twenty times each. Here each address is read once, for a long key of its leading bits
 * followed by the item's position, and the keys are sorted as plain longs; only items whose addresses share those
 * leading bits, rare among real addresses, are then compared in full.
 */
final class AccountOrder {
    private AccountOrder() {
    }

    static <T> void sort(T[] items, Function<? super T, ChecksumAddress> account) {
        if (inOrder(items, account)) {
            // An epoch's payouts come out of the allocation in address order: one pass spares the sort.
            return;
        }
        int positionBits = Integer.SIZE - Integer.numberOfLeadingZeros(items.length - 1);
        long[] keys = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            long leading = account.apply(items[i]).leadingBits() >>> positionBits << positionBits;
            // Flipping the top bit makes the signed order of the keys the unsigned order of the addresses.
            keys[i] = (leading | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        T[] unsorted = items.clone();
        long positionMask = (1L << positionBits) - 1;
        for (int i = 0; i < items.length; i++) {
            items[i] = unsorted[(int) (keys[i] & positionMask)];
        }
        // Items whose addresses share the key's bits are still in position order.
        Comparator<T> byAccount = Comparator.comparing(account);
        int from = 0;
        while (from < items.length) {
            int to = from + 1;
            while (to < items.length && keys[to] >>> positionBits == keys[from] >>> positionBits) {
                to++;
            }
            if (to - from > 1) {
                Arrays.sort(items, from, to, byAccount);
            }
            from = to;
        }
    }

    /** Checked on every core: each comparison reads two addresses scattered over the heap. */
    private static <T> boolean inOrder(T[] items, Function<? super T, ChecksumAddress> account) {
        return IntStream.range(1, items.length).parallel()
                .allMatch(i -> account.apply(items[i - 1]).compareTo(account.apply(items[i])) <= 0);
    }
}
