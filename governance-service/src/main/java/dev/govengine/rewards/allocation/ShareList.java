package dev.govengine.rewards.allocation;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * One program's shares, unmodifiable, held as columns and each {@link RecipientShare} made when it is read. At a
 * million recipients the shares as objects were 1.1 million of them, each keeping its input score's BigInteger live,
 * from the allocation through the tree and the store: a quarter of the objects that the collector's concurrent
 * marking went over, again and again, while every phase kept both cores busy (docs/BENCHMARKS.md). The scores are kept
 * as the longs {@link Scores} read them into when they fit.
 */
final class ShareList extends AbstractList<RecipientShare> implements RandomAccess {
    private final ChecksumAddress[] accounts;
    /** The scores, null when their total does not fit a long; then {@link #largeScores} holds them. */
    private final long[] scores;
    private final BigInteger[] largeScores;
    private final BigInteger[] amounts;
    private final boolean[] capped;

    /** Takes the arrays as they are: the caller hands them over and changes them no more. */
    ShareList(ChecksumAddress[] accounts, Scores scores, BigInteger[] amounts, boolean[] capped) {
        if (scores.length() != accounts.length || amounts.length != accounts.length || capped.length != accounts.length) {
            throw new IllegalArgumentException("columns of different lengths");
        }
        this.accounts = accounts;
        this.scores = scores.longs();
        this.largeScores = this.scores == null ? scores.values() : null;
        this.amounts = amounts;
        this.capped = capped;
    }

    @Override
    public RecipientShare get(int index) {
        return new RecipientShare(accounts[index], scores == null ? largeScores[index] : BigInteger.valueOf(scores[index]),
                amounts[index], capped[index]);
    }

    @Override
    public int size() {
        return accounts.length;
    }

    /** Share {@code index}'s account, read without making the share. */
    ChecksumAddress account(int index) {
        return accounts[index];
    }

    /** Share {@code index}'s amount, read without making the share. */
    BigInteger amount(int index) {
        return amounts[index];
    }
}
