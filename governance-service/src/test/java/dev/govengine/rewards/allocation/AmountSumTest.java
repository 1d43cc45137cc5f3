package dev.govengine.rewards.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AmountSumTest {
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Test
    void nothingAddedIsZero() {
        assertEquals(BigInteger.ZERO, new AmountSum().total());
    }

    @Test
    void aSumPastALongCarriesOn() {
        AmountSum sum = new AmountSum();
        sum.add(LONG_MAX.subtract(BigInteger.ONE));
        sum.add(BigInteger.TWO);
        sum.add(BigInteger.valueOf(5));
        assertEquals(new BigInteger("9223372036854775813"), sum.total());
    }

    @Test
    void amountsTooLargeForALongAddUpExactly() {
        AmountSum sum = new AmountSum();
        sum.add(BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
        sum.add(BigInteger.valueOf(7));
        sum.add(BigInteger.TWO.pow(63));
        assertEquals(BigInteger.TWO.pow(256).add(BigInteger.TWO.pow(63)).add(BigInteger.valueOf(6)), sum.total());
    }

    @Test
    void negativeAmountsAreSubtracted() {
        AmountSum sum = new AmountSum();
        sum.add(BigInteger.TEN);
        sum.add(BigInteger.valueOf(-3));
        assertEquals(BigInteger.valueOf(7), sum.total());
    }

    /** Amounts just under 2^63 wrap the unsigned 64-bit low part every other addition: each wrap is carried. */
    @Test
    void manyWrapsPastSixtyFourBitsAddUpExactly() {
        BigInteger amount = LONG_MAX.subtract(BigInteger.TWO);
        AmountSum sum = new AmountSum();
        for (int i = 0; i < 1000; i++) {
            sum.add(amount);
        }
        sum.add(BigInteger.ONE);
        assertEquals(amount.multiply(BigInteger.valueOf(1000)).add(BigInteger.ONE), sum.total());
    }

    /** A million amounts of up to 10^24, most below 2^63 as an epoch's are: the same as BigInteger's own sum. */
    @Test
    void matchesBigIntegerAddition() {
        SplittableRandom random = new SplittableRandom(18);
        AmountSum sum = new AmountSum();
        BigInteger expected = BigInteger.ZERO;
        for (int i = 0; i < 1_000_000; i++) {
            BigInteger amount = i % 97 == 0
                    ? new BigInteger(80, new Random(i))
                    : BigInteger.valueOf(random.nextLong(i % 2 == 0 ? Long.MAX_VALUE : 2_000_000_000_000_000_000L));
            sum.add(amount);
            expected = expected.add(amount);
        }
        assertEquals(expected, sum.total());
    }
}
