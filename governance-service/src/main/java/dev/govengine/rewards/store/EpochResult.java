package dev.govengine.rewards.store;

import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.tree.IndexedValue;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.types.LeafValue;
import java.util.Iterator;
import java.util.Objects;

/**
 * A computed epoch as the store takes it: the allocation, the cumulative amounts after it, and their tree, for the
 * distributor the root is meant for. The tree's values must be the cumulative amounts in address order, the order
 * an epoch's tree is built in (docs/REWARDS.md), because the stored rows are what the dump is rebuilt from.
 *
 * @param policyVersion the RewardPolicy version the epoch was computed under; null when it was computed offline
 */
public record EpochResult(Distributor distributor, Long policyVersion, EpochAllocation allocation,
                          CumulativeAmounts cumulative, StandardMerkleTree tree) {
    public EpochResult {
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(cumulative, "cumulative");
        Objects.requireNonNull(tree, "tree");
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
    }
}
