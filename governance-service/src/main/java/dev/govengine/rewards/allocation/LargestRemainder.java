package dev.govengine.rewards.allocation;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Integer shares of an amount pro rata to scores by the largest-remainder (Hamilton) method: everyone gets the floor
 * of their exact quota {@code amount × score / totalScore}, and the base units that flooring leaves over go one each
 * to the largest fractional remainders, ties to the earlier score in the given order (EpochAllocator gives them in
 * address order, so ties go to the lower address). The shares add up to the amount exactly, and no share exceeds
 * the ceiling of its quota.
 *
 * <p>A total score below 2^62 lets every quota be worked out in long arithmetic: a million quotas then cost a million
 * long divisions rather than a million BigInteger ones, and the leftover units go by a threshold on the remainders
 * instead of a sort of the quotas. Larger totals (governance weights counted in wei, say) are worked out in BigInteger
 * arithmetic.
 */
final class LargestRemainder {
    private LargestRemainder() {
    }

    /** The shares, position by position with {@code scores}, which must hold at least one positive score. */
    static BigInteger[] apportion(BigInteger amount, Scores scores) {
        BigInteger totalScore = scores.total();
        if (totalScore.signum() == 0) {
            throw new IllegalArgumentException("cannot share " + amount + " among recipients who all score 0");
        }
        return scores.longs() != null
                ? apportionLongTotal(amount, scores.longs(), totalScore.longValueExact())
                : apportionLargeTotal(amount, scores, totalScore);
    }

    /**
     * With {@code amount = whole × total + rest}, a quota is {@code whole × score + rest × score / total}: only the
     * second term has a fraction, and as {@code rest < total} and {@code score ≤ total} it needs nothing wider than
     * the 128-bit product of two longs.
     */
    private static BigInteger[] apportionLongTotal(BigInteger amount, long[] scoreValues, long total) {
        BigInteger[] split = amount.divideAndRemainder(BigInteger.valueOf(total));
        BigInteger whole = split[0];
        long rest = split[1].longValueExact();
        long[] fractionFloors = new long[scoreValues.length];
        long[] remainders = new long[scoreValues.length];
        int leftover = 0;
        long remaindersBeyondLeftover = 0;
        for (int i = 0; i < scoreValues.length; i++) {
            long score = scoreValues[i];
            fractionFloors[i] = productQuotient(rest, score, total);
            // Exact although the product may not fit in a long: long arithmetic is exact modulo 2^64, and the
            // remainder is below the total.
            remainders[i] = rest * score - fractionFloors[i] * total;
            // The remainders add up to the leftover times the total; counted a total at a time, the sum stays a long.
            remaindersBeyondLeftover += remainders[i];
            if (remaindersBeyondLeftover >= total) {
                remaindersBeyondLeftover -= total;
                leftover++;
            }
        }
        // A unit goes to every remainder above the leftover-th largest and to the earliest of those equal to it: the
        // units a sort by remainder, then position, would give, without sorting the positions. With no leftover, the
        // threshold is the total, which no remainder reaches.
        long threshold = leftover > 0 ? largest(remainders, leftover) : total;
        int unitsAtThreshold = leftover;
        for (long remainder : remainders) {
            if (remainder > threshold) {
                unitsAtThreshold--;
            }
        }
        BigInteger[] shares = new BigInteger[scoreValues.length];
        for (int i = 0; i < scoreValues.length; i++) {
            long unit = 0;
            if (remainders[i] > threshold) {
                unit = 1;
            } else if (remainders[i] == threshold && unitsAtThreshold > 0) {
                unit = 1;
                unitsAtThreshold--;
            }
            // The fraction's floor is below the score, so adding the unit keeps it a long.
            shares[i] = multiplyAdd(whole, scoreValues[i], fractionFloors[i] + unit);
        }
        return shares;
    }

    /**
     * The {@code rank}-th largest of the non-negative {@code values} (1 the largest), a byte at a time from the top:
     * each pass counts the values that share the bytes found so far by their next byte. Sorting a million remainders
     * for one of them cost more than the rest of the apportionment; eight counting passes take a fraction of it, and
     * unlike a quickselect no order of the input makes them slower.
     */
    private static long largest(long[] values, int rank) {
        long prefix = 0;
        long known = 0;
        int[] counts = new int[256];
        for (int shift = Long.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            Arrays.fill(counts, 0);
            for (long value : values) {
                if ((value & known) == prefix) {
                    counts[(int) (value >>> shift) & 0xff]++;
                }
            }
            int b = 0xff;
            while (rank > counts[b]) {
                rank -= counts[b--];
            }
            prefix |= (long) b << shift;
            known |= 0xffL << shift;
        }
        return prefix;
    }

    /**
     * {@code ⌊a × b / m⌋} for {@code 0 ≤ a < m < 2^62} and {@code 0 ≤ b ≤ m}, so that the quotient is at most
     * {@code b}. A product beyond a long is divided as schoolbook binary long division of its 128 bits: as
     * {@code a < m}, the high half is already below {@code m}, and the partial remainder, below {@code m}, can take
     * one more bit without overflowing.
     */
    private static long productQuotient(long a, long b, long m) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if (high == 0 && low >= 0) {
            return low / m;
        }
        long remainder = high;
        long quotient = 0;
        for (int bit = Long.SIZE - 1; bit >= 0; bit--) {
            remainder = remainder << 1 | (low >>> bit & 1);
            quotient <<= 1;
            if (remainder >= m) {
                remainder -= m;
                quotient |= 1;
            }
        }
        return quotient;
    }

    /** {@code multiplicand × multiplier + addend} for non-negative operands, in long arithmetic when it fits. */
    private static BigInteger multiplyAdd(BigInteger multiplicand, long multiplier, long addend) {
        if (multiplicand.bitLength() < Long.SIZE) {
            long product = multiplicand.longValue() * multiplier;
            if (Math.multiplyHigh(multiplicand.longValue(), multiplier) == 0 && product >= 0
                    && product <= Long.MAX_VALUE - addend) {
                return BigInteger.valueOf(product + addend);
            }
        }
        return multiplicand.multiply(BigInteger.valueOf(multiplier)).add(BigInteger.valueOf(addend));
    }

    private record Quota(int position, BigInteger floor, BigInteger remainder) {
    }

    private static BigInteger[] apportionLargeTotal(BigInteger amount, Scores scores, BigInteger totalScore) {
        Quota[] quotas = new Quota[scores.length()];
        BigInteger floors = BigInteger.ZERO;
        for (int i = 0; i < quotas.length; i++) {
            BigInteger[] division = amount.multiply(scores.value(i)).divideAndRemainder(totalScore);
            quotas[i] = new Quota(i, division[0], division[1]);
            floors = floors.add(division[0]);
        }
        // Fewer units are left than there are quotas with a remainder, so no zero remainder ever gets one.
        int leftover = amount.subtract(floors).intValueExact();
        Arrays.sort(quotas, Comparator.comparing(Quota::remainder).reversed().thenComparingInt(Quota::position));
        BigInteger[] shares = new BigInteger[quotas.length];
        for (int i = 0; i < quotas.length; i++) {
            Quota quota = quotas[i];
            shares[quota.position()] = i < leftover ? quota.floor().add(BigInteger.ONE) : quota.floor();
        }
        return shares;
    }
}
