package dev.govengine.rewards.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.govengine.rewards.epoch.EpochCalendar.PolicyVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochCalendarTest {
    private static final long ANCHOR = 1_700_000_000L;

    @Test
    void oneLengthGivesEqualEpochsFromTheAnchor() {
        EpochCalendar calendar = new EpochCalendar(ANCHOR, List.of(new PolicyVersion(ANCHOR, 3_600)));
        assertEquals(new EpochWindow(1, ANCHOR, ANCHOR + 3_600), calendar.window(1));
        assertEquals(new EpochWindow(5, ANCHOR + 4 * 3_600, ANCHOR + 5 * 3_600), calendar.window(5));
        assertEquals(1, calendar.epochAt(ANCHOR));
        assertEquals(1, calendar.epochAt(ANCHOR + 3_599));
        assertEquals(2, calendar.epochAt(ANCHOR + 3_600), "an epoch's end is the next one's start");
        assertEquals(1_000_001, calendar.epochAt(ANCHOR + 1_000_000L * 3_600));
    }

    @Test
    void aChangeAppliesFromTheFirstEpochThatStartsAtOrAfterIt() {
        // Length 100 from the anchor; 30 from ANCHOR+250 (mid-epoch 3); 1000 from ANCHOR+360 exactly at a start.
        EpochCalendar calendar = new EpochCalendar(ANCHOR, List.of(
                new PolicyVersion(ANCHOR, 100), new PolicyVersion(ANCHOR + 250, 30), new PolicyVersion(ANCHOR + 360, 1_000)));
        assertEquals(new EpochWindow(3, ANCHOR + 200, ANCHOR + 300), calendar.window(3), "started before the change");
        assertEquals(new EpochWindow(4, ANCHOR + 300, ANCHOR + 330), calendar.window(4));
        assertEquals(new EpochWindow(5, ANCHOR + 330, ANCHOR + 360), calendar.window(5));
        assertEquals(new EpochWindow(6, ANCHOR + 360, ANCHOR + 1_360), calendar.window(6), "starts on the change");
        assertEquals(new EpochWindow(7, ANCHOR + 1_360, ANCHOR + 2_360), calendar.window(7));
        assertEquals(3, calendar.epochAt(ANCHOR + 299));
        assertEquals(5, calendar.epochAt(ANCHOR + 359));
        assertEquals(6, calendar.epochAt(ANCHOR + 360));
        assertEquals(7, calendar.epochAt(ANCHOR + 1_360));
    }

    @Test
    void changesWithinOneEpochOnlyTheLastCounts() {
        EpochCalendar calendar = new EpochCalendar(ANCHOR, List.of(new PolicyVersion(ANCHOR + 10, 7),
                new PolicyVersion(ANCHOR, 100), new PolicyVersion(ANCHOR + 20, 50), new PolicyVersion(ANCHOR + 20, 40)));
        assertEquals(new EpochWindow(2, ANCHOR + 100, ANCHOR + 140), calendar.window(2),
                "the later of two versions in the same block is in force");
        assertEquals(new EpochWindow(3, ANCHOR + 140, ANCHOR + 180), calendar.window(3));
    }

    @Test
    void versionsAfterTheAnchorBeforeAnyEpochCountOnlyWhereInForce() {
        // The deployment's own version is made in the anchor block; a later block changes the length back and forth.
        EpochCalendar calendar = new EpochCalendar(ANCHOR, List.of(new PolicyVersion(ANCHOR, 60),
                new PolicyVersion(ANCHOR + 61, 10), new PolicyVersion(ANCHOR + 100, 60)));
        assertEquals(new EpochWindow(2, ANCHOR + 60, ANCHOR + 120), calendar.window(2), "the 10 s length came too late");
        assertEquals(new EpochWindow(3, ANCHOR + 120, ANCHOR + 180), calendar.window(3),
                "back to 60 by epoch 3's start: one segment");
    }

    @Test
    void refusesWhatHasNoEpoch() {
        EpochCalendar calendar = new EpochCalendar(ANCHOR, List.of(new PolicyVersion(ANCHOR - 5, 10)));
        assertThrows(IllegalArgumentException.class, () -> calendar.epochAt(ANCHOR - 1));
        assertThrows(IllegalArgumentException.class, () -> calendar.window(0));
        assertThrows(IllegalArgumentException.class,
                () -> new EpochCalendar(ANCHOR, List.of(new PolicyVersion(ANCHOR + 1, 10))), "no policy at the anchor");
        assertThrows(IllegalArgumentException.class, () -> new PolicyVersion(ANCHOR, 0));
    }

    @Test
    void aLengthNearTheEndOfTimeStopsTheCalendarInsteadOfOverflowing() {
        EpochCalendar calendar = new EpochCalendar(ANCHOR, List.of(new PolicyVersion(ANCHOR, Long.MAX_VALUE / 2),
                new PolicyVersion(ANCHOR + 1, 10)));
        assertEquals(new EpochWindow(1, ANCHOR, ANCHOR + Long.MAX_VALUE / 2), calendar.window(1));
        assertEquals(1, calendar.epochAt(Long.MAX_VALUE / 2));
    }
}
