package dev.govengine.deployment;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything {@link Deployer} needs to deploy and wire the contract set. {@link #devnet} gives values that suit a
 * local chain (short delays, so that a demo passes a proposal in minutes).
 */
public record DeploymentSettings(Dao dao, Policy policy, Distribution distribution, Rollup rollup,
        List<Allocation> initialSupply) {
    public static final BigInteger ONE_TOKEN = BigInteger.TEN.pow(18);

    public DeploymentSettings {
        initialSupply = List.copyOf(initialSupply);
        // RewardPolicy refuses a shorter epoch: a root proposed at an epoch's end must be live or discarded before
        // the next epoch ends, whatever a disputer does. Said here, before a single transaction is sent.
        BigInteger minEpochLength = distribution.minEpochLength();
        if (policy.epochLengthSeconds().compareTo(minEpochLength) < 0) {
            throw new IllegalArgumentException("epoch length " + policy.epochLengthSeconds() + " s is shorter than the"
                    + " dispute period plus the resolution period (" + minEpochLength + " s)");
        }
    }

    /**
     * Token, timelock and Governor. The Governor takes its clock from the token, so voting delay and period count in
     * the token's {@link Clock}: blocks by default, seconds with {@link Clock#TIMESTAMP} (the names keep "Blocks",
     * as the deployment JSON's keys do).
     */
    public record Dao(
            String name,
            String tokenSymbol,
            BigInteger timelockDelaySeconds,
            BigInteger votingDelayBlocks,
            BigInteger votingPeriodBlocks,
            BigInteger proposalThreshold,
            BigInteger quorumNumerator,
            Clock clock) {

        /** A DAO on the block-number clock, OpenZeppelin's default. */
        public Dao(String name, String tokenSymbol, BigInteger timelockDelaySeconds, BigInteger votingDelayBlocks,
                BigInteger votingPeriodBlocks, BigInteger proposalThreshold, BigInteger quorumNumerator) {
            this(name, tokenSymbol, timelockDelaySeconds, votingDelayBlocks, votingPeriodBlocks, proposalThreshold,
                    quorumNumerator, Clock.BLOCK_NUMBER);
        }
    }

    /**
     * The token's ERC-6372 clock, which the Governor adopts: {@code GovernanceToken} counts blocks,
     * {@code TimestampGovernanceToken} counts seconds.
     */
    public enum Clock {
        BLOCK_NUMBER, TIMESTAMP
    }

    /** How a vote's weight becomes a governance participation score; ordinals match RewardPolicy.GovernanceMode. */
    public enum GovernanceMode {
        LINEAR, SQUARE_ROOT
    }

    /**
     * The initial RewardPolicy. Rollup kinds are given by name; the contract keys them by keccak256 of the name.
     * Amounts are in the token's base unit.
     */
    public record Policy(
            BigInteger epochLengthSeconds,
            BigInteger budgetPerEpoch,
            int depinBps,
            int rollupBps,
            int governanceBps,
            int recipientCapBps,
            BigInteger minPayout,
            GovernanceMode governanceMode,
            SortedMap<Integer, BigInteger> gpuClassWeights,
            SortedMap<String, BigInteger> rollupKindWeights,
            List<ChecksumAddress> verifiers) {

        public Policy {
            // Sorted copies: the same settings always produce the same transactions in the same order.
            gpuClassWeights = new TreeMap<>(gpuClassWeights);
            rollupKindWeights = new TreeMap<>(rollupKindWeights);
            verifiers = List.copyOf(verifiers);
        }

        public Policy withEpochs(BigInteger otherEpochLengthSeconds, BigInteger otherBudgetPerEpoch) {
            return new Policy(otherEpochLengthSeconds, otherBudgetPerEpoch, depinBps, rollupBps, governanceBps,
                    recipientCapBps, minPayout, governanceMode, gpuClassWeights, rollupKindWeights, verifiers);
        }
    }

    /**
     * The RewardDistributor: the engine's signer as updater, the guardian that may pause claims
     * (the zero address: none), the dispute window, the time governance has to rule on a dispute, the
     * bond and its floor for good (wei, non-zero), how many epochs past the live one a root may skip to, and its
     * funding. {@code roots} says who holds UPDATER_ROLE: the engine's signer ({@link RootSubmission#OPTIMISTIC},
     * Mode A), or the timelock ({@link RootSubmission#GOVERNANCE}, Mode B), in which case {@code updater} gets no
     * role at all: a signer that could also post directly would make the DAO's vote on each root optional.
     */
    public record Distribution(ChecksumAddress updater, ChecksumAddress guardian, BigInteger disputePeriodSeconds,
            BigInteger resolutionPeriodSeconds, BigInteger minDisputeBond, BigInteger disputeBond,
            BigInteger maxEpochSkip, BigInteger funding, RootSubmission roots) {

        /** RewardPolicy's floor of the epoch length: the dispute period plus the resolution period. */
        public BigInteger minEpochLength() {
            return disputePeriodSeconds.add(resolutionPeriodSeconds);
        }

        public Distribution withRoots(RootSubmission otherRoots) {
            return new Distribution(updater, guardian, disputePeriodSeconds, resolutionPeriodSeconds, minDisputeBond,
                    disputeBond, maxEpochSkip, funding, otherRoots);
        }

        public Distribution withPeriods(BigInteger otherDisputePeriodSeconds, BigInteger otherResolutionPeriodSeconds) {
            return new Distribution(updater, guardian, otherDisputePeriodSeconds, otherResolutionPeriodSeconds,
                    minDisputeBond, disputeBond, maxEpochSkip, funding, roots);
        }
    }

    /**
     * The RollupContributions stand-in: {@code permissionless} lets anyone report (devnets and tests); otherwise
     * only REPORTER_ROLE holders, granted by the timelock, report.
     */
    public record Rollup(boolean permissionless) {
    }

    /** How roots reach the distributor, as gov.submission.mode says; it decides who holds UPDATER_ROLE. */
    public enum RootSubmission {
        OPTIMISTIC, GOVERNANCE
    }

    /** Tokens minted to a holder as part of the initial voting supply. */
    public record Allocation(ChecksumAddress holder, BigInteger amount) {
    }

    /**
     * Devnet defaults: a one-minute timelock, a 300-block vote, hourly epochs of 10,000 tokens split 50/30/20
     * between DePIN, rollup and governance participation, three GPU classes, the three rollup kinds of
     * RollupContributions (permissionless), a ten-minute dispute window, half an hour for governance to rule on a
     * dispute (the two together fit in an epoch), a 1 ETH bond never below 0.1 ETH, roots up to a week of epochs
     * ahead of the live one, the engine's signer as guardian, and ten epochs of funding.
     */
    public static DeploymentSettings devnet(String name, String tokenSymbol, ChecksumAddress updater,
            List<ChecksumAddress> verifiers, List<Allocation> initialSupply) {
        Dao dao = new Dao(name, tokenSymbol, BigInteger.valueOf(60), BigInteger.ONE, BigInteger.valueOf(300),
                BigInteger.ZERO, BigInteger.valueOf(4));
        Policy policy = new Policy(BigInteger.valueOf(3600), tokens(10_000), 5_000, 3_000, 2_000, 2_500,
                tokens(1), GovernanceMode.LINEAR,
                new TreeMap<>(Map.of(1, BigInteger.valueOf(100), 2, BigInteger.valueOf(250), 3, BigInteger.valueOf(600))),
                new TreeMap<>(Map.of("sequencer", BigInteger.valueOf(10), "prover", BigInteger.valueOf(25),
                        "challenger", BigInteger.valueOf(50))),
                verifiers);
        // The bond is paid in the native currency, in wei.
        Distribution distribution = new Distribution(updater, updater, BigInteger.valueOf(600),
                BigInteger.valueOf(1800), BigInteger.TEN.pow(17), BigInteger.TEN.pow(18), BigInteger.valueOf(168),
                tokens(100_000), RootSubmission.OPTIMISTIC);
        return new DeploymentSettings(dao, policy, distribution, new Rollup(true), initialSupply);
    }

    /** The same settings with other DAO timing, as tests that move through a vote quickly need. */
    public DeploymentSettings withDao(Dao otherDao) {
        return new DeploymentSettings(otherDao, policy, distribution, rollup, initialSupply);
    }

    /**
     * The same settings with reward epochs of {@code epochLengthSeconds} and a dispute window of
     * {@code disputePeriodSeconds}: the budget per epoch keeps its rate per second (the funding then lasts as long),
     * and governance has the rest of the epoch to rule on a dispute, the longest resolution period RewardPolicy's
     * floor of the epoch length allows.
     */
    public DeploymentSettings withRewardTiming(BigInteger epochLengthSeconds, BigInteger disputePeriodSeconds) {
        BigInteger budget = policy.budgetPerEpoch().multiply(epochLengthSeconds).divide(policy.epochLengthSeconds());
        return new DeploymentSettings(dao, policy.withEpochs(epochLengthSeconds, budget),
                distribution.withPeriods(disputePeriodSeconds, epochLengthSeconds.subtract(disputePeriodSeconds)),
                rollup, initialSupply);
    }

    /** The same settings with roots posted through governance (Mode B): the timelock is the distributor's updater. */
    public DeploymentSettings withRootsThroughGovernance() {
        return new DeploymentSettings(dao, policy, distribution.withRoots(RootSubmission.GOVERNANCE), rollup,
                initialSupply);
    }

    /** The same settings with another RollupContributions configuration. */
    public DeploymentSettings withRollup(Rollup otherRollup) {
        return new DeploymentSettings(dao, policy, distribution, otherRollup, initialSupply);
    }

    public static BigInteger tokens(long whole) {
        return ONE_TOKEN.multiply(BigInteger.valueOf(whole));
    }
}
