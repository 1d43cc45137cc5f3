package dev.govengine.rewards.store;

import dev.govengine.chain.ChecksumAddress;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.tree.IndexedValue;
import dev.govengine.rewards.tree.StandardMerkleTree;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
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
        if (tree.size() != cumulative.amounts().size()) {
            throw new IllegalArgumentException("the tree has " + tree.size() + " values, the cumulative amounts "
                    + cumulative.amounts().size());
        }
        Iterator<Map.Entry<ChecksumAddress, BigInteger>> amounts = cumulative.amounts().entrySet().iterator();
        for (IndexedValue indexed : tree.values()) {
            Map.Entry<ChecksumAddress, BigInteger> expected = amounts.next();
            if (!indexed.value().account().equals(expected.getKey()) || !indexed.value().amount().equals(expected.getValue())) {
                throw new IllegalArgumentException("the tree's values are not the cumulative amounts in address order: "
                        + indexed.value().account() + " where " + expected.getKey() + " was expected");
            }
        }
    }
}
