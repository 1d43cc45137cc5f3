package dev.govengine.rewards.computation;

import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.allocation.EpochAllocator;
import dev.govengine.rewards.allocation.EpochInput;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.rewards.policy.ScoringPolicy;
import dev.govengine.rewards.scoring.DepinReceipt;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.RollupEvent;
import dev.govengine.rewards.scoring.Scoring;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.types.Bytes32;
import java.math.BigInteger;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One epoch from its inputs to its cumulative tree: scoring, allocation, the cumulative step and the tree. The
 * offline {@code epoch compute}, the lifecycle and {@code epoch verify} all go through here, so the three cannot
 * disagree on a root.
 */
public final class EpochComputation {
    private EpochComputation() {
    }

    /** An epoch's contributions, as scoring takes them. */
    public record Contributions(List<DepinReceipt> depin, List<RollupEvent> rollup, List<GovernanceVote> governance) {
        public Contributions {
            depin = List.copyOf(depin);
            rollup = List.copyOf(rollup);
            governance = List.copyOf(governance);
        }
    }

    /** The outcome: {@code tree} is empty while no account has ever been paid, since a tree needs a leaf. */
    public record Result(EpochAllocation allocation, CumulativeAmounts cumulative, Optional<StandardMerkleTree> tree) {
        public Optional<Bytes32> root() {
            return tree.map(StandardMerkleTree::root);
        }
    }

    /**
     * The epoch without its tree, for a caller that builds the tree beside other work: the lifecycle stores the leaf
     * rows while the tree is hashed.
     */
    public record Allocated(EpochAllocation allocation, CumulativeAmounts cumulative) {
        /** The epoch with its tree built here. */
        public Result withTree() {
            return new Result(allocation, cumulative, cumulative.isEmpty() ? Optional.empty()
                    : Optional.of(StandardMerkleTree.of(cumulative.leaves())));
        }
    }

    public static Result compute(AllocationPolicy allocationPolicy, ScoringPolicy scoringPolicy, BigInteger budget,
            BigInteger carryIn, CumulativeAmounts previous, Contributions contributions) {
        return allocate(allocationPolicy, scoringPolicy, budget, carryIn, previous, contributions).withTree();
    }

    /** Scoring, allocation and the cumulative step: {@link #compute} but the tree. */
    public static Allocated allocate(AllocationPolicy allocationPolicy, ScoringPolicy scoringPolicy, BigInteger budget,
            BigInteger carryIn, CumulativeAmounts previous, Contributions contributions) {
        EpochAllocation allocation = EpochAllocator.allocate(allocationPolicy, new EpochInput(budget, carryIn,
                Scoring.score(scoringPolicy, contributions.depin(), contributions.rollup(), contributions.governance())));
        return new Allocated(allocation, previous.plus(allocation.payouts()));
    }

    /** The epoch under an indexed RewardPolicy version, its rollup weights named by {@code rollupKinds}. */
    public static Result compute(PolicySnapshot policy, Collection<String> rollupKinds, BigInteger carryIn,
            CumulativeAmounts previous, Contributions contributions) {
        return compute(allocationPolicy(policy), policy.scoringPolicy(rollupKinds), policy.budgetPerEpoch(), carryIn,
                previous, contributions);
    }

    /**
     * RewardPolicy has no leftover program, so the split's rounding leftover (under one base unit per program) goes
     * to the program with the largest share, the first in {@link Program} order on a tie: it moves that program's
     * pool the least, relatively.
     */
    public static AllocationPolicy allocationPolicy(PolicySnapshot policy) {
        return allocationPolicy(policy.depinBps(), policy.rollupBps(), policy.governanceBps(), policy.recipientCapBps(),
                policy.minPayout());
    }

    /** As above, from the policy's values (an epoch's inputs document carries them). */
    public static AllocationPolicy allocationPolicy(int depinBps, int rollupBps, int governanceBps, int recipientCapBps,
            BigInteger minPayout) {
        Map<Program, Integer> split = new EnumMap<>(Program.class);
        split.put(Program.DEPIN, depinBps);
        split.put(Program.ROLLUP, rollupBps);
        split.put(Program.GOVERNANCE, governanceBps);
        Program leftover = Program.DEPIN;
        for (Program program : Program.values()) {
            if (split.get(program) > split.get(leftover)) {
                leftover = program;
            }
        }
        return new AllocationPolicy(split, leftover, recipientCapBps, minPayout);
    }
}
