package dev.govengine.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class HeadRangeTest {
    @Test
    void aBlockClockBoundsBlocksAndNotTime() {
        HeadRange holds = HeadRange.clock(false, BigInteger.valueOf(10), BigInteger.valueOf(20));
        assertFalse(holds.contains(9, 0L));
        assertTrue(holds.contains(10, null), "a block clock needs no timestamp");
        assertTrue(holds.contains(20, Long.MAX_VALUE));
        assertFalse(holds.contains(21, 0L));
    }

    @Test
    void aTimestampClockBoundsTimeAndNeedsTheHeadersTimestamp() {
        HeadRange holds = HeadRange.clock(true, null, BigInteger.valueOf(1_700_000_000L));
        assertTrue(holds.contains(Long.MAX_VALUE, 1_700_000_000L));
        assertFalse(holds.contains(5, 1_700_000_001L));
        assertFalse(holds.contains(5, null), "an unknown timestamp may lie beyond the bound");
    }

    @Test
    void timepointsBeyondALongAreNeverReached() {
        BigInteger far = BigInteger.TWO.pow(200);
        assertTrue(HeadRange.clock(false, null, far).contains(Long.MAX_VALUE, null), "below a far deadline: always");
        assertFalse(HeadRange.clock(false, far, null).contains(Long.MAX_VALUE - 1, null), "past it: never");
    }

    @Test
    void anIntersectionHoldsWhereBothHold() {
        HeadRange both = HeadRange.blocks(5, 50).intersect(HeadRange.clock(true, BigInteger.TEN, null))
                .intersect(HeadRange.ALWAYS);
        assertEquals(new HeadRange(5, 50, 10, Long.MAX_VALUE), both);
        assertTrue(both.contains(5, 10L));
        assertFalse(both.contains(51, 10L));
        assertFalse(both.contains(5, 9L));
    }
}
