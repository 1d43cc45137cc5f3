package dev.govengine.rewards.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed epochs: each case's expected numbers are worked out in its comments. */
class EpochAllocatorTest {
    private static final ChecksumAddress A = ChecksumAddress.of("0x0000000000000000000000000000000000000001");
    private static final ChecksumAddress B = ChecksumAddress.of("0x0000000000000000000000000000000000000002");
    private static final ChecksumAddress C = ChecksumAddress.of("0x0000000000000000000000000000000000000003");

    private static AllocationPolicy depinOnly(int capBps, long minPayout) {
        return new AllocationPolicy(Map.of(Program.DEPIN, 10_000, Program.ROLLUP, 0, Program.GOVERNANCE, 0),
                Program.DEPIN, capBps, BigInteger.valueOf(minPayout));
    }

    private static Score score(ChecksumAddress account, long score) {
        return new Score(account, BigInteger.valueOf(score));
    }

    private static BigInteger amount(ProgramAllocation program, ChecksumAddress account) {
        return program.shares().stream().filter(s -> s.account().equals(account)).findFirst().orElseThrow().amount();
    }

    @Test
    void poolsFloorTheSplitAndGiveTheLeftoverToTheNamedProgram() {
        // 1001 x 3333 / 10000 = 333.63 -> 333, twice; 1001 x 3334 / 10000 = 333.73 -> 333; 1001 - 999 = 2 to DEPIN.
        AllocationPolicy policy = new AllocationPolicy(Map.of(Program.DEPIN, 3333, Program.ROLLUP, 3333, Program.GOVERNANCE, 3334),
                Program.DEPIN, 10_000, BigInteger.ZERO);
        assertEquals(Map.of(Program.DEPIN, BigInteger.valueOf(335), Program.ROLLUP, BigInteger.valueOf(333),
                Program.GOVERNANCE, BigInteger.valueOf(333)), ProgramPools.split(BigInteger.valueOf(1001), policy));
    }

    @Test
    void waterFillingCapsInRoundsAndGivesTheExcessToTheUncapped() {
        // Pool 1000, cap 40% = 400. Pro rata 6:3:1 gives A 600 > 400: A capped. The other 600 at 3:1 gives B 450 > 400:
        // B capped. C takes the remaining 200, below the cap.
        EpochAllocation epoch = EpochAllocator.allocate(depinOnly(4000, 0), new EpochInput(BigInteger.valueOf(1000),
                BigInteger.ZERO, Map.of(Program.DEPIN, List.of(score(C, 1), score(A, 6), score(B, 3)))));
        ProgramAllocation depin = epoch.programs().get(0);
        assertEquals(BigInteger.valueOf(400), depin.cap());
        assertEquals(List.of(new RecipientShare(A, BigInteger.valueOf(6), BigInteger.valueOf(400), true),
                new RecipientShare(B, BigInteger.valueOf(3), BigInteger.valueOf(400), true),
                new RecipientShare(C, BigInteger.ONE, BigInteger.valueOf(200), false)), depin.shares());
        assertEquals(BigInteger.ZERO, epoch.carryOut());
    }

    @Test
    void scoresWhoseTotalExceedsALongAreKeptExactly() {
        // Scores 2^100, 2^100 and 2^101 (total 2^102, past a long) split a pool of 1000 as 1:1:2 = 250, 250, 500.
        BigInteger huge = BigInteger.ONE.shiftLeft(100);
        EpochAllocation epoch = EpochAllocator.allocate(depinOnly(10_000, 0), new EpochInput(BigInteger.valueOf(1000),
                BigInteger.ZERO, Map.of(Program.DEPIN, List.of(new Score(C, huge.shiftLeft(1)), new Score(A, huge),
                        new Score(B, huge)))));
        assertEquals(List.of(new RecipientShare(A, huge, BigInteger.valueOf(250), false),
                new RecipientShare(B, huge, BigInteger.valueOf(250), false),
                new RecipientShare(C, huge.shiftLeft(1), BigInteger.valueOf(500), false)), epoch.programs().get(0).shares());
    }

    @Test
    void whenEveryRecipientIsCappedTheRestOfThePoolCarries() {
        // Pool 1000, cap 10% = 100 each for three recipients: 300 paid, 700 carried.
        EpochAllocation epoch = EpochAllocator.allocate(depinOnly(1000, 0), new EpochInput(BigInteger.valueOf(1000),
                BigInteger.ZERO, Map.of(Program.DEPIN, List.of(score(A, 1), score(B, 50), score(C, 1000)))));
        assertEquals(BigInteger.valueOf(300), epoch.paid());
        assertEquals(BigInteger.valueOf(700), epoch.programs().get(0).unallocated());
        assertEquals(BigInteger.valueOf(700), epoch.carryOut());
    }

