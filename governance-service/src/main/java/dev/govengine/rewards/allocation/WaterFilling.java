package dev.govengine.rewards.allocation;

import java.math.BigInteger;

/**
 * Caps recipients by water-filling: a recipient whose pro-rata share of what the uncapped recipients share would
 * exceed the cap gets the cap, and the rest is shared again among the others, until no share exceeds the cap.
 * Capping only ever raises the others' rate, so a capped recipient never needs uncapping, and the loop ends after at
 * most one round per recipient. The comparisons are exact: {@code remaining × score > cap × totalScore}.
 */
final class WaterFilling {
    private WaterFilling() {
    }

    /**
     * Which recipients are capped, by their position in the scores given to {@link #fill}, and what remains of the
     * pool for the uncapped ones. When every recipient is capped, the remainder is what nobody may receive.
     */
    public record Level(boolean[] capped, int cappedCount, BigInteger remaining) {
    }

    static Level fill(BigInteger pool, BigInteger cap, Scores scores) {
        boolean[] capped = new boolean[scores.length()];
        int cappedCount = 0;
        BigInteger remaining = pool;
        BigInteger uncappedScore = scores.total();
        long[] longs = scores.longs();
        while (cappedCount < scores.length() && remaining.signum() > 0) {
            // For a positive remaining and an integer score, remaining × score > limit exactly when score > ⌊limit /
            // remaining⌋: one division per round instead of a product per recipient.
            BigInteger highestUncapped = cap.multiply(uncappedScore).divide(remaining);
            if (longs != null && highestUncapped.bitLength() >= Long.SIZE) {
                // Every score fits a long, so none exceeds it.
                break;
            }
            long highestUncappedLong = highestUncapped.longValue();
            int cappedBefore = cappedCount;
            for (int i = 0; i < capped.length; i++) {
                boolean over = longs != null
                        ? longs[i] > highestUncappedLong
                        : scores.value(i).compareTo(highestUncapped) > 0;
                if (!capped[i] && over) {
                    capped[i] = true;
                    cappedCount++;
                    remaining = remaining.subtract(cap);
                    uncappedScore = uncappedScore.subtract(scores.value(i));
                }
            }
            if (cappedCount == cappedBefore) {
                break;
            }
        }
        return new Level(capped, cappedCount, remaining);
    }
}
