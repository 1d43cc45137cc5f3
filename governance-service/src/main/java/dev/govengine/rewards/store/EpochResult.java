package dev.govengine.rewards.store;

import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.tree.IndexedValue;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.types.LeafValue;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A computed epoch as the store takes it: the allocation, the cumulative amounts after it, and their tree, for the
 * distributor the root is meant for. The tree's values must be the cumulative amounts in address order, the order
 * an epoch's tree is built in (docs/REWARDS.md), because the stored rows are what the dump is rebuilt from.
 *
 * <p>The tree is either given built or, through {@link #treeAlongside}, still being built: the store sends the leaf
 * rows, which need only the allocation and each value's position, while the tree is hashed beside them.
 */
public final class EpochResult {
    private final Distributor distributor;
    private final Long policyVersion;
    private final EpochAllocation allocation;
    private final CumulativeAmounts cumulative;
    /** The cumulative amounts' accounts as the tree keeps them ({@link StandardMerkleTree#accountText(java.util.List)}). */
    private final ByteBuffer accountText;
    private final CompletableFuture<StandardMerkleTree> tree;

    /**
     * An epoch whose tree is built.
     *
     * @param policyVersion the RewardPolicy version the epoch was computed under; null when it was computed offline
     */
    public EpochResult(Distributor distributor, Long policyVersion, EpochAllocation allocation,
                       CumulativeAmounts cumulative, StandardMerkleTree tree) {
        this(distributor, policyVersion, allocation, cumulative, accountTextOf(tree, cumulative),
                CompletableFuture.completedFuture(tree));
    }

    private EpochResult(Distributor distributor, Long policyVersion, EpochAllocation allocation,
                        CumulativeAmounts cumulative, ByteBuffer accountText, CompletableFuture<StandardMerkleTree> tree) {
        this.distributor = Objects.requireNonNull(distributor, "distributor");
        this.policyVersion = policyVersion;
        this.allocation = Objects.requireNonNull(allocation, "allocation");
        this.cumulative = Objects.requireNonNull(cumulative, "cumulative");
        this.accountText = accountText;
        this.tree = tree;
    }

    /**
     * An epoch whose tree over {@code cumulative} (not empty) starts being built now, on a worker, and is done when
     * {@link #tree()} or the store needs it.
     */
    public static EpochResult treeAlongside(Distributor distributor, Long policyVersion, EpochAllocation allocation,
                                            CumulativeAmounts cumulative) {
        if (cumulative.isEmpty()) {
            throw new IllegalArgumentException("no account has been paid: there is no tree to build");
        }
        byte[] accountText = StandardMerkleTree.accountText(cumulative.leaves());
        return new EpochResult(distributor, policyVersion, allocation, cumulative,
                ByteBuffer.wrap(accountText).asReadOnlyBuffer(), CompletableFuture.supplyAsync(
                        () -> StandardMerkleTree.of(cumulative.leaves(), accountText), Infrastructure.getDefaultWorkerPool()));
    }

    private static ByteBuffer accountTextOf(StandardMerkleTree tree, CumulativeAmounts cumulative) {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(cumulative, "cumulative");
        if (tree.size() != cumulative.size()) {
            throw new IllegalArgumentException("the tree has " + tree.size() + " values, the cumulative amounts "
                    + cumulative.size());
        }
        Iterator<LeafValue> expected = cumulative.leaves().iterator();
        for (IndexedValue indexed : tree.values()) {
            LeafValue leaf = expected.next();
            if (!indexed.value().equals(leaf)) {
                throw new IllegalArgumentException("the tree's values are not the cumulative amounts in address order: "
                        + indexed.value().account() + " where " + leaf.account() + " was expected");
            }
        }
        return tree.accountText();
    }

    public Distributor distributor() {
        return distributor;
    }

    /** The RewardPolicy version the epoch was computed under; null when it was computed offline. */
    public Long policyVersion() {
        return policyVersion;
    }

    public EpochAllocation allocation() {
        return allocation;
    }

    public CumulativeAmounts cumulative() {
        return cumulative;
    }

    /** The tree, waiting for it if it is still being built; a failure to build it is thrown as it was. */
    public StandardMerkleTree tree() {
        try {
            return tree.join();
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    /** The tree when it is built. */
    CompletableFuture<StandardMerkleTree> treeBuilt() {
        return tree;
    }

    /** The values' accounts as ASCII, {@link StandardMerkleTree#ACCOUNT_CHARS} bytes each in value order, read in place. */
    ByteBuffer accountText() {
        return accountText.duplicate();
    }
}
