package dev.govengine.sync;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.chain.ChainReader;
import dev.govengine.chain.LogRangeFetcher;
import dev.govengine.config.EngineConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * The sync pipeline every {@link LogSource} runs through, on a worker thread: check the cursor is still on the
 * canonical chain (rolling back to the common ancestor if not), then index block ranges up to the head, each in one
 * transaction with its cursor, reading the next range while the current one is written.
 */
@ApplicationScoped
public class LogSourceSyncer {
    private static final Logger LOG = Logger.getLogger(LogSourceSyncer.class);
    /** How far back a reorg is searched for; deeper ones re-index the source from its start block. */
    private static final int MAX_REORG_DEPTH = 256;

    private final ChainReader reader;
    private final LogRangeFetcher fetcher;
    private final SyncStore store;
    private final RangeWriter writer;
    private final ReorgRollback rollback;
    private final SyncProgress progress;
    private final LogRangeFetcher.RangeBounds bounds;
    /** Reads the next range while the current one is written; cycles never overlap, so one thread is enough. */
    private final ExecutorService fetchers = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "log-range-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public LogSourceSyncer(ChainReader reader, LogRangeFetcher fetcher, SyncStore store, RangeWriter writer,
            ReorgRollback rollback, SyncProgress progress, EngineConfig config) {
        this.reader = reader;
        this.fetcher = fetcher;
        this.store = store;
        this.writer = writer;
        this.rollback = rollback;
        this.progress = progress;
        this.bounds = new LogRangeFetcher.RangeBounds(config.sync().initialRange(), config.sync().maxRange());
    }

    /** Indexes the source up to the chain's current head; returns its cursor afterwards (empty: nothing indexed). */
    public Optional<Cursor> syncToHead(LogSource source) {
        long head = reader.headBlock(source.chain());
        Optional<Cursor> cursor = store.cursor(source);
        if (cursor.isPresent() && !onCanonicalChain(source, cursor.get())) {
            cursor = rollBackToAncestor(source, cursor.get());
        }
        long from = cursor.map(c -> c.block() + 1).orElse(source.startBlock());
        progress.started(source.id(), from, head);
        Future<Fetched> pending = from <= head ? prefetch(source, from, head, cursor) : null;
        try {
            while (pending != null) {
                Fetched fetched = join(pending);
                pending = null;
                if (!fetched.continues(cursor)) {
                    cursor = rollBackToAncestor(source, cursor.orElseThrow());
                    from = cursor.map(c -> c.block() + 1).orElse(source.startBlock());
                    pending = from <= head ? prefetch(source, from, head, cursor) : null;
                    continue;
                }
                Cursor next = fetched.end();
                // The next range is read from the node while this one is written: the two wait on different
                // servers. Should this write fail, or the chain turn out to have moved, the read is dropped.
                if (next.block() < head) {
                    pending = prefetch(source, next.block() + 1, head, Optional.of(next));
                }
                cursor.ifPresent(c -> fetched.headers().remove(c.block()));
                writer.write(source, source.atEnd(fetched.rows(), next.block()), fetched.headers().values(),
                        cursor.orElse(null), next);
                cursor = Optional.of(next);
                progress.advanced(source.id(), next.block(), head, fetched.batch().logs().size());
            }
        } finally {
            if (pending != null) {
                pending.cancel(true);
            }
        }
        return cursor;
    }

    /**
     * One range read, checked and decoded, ready to write: its logs, the headers of their blocks, of its last block
     * and of the block before it (the cursor it continues from), and the rows the logs become.
     */
    private record Fetched(LogRangeFetcher.Batch batch, Map<Long, BlockHeader> headers, LogSource.RangeRows rows) {
        /** False if the chain reorganized under the range: the block before it is no longer {@code cursor}'s. */
        boolean continues(Optional<Cursor> cursor) {
            return cursor.isEmpty() || headers.get(cursor.get().block()).hash().equals(cursor.get().hash());
        }

        Cursor end() {
            return new Cursor(batch.to(), headers.get(batch.to()).hash());
        }
    }

    private Future<Fetched> prefetch(LogSource source, long from, long head, Optional<Cursor> cursor) {
        return fetchers.submit(() -> fetch(source, from, head, cursor));
    }

    private Fetched fetch(LogSource source, long from, long head, Optional<Cursor> cursor) {
        LogRangeFetcher.Batch batch = fetcher.fetch(source.chain(), from, head, bounds, source.addresses(),
                source.topics());
        TreeSet<Long> blocks = new TreeSet<>();
        batch.logs().forEach(log -> blocks.add(log.blockNumber()));
        blocks.add(batch.to());
        cursor.ifPresent(c -> blocks.add(c.block()));
        Map<Long, BlockHeader> headers = new TreeMap<>();
        reader.headers(source.chain(), blocks).forEach(h -> headers.put(h.number(), h));
        for (ChainLog log : batch.logs()) {
            if (!headers.get(log.blockNumber()).hash().equals(log.blockHash())) {
                throw new ReorgDuringFetchException(source.chain(), log.blockNumber());
            }
        }
        return new Fetched(batch, headers, source.decode(batch.logs(), headers, cursor.isEmpty()));
    }

    private static Fetched join(Future<Fetched> pending) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading logs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        fetchers.shutdownNow();
    }

    private boolean onCanonicalChain(LogSource source, Cursor cursor) {
        return reader.headers(source.chain(), List.of(cursor.block())).get(0).hash().equals(cursor.hash());
    }

    private Optional<Cursor> rollBackToAncestor(LogSource source, Cursor orphaned) {
        Map<Long, String> stored = store.storedHashes(source.chain(), orphaned.block(), source.startBlock(), MAX_REORG_DEPTH);
        List<BlockHeader> canonical = reader.headers(source.chain(), stored.keySet());
        Cursor ancestor = null;
        for (BlockHeader header : canonical) {
            if (header.hash().equals(stored.get(header.number()))) {
                ancestor = new Cursor(header.number(), header.hash());
                break;
            }
        }
        LOG.warnf("%s: reorg below block %d; rolling back to %s", source.id(), orphaned.block(),
                ancestor == null ? "the start block" : "block " + ancestor.block());
        rollback.rollBack(source, ancestor);
        progress.reorged(source.id());
        return Optional.ofNullable(ancestor);
    }
}