    @Test
    void equalRemaindersGoToTheLowerAddress() {
        // Pool 10, scores 1:1:1: quotas 3.33 each, floors 3, one unit left, remainders equal: A (lowest) gets it.
        EpochAllocation thirds = EpochAllocator.allocate(depinOnly(10_000, 0), new EpochInput(BigInteger.TEN, BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(C, 7), score(B, 7), score(A, 7)))));
        ProgramAllocation depin = thirds.programs().get(0);
        assertEquals(List.of(BigInteger.valueOf(4), BigInteger.valueOf(3), BigInteger.valueOf(3)),
                List.of(amount(depin, A), amount(depin, B), amount(depin, C)));

        // Pool 2, scores 1 (A) and 3 (B): quotas 0.5 and 1.5, floors 0 and 1, equal remainders 1/2: the unit goes to A.
        EpochAllocation halves = EpochAllocator.allocate(depinOnly(10_000, 0), new EpochInput(BigInteger.TWO, BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(B, 3), score(A, 1)))));
        assertEquals(BigInteger.ONE, amount(halves.programs().get(0), A));
        assertEquals(BigInteger.ONE, amount(halves.programs().get(0), B));
    }

    @Test
    void payoutsUnderTheMinimumCarryIntoTheNextEpoch() {
        // Pool 100 at 95:5 gives A 95, B 5; the minimum is 10, so B's 5 carries. Next epoch: 100 + 5 = 105 to A alone.
        AllocationPolicy policy = depinOnly(10_000, 10);
        EpochAllocation first = EpochAllocator.allocate(policy, new EpochInput(BigInteger.valueOf(100), BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(A, 95), score(B, 5)))));
        assertEquals(List.of(new Payout(A, BigInteger.valueOf(95), Map.of(Program.DEPIN, BigInteger.valueOf(95)))), first.payouts());
        assertEquals(List.of(new Payout(B, BigInteger.valueOf(5), Map.of(Program.DEPIN, BigInteger.valueOf(5)))), first.belowMinimum());
        assertEquals(BigInteger.valueOf(5), first.carryOut());

        EpochAllocation second = EpochAllocator.allocate(policy, new EpochInput(BigInteger.valueOf(100), first.carryOut(),
                Map.of(Program.DEPIN, List.of(score(A, 1)))));
        assertEquals(BigInteger.valueOf(105), second.paid());
        assertEquals(BigInteger.ZERO, second.carryOut());
    }

    @Test
    void theMinimumAppliesToAnAccountsTotalAcrossPrograms() {
        // 50/50 split of 12: A earns 6 in DEPIN and 6 in ROLLUP; each is under the minimum of 10, the total 12 is not.
        AllocationPolicy policy = new AllocationPolicy(Map.of(Program.DEPIN, 5000, Program.ROLLUP, 5000, Program.GOVERNANCE, 0),
                Program.GOVERNANCE, 10_000, BigInteger.TEN);
        EpochAllocation epoch = EpochAllocator.allocate(policy, new EpochInput(BigInteger.valueOf(12), BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(A, 1)), Program.ROLLUP, List.of(score(A, 2)))));
        assertEquals(List.of(new Payout(A, BigInteger.valueOf(12),
                Map.of(Program.DEPIN, BigInteger.valueOf(6), Program.ROLLUP, BigInteger.valueOf(6)))), epoch.payouts());
        assertEquals(BigInteger.ZERO, epoch.carryOut());
    }

    @Test
    void aProgramWithoutPositiveScoresCarriesItsWholePool() {
        AllocationPolicy policy = new AllocationPolicy(Map.of(Program.DEPIN, 6000, Program.ROLLUP, 4000, Program.GOVERNANCE, 0),
                Program.DEPIN, 10_000, BigInteger.ZERO);
        EpochAllocation epoch = EpochAllocator.allocate(policy, new EpochInput(BigInteger.valueOf(1000), BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(A, 1)), Program.ROLLUP, List.of(score(B, 0)))));
        assertEquals(BigInteger.valueOf(600), epoch.paid());
        assertEquals(BigInteger.valueOf(400), epoch.carryOut());
        assertEquals(List.of(new RecipientShare(B, BigInteger.ZERO, BigInteger.ZERO, false)), epoch.programs().get(1).shares());
    }

    @Test
    void cumulativeAmountsAddTheEpochsPayouts() {
        CumulativeAmounts previous = CumulativeAmounts.of(Map.of(C, BigInteger.valueOf(7), A, BigInteger.valueOf(100)));
        CumulativeAmounts next = previous.plus(List.of(new Payout(A, BigInteger.valueOf(5), Map.of(Program.DEPIN, BigInteger.valueOf(5))),
                new Payout(B, BigInteger.valueOf(3), Map.of(Program.ROLLUP, BigInteger.valueOf(3)))));
        assertEquals(List.of(new LeafValue(A, BigInteger.valueOf(105)), new LeafValue(B, BigInteger.valueOf(3)),
                new LeafValue(C, BigInteger.valueOf(7))), next.leaves());
        assertEquals(3, next.size());
        assertEquals(BigInteger.valueOf(3), next.amountOf(B));
        assertEquals(BigInteger.ZERO, previous.amountOf(B));
        assertEquals(BigInteger.valueOf(115), next.total());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CumulativeAmounts.of(Map.of(A, BigInteger.ONE.shiftLeft(256)))
                .plus(List.of())).getMessage().contains("uint256"));
    }

    @Test
    void refusesInvalidPoliciesAndInputs() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AllocationPolicy(
                Map.of(Program.DEPIN, 5000, Program.ROLLUP, 4000, Program.GOVERNANCE, 0), Program.DEPIN, 10_000, BigInteger.ZERO))
                .getMessage().contains("sums to 9000"));
        assertThrows(IllegalArgumentException.class, () -> depinOnly(0, 0));
        assertThrows(IllegalArgumentException.class, () -> depinOnly(10_001, 0));
        assertThrows(IllegalArgumentException.class, () -> depinOnly(10_000, -1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EpochInput(BigInteger.TEN, BigInteger.ZERO,
                Map.of(Program.ROLLUP, List.of(score(A, 1), score(A, 2))))).getMessage().contains("two scores in ROLLUP"));
        assertThrows(IllegalArgumentException.class, () -> new EpochInput(BigInteger.valueOf(-1), BigInteger.ZERO, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> score(A, -1));
    }
}
