package dev.govengine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the next eth_getLogs range follows the last one's logs; the node's refusals are FaultyChainsSyncTest's. */
class LogRangeFetcherTest {
    private static final LogRangeFetcher.RangeBounds BOUNDS = new LogRangeFetcher.RangeBounds(100, 100_000, 10_000);

    @Test
    void aSparseRangeDoublesUpToTheMaximum() {
        assertEquals(200, LogRangeFetcher.next(100, 100, 0, 0, BOUNDS));
        assertEquals(200, LogRangeFetcher.next(100, 100, 12, 6, BOUNDS));
        assertEquals(100_000, LogRangeFetcher.next(80_000, 80_000, 3, 1, BOUNDS));
    }

    @Test
    void aRangeWithTooManyLogsNarrowsToTheBlocksThatHoldTheMost() {
        // 100 blocks of about 400 logs each, as in the backfill benchmark's chain.
        assertEquals(25, LogRangeFetcher.next(100, 100, 40_000, 20_000, BOUNDS));
        // One block with more logs than the most wanted cannot be split: the range stays one block.
        assertEquals(1, LogRangeFetcher.next(1, 1, 25_000, 0, BOUNDS));
    }

    @Test
    void aRangeGrowsNoFurtherThanTheLogsItIsLikelyToBring() {
        assertEquals(166, LogRangeFetcher.next(100, 100, 6_000, 3_000, BOUNDS));
        // A range cut short by the head judges the density by the blocks it reached.
        assertEquals(500, LogRangeFetcher.next(2_000, 10, 200, 100, BOUNDS));
    }

    @Test
    void aRangeWhoseLogsStartLateIsJudgedByItsLaterHalf() {
        // The backfill benchmark's blocks 13 to 32: nothing until the token's launch (2,000 logs in blocks 24 to
        // 27), 100 proposals, then votes of about 400 a block. By the whole range's density the next would be 40
        // blocks, some 16,000 logs; by its later half 33, about 13,000.
        assertEquals(33, LogRangeFetcher.next(20, 20, 2_999, 2_999, BOUNDS));
    }
}
