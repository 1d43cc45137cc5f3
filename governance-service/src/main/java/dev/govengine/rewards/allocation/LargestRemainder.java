package dev.govengine.rewards.allocation;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Integer shares of an amount pro rata to scores by the largest-remainder (Hamilton) method: everyone gets the floor
 * of their exact quota {@code amount × score / totalScore}, and the base units that flooring leaves over go one each
 * to the largest fractional remainders, ties to the lower address. The shares add up to the amount exactly, and no
 * share exceeds the ceiling of its quota.
 */
public final class LargestRemainder {
    private LargestRemainder() {
    }

    private record Quota(ChecksumAddress account, BigInteger floor, BigInteger remainder) {
    }

    /** {@code scores} must hold at least one positive score. */
    public static Map<ChecksumAddress, BigInteger> apportion(BigInteger amount, List<Score> scores) {
        BigInteger totalScore = scores.stream().map(Score::score).reduce(BigInteger.ZERO, BigInteger::add);
        if (totalScore.signum() == 0) {
            throw new IllegalArgumentException("cannot share " + amount + " among recipients who all score 0");
        }
        List<Quota> quotas = new ArrayList<>(scores.size());
        BigInteger floors = BigInteger.ZERO;
        for (Score score : scores) {
            BigInteger[] division = amount.multiply(score.score()).divideAndRemainder(totalScore);
            quotas.add(new Quota(score.account(), division[0], division[1]));
            floors = floors.add(division[0]);
        }
        // Fewer units are left than there are quotas with a remainder, so no zero remainder ever gets one.
        int leftover = amount.subtract(floors).intValueExact();
        quotas.sort(Comparator.comparing(Quota::remainder).reversed().thenComparing(Quota::account));
        Map<ChecksumAddress, BigInteger> shares = new HashMap<>();
        for (int i = 0; i < quotas.size(); i++) {
            Quota quota = quotas.get(i);
            shares.put(quota.account(), i < leftover ? quota.floor().add(BigInteger.ONE) : quota.floor());
        }
        return shares;
    }
}
