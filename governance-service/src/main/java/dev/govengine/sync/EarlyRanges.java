package dev.govengine.sync;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainReader;
import dev.govengine.chain.LogRangeFetcher;
import dev.govengine.types.ChecksumAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A source's first range, read from the chain before the service has its database: {@code serve} on a fresh embedded
 * data directory reads it beside Flyway and Quarkus's boot, which need nothing of the chain, instead of at the head of
 * the first cycle (docs/BENCHMARKS.md, "Indexer backfill"). Only the chain is read and nothing is written, so the
 * writer lock and crash recovery are as before: the pipeline takes the range, once, in place of its own first read,
 * and only if it holds the writer lock, the source has no cursor, and the range starts where the source starts with
 * the same filter and ends at or below the head; anything else drops it. At most one range per source is held, as
 * the read-ahead holds one.
 */
public final class EarlyRanges {
    private static final Map<String, Early> EARLY = new ConcurrentHashMap<>();

    /** A range being read for a source, and what it assumed of the source. */
    private record Early(String chain, long from, List<ChecksumAddress> addresses, List<String> topics,
            CompletableFuture<LogSourceSyncer.Read> read) {
        boolean serves(LogSource source, long from, Optional<Cursor> cursor) {
            return cursor.isEmpty() && from == this.from && chain.equals(source.chain())
                    && addresses.equals(source.addresses()) && topics.equals(source.topics());
        }
    }

    private EarlyRanges() {
    }

    /**
     * Reads the first range of the source with this id, chain, start and filter, on the calling thread, through
     * {@code reader} (on the early clients, the service's not being made yet): up to {@code head}, as the pipeline's
     * first read would. A failure is kept, and the pipeline then reads the range itself.
     */
    public static void read(String sourceId, ChainReader reader, String chain, long from, long head,
            LogRangeFetcher.RangeBounds bounds, int maxReorgDepth, List<ChecksumAddress> addresses,
            List<String> topics) {
        CompletableFuture<LogSourceSyncer.Read> read = new CompletableFuture<>();
        Early replaced = EARLY.put(sourceId,
                new Early(chain, from, List.copyOf(addresses), List.copyOf(topics), read));
        if (replaced != null) {
            replaced.read().cancel(false);
        }
        try {
            read.complete(LogSourceSyncer.read(reader, new LogRangeFetcher(reader), chain, from, head, bounds,
                    addresses, topics, Optional.empty(), maxReorgDepth));
        } catch (RuntimeException failure) {
            read.completeExceptionally(failure);
        }
    }

    /**
     * The source's early range if it is the one the pipeline is about to read from {@code from} (see the class's
     * comment), waiting for it if it is still being read; removed either way, so it is offered once.
     */
    static Optional<LogSourceSyncer.Read> take(LogSource source, long from, long head, Optional<Cursor> cursor) {
        Early early = EARLY.remove(source.id());
        if (early == null || !early.serves(source, from, cursor)) {
            return Optional.empty();
        }
        try {
            return Optional.of(early.read().join()).filter(read -> read.batch().to() <= head);
        } catch (RuntimeException failed) {
            return Optional.empty();
        }
    }
}
