package dev.govengine.rewards.allocation;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.rewards.tree.TreeArbitraries;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random policies and epochs. Accounts come from one small pool per epoch so that the same account often scores in
 * several programs, and scores are often small so that equal scores and equal remainders (the tie-breaks) occur.
 */
final class AllocationArbitraries {
    private AllocationArbitraries() {
    }

    static Arbitrary<AllocationPolicy> policies() {
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, AllocationPolicy.BPS);
        Arbitrary<Integer> cap = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 3000)),
                Tuple.of(1, Arbitraries.integers().between(1, AllocationPolicy.BPS)));
        Arbitrary<BigInteger> minPayout = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(BigInteger.ZERO)),
                Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(500))));
        return Combinators.combine(cut, cut, Arbitraries.of(Program.class), cap, minPayout).as((a, b, leftover, capBps, min) -> {
            int low = Math.min(a, b);
            int high = Math.max(a, b);
            return new AllocationPolicy(Map.of(Program.DEPIN, low, Program.ROLLUP, high - low,
                    Program.GOVERNANCE, AllocationPolicy.BPS - high), leftover, capBps, min);
        });
    }

    static Arbitrary<EpochInput> epochs() {
        Arbitrary<BigInteger> budget = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(10_000))),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(128))));
        Arbitrary<BigInteger> carryIn = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1000));
        return TreeArbitraries.accounts().list().ofMinSize(1).ofMaxSize(15).uniqueElements()
                .flatMap(accounts -> Combinators.combine(budget, carryIn,
                        programScores(accounts), programScores(accounts), programScores(accounts))
                        .as((b, c, depin, rollup, governance) -> {
                            Map<Program, List<Score>> scores = new EnumMap<>(Program.class);
                            scores.put(Program.DEPIN, depin);
                            scores.put(Program.ROLLUP, rollup);
                            scores.put(Program.GOVERNANCE, governance);
                            return new EpochInput(b, c, scores);
                        }));
    }

    private static Arbitrary<List<Score>> programScores(List<ChecksumAddress> accounts) {
        Arbitrary<BigInteger> score = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(BigInteger.ZERO)),
                Tuple.of(4, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(20))),
                Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.ONE.shiftLeft(128))));
        return Combinators.combine(Arbitraries.of(accounts), score).as(Score::new)
                .list().ofMaxSize(accounts.size()).uniqueElements(Score::account);
    }
}
