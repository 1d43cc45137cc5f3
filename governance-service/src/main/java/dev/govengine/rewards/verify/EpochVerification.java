package dev.govengine.rewards.verify;

import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.lifecycle.EpochChain;
import dev.govengine.rewards.store.StoredEpoch;
import dev.govengine.types.Bytes32;
import java.math.BigInteger;
import java.util.Optional;

/**
 * What {@code epoch verify} found for one epoch. A {@link Verdict#CANNOT_VERIFY} carries only the reason: no partial
 * recomputation is shown, since an epoch whose inputs may still change proves nothing either way. For the pending
 * root ({@code --pending}), {@code epoch} is 0 when there is none ({@link Verdict#NOTHING_PENDING}) or when it is
 * for an epoch that cannot have been computed yet (a {@link Verdict#MISMATCH} with only the reason).
 *
 * @param recomputed the recomputation; null when the epoch cannot be verified
 * @param onChain the distributor's {@code epochRoot(epoch)}; null when the epoch cannot be verified
 * @param stored what this database's lifecycle stored for the epoch, if anything
 */
public record EpochVerification(long epoch, Verdict verdict, String reason, Recomputed recomputed,
        EpochChain.RootOnChain onChain, Optional<StoredEpoch> stored) {

    public enum Verdict {
        /** The distributor holds the recomputed root and total. */
        MATCH,
        /** The distributor holds another root or total: what a disputer disputes. */
        MISMATCH,
        /** The epoch cannot be checked now; {@code reason} says what it waits for. */
        CANNOT_VERIFY,
        /** Asked for the pending root, and the distributor holds none. */
        NOTHING_PENDING
    }

    /**
     * The epoch as recomputed from the index and the chain. {@code root} is empty when nobody has been paid up to this
     * epoch, so there is no tree; {@code totalCumulative} is then zero.
     */
    public record Recomputed(long firstBlock, long endBlock, long policyVersion, int depinReceipts,
            int rollupContributions, int governanceVotes, EpochAllocation allocation, Optional<Bytes32> root,
            BigInteger totalCumulative, int leaves) {
    }

    static EpochVerification cannotVerify(long epoch, String reason) {
        return new EpochVerification(epoch, Verdict.CANNOT_VERIFY, reason, null, null, Optional.empty());
    }

    static EpochVerification nothingPending(String reason) {
        return new EpochVerification(0, Verdict.NOTHING_PENDING, reason, null, null, Optional.empty());
    }

    static EpochVerification prematureRoot(String reason) {
        return new EpochVerification(0, Verdict.MISMATCH, reason, null, null, Optional.empty());
    }

    /** Whether the stored result has the recomputed root; empty when nothing is stored (or nothing recomputed). */
    public Optional<Boolean> storedAgrees() {
        if (recomputed == null || stored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(recomputed.root().equals(Optional.of(stored.get().root()))
                && recomputed.totalCumulative().equals(stored.get().totalCumulative()));
    }
}
