package dev.govengine.rewards.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.govengine.rewards.policy.GovernanceMode;
import dev.govengine.rewards.policy.ScoringPolicy;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringTest {
    private static final ChecksumAddress A = ChecksumAddress.of("0x000000000000000000000000000000000000000a");
    private static final ChecksumAddress B = ChecksumAddress.of("0x000000000000000000000000000000000000000b");

    private static ScoringPolicy policy(GovernanceMode mode) {
        return new ScoringPolicy(Map.of(1, BigInteger.TWO), Map.of("BatchSubmitted", BigInteger.valueOf(3)), mode);
    }

    @Test
    void depinMultipliesSecondsClassWeightAndQualityAndIgnoresClassesWithoutWeight() {
        Map<Program, List<Score>> scores = Scoring.score(policy(GovernanceMode.LINEAR), List.of(
                new DepinReceipt(B, 1, BigInteger.valueOf(3600), 9500),
                new DepinReceipt(A, 7, BigInteger.valueOf(3600), 10_000),
                new DepinReceipt(B, 1, BigInteger.TEN, 10_000)), List.of(), List.of());
        // B: 3600 x 2 x 9500 + 10 x 2 x 10000 = 68,400,000 + 200,000; A's class 7 has no weight.
        assertEquals(List.of(new Score(A, BigInteger.ZERO), new Score(B, BigInteger.valueOf(68_600_000))), scores.get(Program.DEPIN));
    }

    @Test
    void rollupCountsTheKindWeightPerEvent() {
        Map<Program, List<Score>> scores = Scoring.score(policy(GovernanceMode.LINEAR), List.of(), List.of(
                new RollupEvent(A, "BatchSubmitted"), new RollupEvent(A, "BatchSubmitted"), new RollupEvent(B, "Unmapped")), List.of());
        assertEquals(List.of(new Score(A, BigInteger.valueOf(6)), new Score(B, BigInteger.ZERO)), scores.get(Program.ROLLUP));
    }

    @Test
    void rollupMultipliesTheKindWeightByTheEventsAmount() {
        Map<Program, List<Score>> scores = Scoring.score(policy(GovernanceMode.LINEAR), List.of(), List.of(
                new RollupEvent(A, "BatchSubmitted", BigInteger.valueOf(250)), new RollupEvent(A, "BatchSubmitted"),
                new RollupEvent(B, "BatchSubmitted", BigInteger.ZERO)), List.of());
        // A: 3 x 250 + 3 x 1; B's event has amount 0.
        assertEquals(List.of(new Score(A, BigInteger.valueOf(753)), new Score(B, BigInteger.ZERO)), scores.get(Program.ROLLUP));
        assertThrows(IllegalArgumentException.class, () -> new RollupEvent(A, "BatchSubmitted", BigInteger.valueOf(-1)));
    }

    @Test
    void governanceTakesTheWeightCastInEachProposalOrItsIntegerSquareRoot() {
        List<GovernanceVote> votes = List.of(vote(1, A, 99), vote(2, A, 4), new GovernanceVote(BigInteger.ONE, B,
                BigInteger.TEN.pow(36)));
        assertEquals(List.of(new Score(A, BigInteger.valueOf(103)), new Score(B, BigInteger.TEN.pow(36))),
                Scoring.score(policy(GovernanceMode.LINEAR), List.of(), List.of(), votes).get(Program.GOVERNANCE));
        // sqrt per proposal, then summed: floor(sqrt(99)) + sqrt(4) = 9 + 2.
        assertEquals(List.of(new Score(A, BigInteger.valueOf(11)), new Score(B, BigInteger.TEN.pow(18))),
                Scoring.score(policy(GovernanceMode.SQUARE_ROOT), List.of(), List.of(), votes).get(Program.GOVERNANCE));
    }

    @Test
    void partialVotesInOneProposalAreAddedBeforeTheSquareRoot() {
        // Fractional counting: A casts 50 in three parts of one proposal; B casts 50 at once.
        List<GovernanceVote> votes = List.of(vote(7, A, 20), vote(7, A, 20), vote(7, A, 10), vote(7, B, 50));
        // Per vote, A would score 4 + 4 + 3 = 11 against B's 7: splitting a vote would pay.
        assertEquals(List.of(new Score(A, BigInteger.valueOf(7)), new Score(B, BigInteger.valueOf(7))),
                Scoring.score(policy(GovernanceMode.SQUARE_ROOT), List.of(), List.of(), votes).get(Program.GOVERNANCE));
    }

    @Test
    void receiptsOutsideTheWorkReceiptRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DepinReceipt(A, 256, BigInteger.ONE, 1));
        assertThrows(IllegalArgumentException.class, () -> new DepinReceipt(A, 1, BigInteger.ONE.shiftLeft(64), 1));
        assertThrows(IllegalArgumentException.class, () -> new DepinReceipt(A, 1, BigInteger.ONE, 10_001));
        assertThrows(IllegalArgumentException.class, () -> vote(1, A, -1));
        assertThrows(IllegalArgumentException.class, () -> vote(-1, A, 1));
    }

    private static GovernanceVote vote(long proposal, ChecksumAddress voter, long weight) {
        return new GovernanceVote(BigInteger.valueOf(proposal), voter, BigInteger.valueOf(weight));
    }
}
