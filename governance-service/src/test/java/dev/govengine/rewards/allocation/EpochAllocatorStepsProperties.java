package dev.govengine.rewards.allocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.rewards.tree.TreeArbitraries;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The steps of an allocation against their textbook forms: the largest remainder by a full sort of the quotas,
 * water-filling by a product per recipient and round, the account order by a comparison sort, and the cumulative
 * amounts by a map of sums. Scores range from tiny (ties) through those whose products overflow a long to totals
 * beyond one.
 */
class EpochAllocatorStepsProperties {
    @Provide
    Arbitrary<BigInteger> amounts() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(10_000))),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(128))));
    }

    @Provide
    Arbitrary<List<BigInteger>> scores() {
        Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(20));
        Arbitrary<BigInteger> wide = Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.ONE.shiftLeft(45));
        Arbitrary<BigInteger> huge = Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.ONE.shiftLeft(80));
        Arbitrary<List<BigInteger>> mixed = Arbitraries.frequencyOf(Tuple.of(3, small), Tuple.of(2, wide), Tuple.of(1, huge))
                .list().ofMinSize(1).ofMaxSize(30).filter(list -> list.stream().anyMatch(score -> score.signum() > 0));
        // A total just under 2^62 with products far beyond a long; equal scores divide some of those products exactly.
        Arbitrary<BigInteger> large = Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(56), BigInteger.ONE.shiftLeft(59));
        Arbitrary<List<BigInteger>> nearLongTotal = Arbitraries.oneOf(large.list().ofMinSize(1).ofMaxSize(7),
                Combinators.combine(large, Arbitraries.integers().between(2, 7)).as((score, n) -> Collections.nCopies(n, score)));
        return Arbitraries.frequencyOf(Tuple.of(3, mixed), Tuple.of(1, nearLongTotal));
    }

    @Property(tries = 500)
    void scoresTotalExactlyAcrossTheLongRange(@ForAll("scores") List<BigInteger> scores,
                                              @ForAll("nearLongMax") List<BigInteger> nearLongMax) {
        List<BigInteger> all = new ArrayList<>(scores);
        all.addAll(nearLongMax);
        assertEquals(all.stream().reduce(BigInteger.ZERO, BigInteger::add),
                Scores.of(all.toArray(BigInteger[]::new)).total());
    }

    @Property(tries = 500)
    void scoresWithoutSomePositionsAreTheScoresOfTheRest(@ForAll("scores") List<BigInteger> scores,
                                                         @ForAll("nearLongMax") List<BigInteger> nearLongMax,
                                                         @ForAll long dropSeed) {
        List<BigInteger> all = new ArrayList<>(scores);
        all.addAll(nearLongMax);
        SplittableRandom random = new SplittableRandom(dropSeed);
        boolean[] dropped = new boolean[all.size()];
        List<BigInteger> kept = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = random.nextBoolean();
            if (dropped[i]) {
                count++;
            } else {
                kept.add(all.get(i));
            }
        }
        Scores rest = Scores.of(all.toArray(BigInteger[]::new)).without(dropped, count);
        Scores expected = Scores.of(kept.toArray(BigInteger[]::new));
        assertEquals(kept.size(), rest.length());
        assertEquals(expected.total(), rest.total());
        assertArrayEquals(expected.longs(), rest.longs());
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(kept.get(i), rest.value(i));
        }
    }

    @Provide
    Arbitrary<List<BigInteger>> nearLongMax() {
        return Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(61), BigInteger.ONE.shiftLeft(64)).list().ofMaxSize(8);
    }

    @Property(tries = 1000)
    void largestRemainderGivesTheUnitsASortOfTheQuotasWould(@ForAll("amounts") BigInteger amount,
                                                           @ForAll("scores") List<BigInteger> scores) {
        assertArrayEquals(sortedQuotas(amount, scores),
                LargestRemainder.apportion(amount, Scores.of(scores.toArray(BigInteger[]::new))));
    }

    @Property(tries = 1000)
    void waterFillingCapsWhomAProductPerRecipientWould(@ForAll("amounts") BigInteger pool,
                                                       @ForAll("scores") List<BigInteger> scores,
                                                       @ForAll("amounts") BigInteger cap) {
        List<BigInteger> positive = scores.stream().filter(score -> score.signum() > 0).toList();
        WaterFilling.Level filled = WaterFilling.fill(pool, cap, Scores.of(positive.toArray(BigInteger[]::new)));
        boolean[] capped = new boolean[positive.size()];
        BigInteger remaining = pool;
        boolean cappedAny = true;
        while (cappedAny) {
            cappedAny = false;
            BigInteger totalScore = BigInteger.ZERO;
            for (int i = 0; i < positive.size(); i++) {
                totalScore = capped[i] ? totalScore : totalScore.add(positive.get(i));
            }
            BigInteger limit = cap.multiply(totalScore);
            BigInteger level = remaining;
            for (int i = 0; i < positive.size(); i++) {
                if (!capped[i] && level.multiply(positive.get(i)).compareTo(limit) > 0) {
                    capped[i] = true;
                    remaining = remaining.subtract(cap);
                    cappedAny = true;
                }
            }
        }
        assertArrayEquals(capped, filled.capped());
        assertEquals(remaining, filled.remaining());
    }

    @Provide
    Arbitrary<List<ChecksumAddress>> crowdedAccounts() {
        // Few leading 64-bit patterns, so that many addresses share the part of the sort key taken from the address.
        Arbitrary<String> leading = Arbitraries.of("0000000000000000", "0000000000000001", "8000000000000000",
                "ffffffffffffffff");
        Arbitrary<String> rest = Arbitraries.of("000000000000000000000000", "000000000000000000000001",
                "ffffffffffffffffffffffff");
        Arbitrary<ChecksumAddress> crowded = Combinators.combine(leading, rest).as((a, b) -> ChecksumAddress.of("0x" + a + b));
        return Arbitraries.frequencyOf(Tuple.of(1, crowded), Tuple.of(1, TreeArbitraries.accounts())).list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void accountOrderIsAStableSortByAddress(@ForAll("crowdedAccounts") List<ChecksumAddress> accounts) {
        Score[] items = new Score[accounts.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = new Score(accounts.get(i), BigInteger.valueOf(i));
        }
        List<Score> expected = new ArrayList<>(List.of(items));
        expected.sort(Comparator.comparing(Score::account));
        AccountOrder.sort(items, Score::account);
        assertEquals(expected, List.of(items));
    }

    @Property(tries = 500)
    void cumulativeAmountsAreAMapOfSums(@ForAll("crowdedAccounts") List<ChecksumAddress> held,
                                        @ForAll("crowdedAccounts") List<ChecksumAddress> paid) {
        Map<ChecksumAddress, BigInteger> previous = new HashMap<>();
        held.forEach(account -> previous.put(account, BigInteger.valueOf(account.hashCode() & 0xffff)));
        List<Payout> payouts = new ArrayList<>();
        TreeMap<ChecksumAddress, BigInteger> expected = new TreeMap<>(previous);
        for (int i = 0; i < paid.size(); i++) {
            BigInteger amount = BigInteger.valueOf(i + 1);
            payouts.add(new Payout(paid.get(i), amount, Map.of(Program.DEPIN, amount)));
            expected.merge(paid.get(i), amount, BigInteger::add);
        }
        CumulativeAmounts next = CumulativeAmounts.of(previous).plus(payouts);
        List<LeafValue> expectedLeaves = new ArrayList<>();
        expected.forEach((account, amount) -> expectedLeaves.add(new LeafValue(account, amount)));
        assertEquals(expectedLeaves, next.leaves());
        assertEquals(expected.size(), next.size());
        assertEquals(expected.values().stream().reduce(BigInteger.ZERO, BigInteger::add), next.total());
        for (ChecksumAddress account : held) {
            assertEquals(expected.get(account), next.amountOf(account));
        }
        ChecksumAddress neverPaid = Stream.of("d", "e").map(digit -> ChecksumAddress.of("0x" + digit.repeat(40)))
                .filter(account -> !expected.containsKey(account)).findFirst().orElseThrow();
        assertEquals(BigInteger.ZERO, next.amountOf(neverPaid));
    }

    private record Quota(int position, BigInteger floor, BigInteger remainder) {
    }

    private static BigInteger[] sortedQuotas(BigInteger amount, List<BigInteger> scores) {
        BigInteger totalScore = scores.stream().reduce(BigInteger.ZERO, BigInteger::add);
        List<Quota> quotas = new ArrayList<>();
        BigInteger floors = BigInteger.ZERO;
        for (int i = 0; i < scores.size(); i++) {
            BigInteger[] division = amount.multiply(scores.get(i)).divideAndRemainder(totalScore);
            quotas.add(new Quota(i, division[0], division[1]));
            floors = floors.add(division[0]);
        }
        int leftover = amount.subtract(floors).intValueExact();
        quotas.sort(Comparator.comparing(Quota::remainder).reversed().thenComparingInt(Quota::position));
        BigInteger[] shares = new BigInteger[scores.size()];
        for (int i = 0; i < quotas.size(); i++) {
            Quota quota = quotas.get(i);
            shares[quota.position()] = i < leftover ? quota.floor().add(BigInteger.ONE) : quota.floor();
        }
        return shares;
    }
}
