package dev.govengine.sync;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.chain.ChainReader;
import dev.govengine.chain.LogRangeFetcher;
import dev.govengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The sync pipeline every {@link LogSource} runs through, on a worker thread: check the cursor is still on the
 * canonical chain (rolling back to the common ancestor if not), then index block ranges up to the head, each in one
 * transaction with its cursor.
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
        while (from <= head) {
            LogRangeFetcher.Batch batch = fetcher.fetch(source.chain(), from, head, bounds, source.addresses(),
                    source.topics());
            Optional<Cursor> next = indexBatch(source, batch, cursor);
            if (next.isEmpty()) {
                cursor = rollBackToAncestor(source, cursor.orElseThrow());
                from = cursor.map(c -> c.block() + 1).orElse(source.startBlock());
                continue;
            }
            cursor = next;
            from = batch.to() + 1;
            progress.advanced(source.id(), batch.to(), head, batch.logs().size());
        }
        return cursor;
    }

    /**
     * Writes one batch; returns empty if the chain reorganized under it (the block before the batch is no longer the
     * cursor's block), in which case nothing was written.
     */
    private Optional<Cursor> indexBatch(LogSource source, LogRangeFetcher.Batch batch, Optional<Cursor> cursor) {
        TreeSet<Long> blocks = new TreeSet<>();
        batch.logs().forEach(log -> blocks.add(log.blockNumber()));
        blocks.add(batch.to());
        cursor.ifPresent(c -> blocks.add(c.block()));
        Map<Long, BlockHeader> headers = new TreeMap<>();
        reader.headers(source.chain(), blocks).forEach(h -> headers.put(h.number(), h));

        if (cursor.isPresent() && !headers.get(cursor.get().block()).hash().equals(cursor.get().hash())) {
            return Optional.empty();
        }
        for (ChainLog log : batch.logs()) {
            if (!headers.get(log.blockNumber()).hash().equals(log.blockHash())) {
                throw new ReorgDuringFetchException(source.chain(), log.blockNumber());
            }
        }
        LogSource.RangeRows rows = source.decode(batch.logs(), headers, cursor.isEmpty());
        cursor.ifPresent(c -> headers.remove(c.block()));
        Cursor next = new Cursor(batch.to(), headers.get(batch.to()).hash());
        writer.write(source, rows, headers.values(), cursor.orElse(null), next);
        return Optional.of(next);
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
