package dev.govengine.sync;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.chain.ChainReader;
import dev.govengine.chain.LogRangeFetcher;
import dev.govengine.config.EngineConfig;
import dev.govengine.types.ChecksumAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * The sync pipeline every {@link LogSource} runs through, on a worker thread: check the cursor is still on the
 * canonical chain (rolling back to the common ancestor if not), then index block ranges up to the head, each in one
 * transaction with its cursor, reading the next range while the current one is written, and the chain's answers at a
 * range's end while its rows are written.
 */
@ApplicationScoped
public class LogSourceSyncer {
    private static final Logger LOG = Logger.getLogger(LogSourceSyncer.class);

    private final ChainReader reader;
    private final LogRangeFetcher fetcher;
    private final SyncStore store;
    private final RangeWriter writer;
    private final ReorgRollback rollback;
    private final SyncProgress progress;
    private final LogRangeFetcher.RangeBounds bounds;
    private final int maxReorgDepth;
    /**
     * Sources stopped by a reorg deeper than the limit. Kept in memory only: after a restart (with a higher limit,
     * or a corrected RPC URL) the source is checked against the chain afresh.
     */
    private final Map<String, ReorgTooDeepException> stopped = new ConcurrentHashMap<>();
    /**
     * By chain, the lowest block the last reorg followed there orphaned. Headers are shared by the chain's sources,
     * so once one source has re-indexed, the new headers it stored above the ancestor would match the canonical
     * chain in another source's search, and that source would keep rows of orphaned blocks below them.
     */
    private final Map<String, Long> orphanedFrom = new ConcurrentHashMap<>();
    /**
     * Reads the next range while the current one is written. Chains cycle side by side (SyncCoordinator), each
     * source with at most one read ahead, so a thread per read in flight: a node that hangs holds only its own.
     */
    private final ExecutorService fetchers = Executors.newCachedThreadPool(task -> {
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
        this.bounds = new LogRangeFetcher.RangeBounds(config.sync().initialRange(), config.sync().maxRange(),
                config.sync().maxLogsPerRange());
        this.maxReorgDepth = config.sync().maxReorgDepth();
    }

    /** Indexes the source up to the chain's current head; returns its cursor afterwards (empty: nothing indexed). */
    public Optional<Cursor> syncToHead(LogSource source) {
        ReorgTooDeepException stop = stopped.get(source.id());
        if (stop != null) {
            throw stop;
        }
        long head = reader.headBlock(source.chain());
        Optional<Cursor> cursor = store.cursor(source);
        if (cursor.isPresent() && !onCanonicalChain(source, cursor.get(), head)) {
            cursor = rollBackToAncestor(source, cursor.get(), head);
        }
        long from = cursor.map(c -> c.block() + 1).orElse(source.startBlock());
        progress.started(source.id(), from, head);
        Optional<Read> early = EarlyRanges.take(source, from, head, cursor);
        Future<Fetched> pending = from <= head ? prefetch(source, from, head, cursor, early) : null;
        try {
            while (pending != null) {
                Fetched fetched = join(pending);
                pending = null;
                if (!fetched.continues(cursor)) {
                    cursor = rollBackToAncestor(source, cursor.orElseThrow(), head);
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
                long started = System.nanoTime();
                long[] asked = {started};
                long firstBlock = cursor.map(c -> c.block() + 1).orElse(source.startBlock());
                writer.write(source, fetched.rows(), fetched.headers().values(), cursor.orElse(null), next, () -> {
                    addReferencedHeaders(source, fetched, firstBlock, next);
                    LogSource.RangeRows answers = source.atEnd(fetched.rows(), next.block());
                    asked[0] = System.nanoTime();
                    return answers;
                });
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("%s: blocks %d to %d, %d logs: eth_getLogs %d ms, headers %d ms, decode %d ms "
                            + "(read ahead%s), then chain answers %d ms beside the write, write %d ms in all",
                            source.id(), fetched.batch().from(), next.block(), fetched.batch().logs().size(),
                            fetched.timing().logsMillis(), fetched.timing().headersMillis(),
                            fetched.timing().decodeMillis(), fetched.timing().early() ? ", before the service started" : "",
                            millis(started, asked[0]), millis(started, System.nanoTime()));
                }
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
    private record Fetched(LogRangeFetcher.Batch batch, Map<Long, BlockHeader> headers, LogSource.RangeRows rows,
            Timing timing) {
        /** False if the chain reorganized under the range: the block before it is no longer {@code cursor}'s. */
        boolean continues(Optional<Cursor> cursor) {
            return cursor.isEmpty() || headers.get(cursor.get().block()).hash().equals(cursor.get().hash());
        }

        Cursor end() {
            return new Cursor(batch.to(), headers.get(batch.to()).hash());
        }
    }

    /**
     * Adds the headers of the blocks the source refers to besides its logs' ({@link LogSource#referencedBlocks}),
     * read in one batch with the range's last block: should that block's hash have changed, they may come from
     * another fork than the range's logs, and the range is read again.
     */
    private void addReferencedHeaders(LogSource source, Fetched fetched, long firstBlock, Cursor end) {
        TreeSet<Long> wanted = new TreeSet<>(source.referencedBlocks(fetched.rows(), firstBlock, end.block()));
        wanted.removeAll(fetched.headers().keySet());
        if (wanted.isEmpty()) {
            return;
        }
        wanted.add(end.block());
        for (BlockHeader header : reader.headers(source.chain(), wanted)) {
            if (header.number() != end.block()) {
                fetched.headers().put(header.number(), header);
            } else if (!header.hash().equals(end.hash())) {
                throw new ReorgDuringFetchException(source.chain(), end.block());
            }
        }
    }

    /** Where a range's read went, for the backfill's timing log (docs/BENCHMARKS.md, "Indexer backfill"). */
    private record Timing(long logsMillis, long headersMillis, long decodeMillis, boolean early) {
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    private Future<Fetched> prefetch(LogSource source, long from, long head, Optional<Cursor> cursor) {
        return prefetch(source, from, head, cursor, Optional.empty());
    }

    private Future<Fetched> prefetch(LogSource source, long from, long head, Optional<Cursor> cursor,
            Optional<Read> early) {
        return fetchers.submit(() -> fetch(source, from, head, cursor, early));
    }

    /** {@code early}: the range as {@link EarlyRanges} read it, if it is this one; else it is read here. */
    private Fetched fetch(LogSource source, long from, long head, Optional<Cursor> cursor, Optional<Read> early) {
        early.ifPresent(read -> {
            LOG.infof("%s: blocks %d to %d, %d logs, read before the service started", source.id(),
                    read.batch().from(), read.batch().to(), read.batch().logs().size());
            fetcher.continueFrom(source.chain(), source.addresses(), source.topics(), read.nextRange());
        });
        Read read = early.orElseGet(() -> read(reader, fetcher, source.chain(), from, head, bounds, source.addresses(),
                source.topics(), cursor, maxReorgDepth));
        long decoding = System.nanoTime();
        LogSource.RangeRows rows = source.decode(read.batch().logs(), read.headers(), cursor.isEmpty());
        return new Fetched(read.batch(), read.headers(), rows, new Timing(read.logsMillis(), read.headersMillis(),
                millis(decoding, System.nanoTime()), early.isPresent()));
    }

    /** One range's logs and the headers they are checked against, and how long each took to read. */
    record Read(LogRangeFetcher.Batch batch, Map<Long, BlockHeader> headers, long logsMillis, long headersMillis,
            long nextRange) {
    }

    /**
     * Reads one range from {@code from} and the headers of its logs' blocks, of its last block and of the cursor's,
     * checking that every log is on those blocks. Static, since {@link EarlyRanges} reads a first range this way
     * before the service, and this pipeline, exist.
     */
    static Read read(ChainReader reader, LogRangeFetcher fetcher, String chain, long from, long head,
            LogRangeFetcher.RangeBounds bounds, List<ChecksumAddress> addresses, List<String> topics,
            Optional<Cursor> cursor, int maxReorgDepth) {
        long started = System.nanoTime();
        LogRangeFetcher.Batch batch = fetcher.fetch(chain, from, head, bounds, addresses, topics);
        TreeSet<Long> blocks = new TreeSet<>();
        batch.logs().forEach(log -> blocks.add(log.blockNumber()));
        blocks.add(batch.to());
        // A range longer than the reorg limit stores a header at the limit's depth too, so that an ancestor search
        // from the range's end always meets a stored header within the limit.
        if (batch.to() - maxReorgDepth >= from) {
            blocks.add(batch.to() - maxReorgDepth);
        }
        cursor.ifPresent(c -> blocks.add(c.block()));
        long fetched = System.nanoTime();
        Map<Long, BlockHeader> headers = new TreeMap<>();
        reader.headers(chain, blocks).forEach(h -> headers.put(h.number(), h));
        for (ChainLog log : batch.logs()) {
            if (!headers.get(log.blockNumber()).hash().equals(log.blockHash())) {
                throw new ReorgDuringFetchException(chain, log.blockNumber());
            }
        }
        return new Read(batch, headers, millis(started, fetched), millis(fetched, System.nanoTime()),
                fetcher.nextRange(chain, addresses, topics, bounds));
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

    /** A cursor above the head is not on the chain: the chain was reorganized to a shorter one. */
    private boolean onCanonicalChain(LogSource source, Cursor cursor, long head) {
        return cursor.block() <= head
                && reader.headers(source.chain(), List.of(cursor.block())).get(0).hash().equals(cursor.hash());
    }

    /**
     * Finds the newest block both chains share among the stored headers within the reorg limit, by its own hash or
     * as the parent of a stored header, rolls the source back to it, and returns it (empty: the source starts over
     * from its start block, all of which lies within the limit). The orphaned cursor's block is judged by the
     * cursor's hash, since another source on the chain may already have stored the new block's header there.
     */
    private Optional<Cursor> rollBackToAncestor(LogSource source, Cursor orphaned, long head) {
        long lowest = orphaned.block() - maxReorgDepth;
        long floor = Math.max(source.startBlock(), lowest);
        List<SyncStore.StoredHeader> stored = store.storedHeaders(source.chain(), Math.min(orphaned.block(), head + 1),
                floor).stream()
                .filter(h -> h.number() != orphaned.block() || h.hash().equals(orphaned.hash()))
                .toList();
        TreeSet<Long> numbers = new TreeSet<>();
        for (SyncStore.StoredHeader header : stored) {
            if (header.number() <= head) {
                numbers.add(header.number());
            }
            if (header.number() - 1 >= Math.max(0, lowest) && header.number() - 1 <= head) {
                numbers.add(header.number() - 1);
            }
        }
        Map<Long, String> canonical = new TreeMap<>();
        reader.headers(source.chain(), numbers).forEach(h -> canonical.put(h.number(), h.hash()));
        Optional<Cursor> ancestor = Optional.empty();
        for (SyncStore.StoredHeader header : stored) {
            if (header.hash().equals(canonical.get(header.number()))) {
                ancestor = Optional.of(new Cursor(header.number(), header.hash()));
                break;
            }
            if (header.parentHash().equals(canonical.get(header.number() - 1))) {
                ancestor = Optional.of(new Cursor(header.number() - 1, header.parentHash()));
                break;
            }
        }
        if (ancestor.isEmpty() && lowest >= source.startBlock()) {
            ReorgTooDeepException stop = new ReorgTooDeepException(source, orphaned, head, floor, maxReorgDepth);
            stopped.put(source.id(), stop);
            throw stop;
        }
        Long known = orphanedFrom.get(source.chain());
        if (known != null && known > lowest && known <= orphaned.block() && ancestor.isPresent()
                && ancestor.get().block() >= known) {
            ancestor = Optional.ofNullable(known - 1 < 0 ? null
                    : new Cursor(known - 1, reader.headers(source.chain(), List.of(known - 1)).get(0).hash()));
        }
        Cursor keep = ancestor.filter(a -> a.block() >= source.startBlock()).orElse(null);
        orphanedFrom.put(source.chain(), keep == null ? source.startBlock() : keep.block() + 1);
        LOG.warnf("%s: reorg below block %d (head %d); rolling back to %s", source.id(), orphaned.block(), head,
                keep == null ? "the start block" : "block " + keep.block());
        rollback.rollBack(source, keep);
        progress.reorged(source.id());
        return Optional.ofNullable(keep);
    }
}
