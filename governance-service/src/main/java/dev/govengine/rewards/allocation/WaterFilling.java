package dev.govengine.rewards.allocation;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Caps recipients by water-filling: a recipient whose pro-rata share of what the uncapped recipients share would
 * exceed the cap gets the cap, and the rest is shared again among the others, until no share exceeds the cap.
 * Capping only ever raises the others' rate, so a capped recipient never needs uncapping, and the loop ends after at
 * most one round per recipient. The comparisons are exact: {@code remaining × score > cap × totalScore}.
 */
public final class WaterFilling {
    private WaterFilling() {
    }

    /**
     * The capped recipients and what remains of the pool for the uncapped ones. When every recipient is capped, the
     * remainder is what nobody may receive.
     */
    public record Level(Set<ChecksumAddress> capped, BigInteger remaining) {
    }

    public static Level fill(BigInteger pool, BigInteger cap, List<Score> scores) {
        Set<ChecksumAddress> capped = new HashSet<>();
        List<Score> uncapped = new ArrayList<>(scores);
        BigInteger remaining = pool;
        while (!uncapped.isEmpty()) {
            BigInteger totalScore = uncapped.stream().map(Score::score).reduce(BigInteger.ZERO, BigInteger::add);
            BigInteger limit = cap.multiply(totalScore);
            BigInteger level = remaining;
            List<Score> over = uncapped.stream().filter(s -> level.multiply(s.score()).compareTo(limit) > 0).toList();
            if (over.isEmpty()) {
                break;
            }
            for (Score score : over) {
                capped.add(score.account());
                remaining = remaining.subtract(cap);
            }
            // By the capped set, a hash lookup: removeAll(over) would scan the list of those capped for every recipient.
            uncapped.removeIf(score -> capped.contains(score.account()));
        }
        return new Level(Collections.unmodifiableSet(capped), remaining);
    }
}
