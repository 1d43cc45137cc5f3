package dev.govengine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the next eth_getLogs range follows the last one's logs; the node's refusals are FaultyChainsSyncTest's. */
class LogRangeFetcherTest {
    private static final LogRangeFetcher.RangeBounds BOUNDS = new LogRangeFetcher.RangeBounds(100, 100_000, 10_000);

    @Test
    void aSparseRangeDoublesUpToTheMaximum() {
        assertEquals(200, LogRangeFetcher.next(100, 100, 0, BOUNDS));
        assertEquals(200, LogRangeFetcher.next(100, 100, 12, BOUNDS));
        assertEquals(100_000, LogRangeFetcher.next(80_000, 80_000, 3, BOUNDS));
    }

    @Test
    void aRangeWithTooManyLogsNarrowsToTheBlocksThatHoldTheMost() {
        // 100 blocks of about 400 logs each, as in the backfill benchmark's chain.
        assertEquals(25, LogRangeFetcher.next(100, 100, 40_000, BOUNDS));
        // One block with more logs than the most wanted cannot be split: the range stays one block.
        assertEquals(1, LogRangeFetcher.next(1, 1, 25_000, BOUNDS));
    }

    @Test
    void aRangeGrowsNoFurtherThanTheLogsItIsLikelyToBring() {
        assertEquals(166, LogRangeFetcher.next(100, 100, 6_000, BOUNDS));
        // A range cut short by the head judges the density by the blocks it reached.
        assertEquals(500, LogRangeFetcher.next(2_000, 10, 200, BOUNDS));
    }
}
