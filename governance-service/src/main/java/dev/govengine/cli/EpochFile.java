package dev.govengine.cli;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers.BigIntegerDeserializer;
import dev.govengine.json.JsonFileException;
import dev.govengine.json.StrictJson;
import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.policy.GovernanceMode;
import dev.govengine.rewards.policy.ScoringPolicy;
import dev.govengine.rewards.scoring.DepinReceipt;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.RollupEvent;
import dev.govengine.types.ChecksumAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code epoch compute} reads (format in docs/REWARDS.md): one epoch's policy, carry, contributions and the
 * previous cumulative amounts. Amounts, weights and proposal ids are decimal strings ({@link RewardJson}); bps,
 * classes, seconds and the epoch number are JSON integers. Every field is required but a rollup event's amount, and
 * unknown fields are refused, so a misspelt key cannot silently fall back to a default. The domain's own rules (a
 * split summing to 10000 bps, a quality of at most 10000 bps) are the domain records', named by the object at fault.
 */
record EpochFile(
        @NotNull @PositiveOrZero(message = NOT_NEGATIVE) @JsonDeserialize(using = BigIntegerDeserializer.class) BigInteger epoch,
        @NotNull @Valid Policy policy,
        @NotNull BigInteger carryIn,
        @NotNull Map<ChecksumAddress, BigInteger> previousCumulative,
        @NotNull @Valid Contributions contributions) {

    static final String NOT_NEGATIVE = "must not be negative, was ${validatedValue}";
    private static final StrictJson<EpochFile> READER = StrictJson.of(EpochFile.class, RewardJson.AMOUNTS)
            .rootPath("$").missingNamedInParent();

    record Policy(@NotNull BigInteger budgetPerEpoch, @NotNull @Valid Split split, @NotNull Program leftoverProgram,
                  @NotNull Integer recipientCapBps, @NotNull BigInteger minPayout,
                  @NotNull @JsonDeserialize(keyUsing = RewardJson.GpuClassKey.class) Map<Integer, BigInteger> gpuClassWeights,
                  @NotNull Map<String, BigInteger> rollupKindWeights, @NotNull GovernanceMode governanceMode) {
    }

    record Split(@NotNull Integer depin, @NotNull Integer rollup, @NotNull Integer governance) {
    }

    record Contributions(@NotNull List<@Valid Depin> depin, @NotNull List<@Valid Rollup> rollup,
                         @NotNull List<@Valid Vote> governance) {
    }

    record Depin(@NotNull ChecksumAddress provider, @NotNull Integer gpuClass,
                 @NotNull @JsonDeserialize(using = BigIntegerDeserializer.class) BigInteger gpuSeconds,
                 @NotNull Integer qualityBps) {
    }

    /** The amount is optional: most mapped events count once each. */
    record Rollup(@NotNull ChecksumAddress contributor,
                  @NotBlank(message = "expected a kind name such as \"sequencer\"") String kind,
                  BigInteger amount) {
    }

    record Vote(@NotNull BigInteger proposal, @NotNull ChecksumAddress voter, @NotNull BigInteger weight) {
    }

    static EpochFile read(String text) throws JsonFileException {
        return READER.read(text);
    }

    BigInteger budget() {
        return policy.budgetPerEpoch;
    }

    AllocationPolicy allocationPolicy() throws JsonFileException {
        Map<Program, Integer> split = new EnumMap<>(Program.class);
        split.put(Program.DEPIN, policy.split.depin);
        split.put(Program.ROLLUP, policy.split.rollup);
        split.put(Program.GOVERNANCE, policy.split.governance);
        try {
            return new AllocationPolicy(split, policy.leftoverProgram, policy.recipientCapBps, policy.minPayout);
        } catch (IllegalArgumentException e) {
            throw new JsonFileException("policy", e.getMessage());
        }
    }

    ScoringPolicy scoringPolicy() {
        return new ScoringPolicy(policy.gpuClassWeights, policy.rollupKindWeights, policy.governanceMode);
    }

    CumulativeAmounts previous() {
        return CumulativeAmounts.of(previousCumulative);
    }

    EpochComputation.Contributions contributionsToScore() throws JsonFileException {
        List<DepinReceipt> depin = new ArrayList<>();
        for (int i = 0; i < contributions.depin.size(); i++) {
            Depin receipt = contributions.depin.get(i);
            try {
                depin.add(new DepinReceipt(receipt.provider, receipt.gpuClass, receipt.gpuSeconds, receipt.qualityBps));
            } catch (IllegalArgumentException e) {
                throw new JsonFileException("contributions.depin[" + i + "]", e.getMessage());
            }
        }
        List<RollupEvent> rollup = contributions.rollup.stream().map(event -> new RollupEvent(event.contributor,
                event.kind, event.amount == null ? BigInteger.ONE : event.amount)).toList();
        List<GovernanceVote> governance = contributions.governance.stream()
                .map(vote -> new GovernanceVote(vote.proposal, vote.voter, vote.weight)).toList();
        return new EpochComputation.Contributions(depin, rollup, governance);
    }
}
