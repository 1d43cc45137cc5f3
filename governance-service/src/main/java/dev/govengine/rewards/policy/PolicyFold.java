package dev.govengine.rewards.policy;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds RewardPolicy's events into one full snapshot per version. Each event carries the version it produced and the
 * contract bumps the version by one per change, so the fold can tell a repeated log (version already folded, skipped)
 * from a missing one (a gap, refused: the snapshots after it would be wrong).
 */
public final class PolicyFold {
    private PolicyFold() {
    }

    /** The policy before its first event: everything zero or empty, as a freshly created contract's storage. */
    public static PolicySnapshot empty(long chainId, ChecksumAddress policy) {
        return new PolicySnapshot(chainId, policy, 0, 0, 0, 0, BigInteger.ZERO, 0, 0, 0, Map.of(), Map.of(), 0,
                BigInteger.ZERO, GovernanceMode.LINEAR, new TreeSet<>());
    }

    /** The snapshots the changes produce after {@code latest}, in version order. */
    public static List<PolicySnapshot> fold(PolicySnapshot latest, List<PolicyChange> changes) {
        List<PolicySnapshot> produced = new ArrayList<>();
        PolicySnapshot current = latest;
        for (PolicyChange change : changes) {
            if (change.version() <= current.version()) {
                continue;
            }
            if (change.version() != current.version() + 1) {
                throw new IllegalStateException(current.policy() + ": policy version " + change.version()
                        + " follows version " + current.version() + "; a change is missing from the logs");
            }
            current = apply(current, change);
            produced.add(current);
        }
        return produced;
    }

    static PolicySnapshot apply(PolicySnapshot before, PolicyChange change) {
        long epochLength = before.epochLength();
        BigInteger budget = before.budgetPerEpoch();
        int depin = before.depinBps();
        int rollup = before.rollupBps();
        int governance = before.governanceBps();
        TreeMap<Integer, BigInteger> gpuWeights = new TreeMap<>(before.gpuClassWeights());
        TreeMap<String, BigInteger> kindWeights = new TreeMap<>(before.rollupKindWeights());
        int cap = before.recipientCapBps();
        BigInteger minPayout = before.minPayout();
        GovernanceMode mode = before.governanceMode();
        SortedSet<ChecksumAddress> verifiers = new TreeSet<>(before.verifiers());
        if (change instanceof PolicyChange.EpochLengthSet c) {
            epochLength = c.epochLength();
        } else if (change instanceof PolicyChange.BudgetPerEpochSet c) {
            budget = c.budgetPerEpoch();
        } else if (change instanceof PolicyChange.ProgramSplitSet c) {
            depin = c.depinBps();
            rollup = c.rollupBps();
            governance = c.governanceBps();
        } else if (change instanceof PolicyChange.GpuClassWeightSet c) {
            putOrRemove(gpuWeights, c.gpuClass(), c.weight());
        } else if (change instanceof PolicyChange.RollupKindWeightSet c) {
            putOrRemove(kindWeights, c.kindId(), c.weight());
        } else if (change instanceof PolicyChange.RecipientCapSet c) {
            cap = c.capBps();
        } else if (change instanceof PolicyChange.MinPayoutSet c) {
            minPayout = c.minPayout();
        } else if (change instanceof PolicyChange.GovernanceModeSet c) {
            mode = c.mode();
        } else if (change instanceof PolicyChange.VerifierAdded c) {
            verifiers.add(c.verifier());
        } else if (change instanceof PolicyChange.VerifierRemoved c) {
            verifiers.remove(c.verifier());
        }
        return new PolicySnapshot(before.chainId(), before.policy(), change.version(), change.position().blockNumber(),
                change.position().blockTimestamp(), epochLength, budget, depin, rollup, governance, gpuWeights,
                kindWeights, cap, minPayout, mode, verifiers);
    }

    /** A zero weight removes the key, as the contract drops it from its enumerable set. */
    private static <K> void putOrRemove(Map<K, BigInteger> weights, K key, BigInteger weight) {
        if (weight.signum() == 0) {
            weights.remove(key);
        } else {
            weights.put(key, weight);
        }
    }
}
