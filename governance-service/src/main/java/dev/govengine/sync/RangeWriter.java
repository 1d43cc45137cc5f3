package dev.govengine.sync;

import static dev.govengine.persistence.Batches.batch;

import dev.govengine.chain.BlockHeader;
import dev.govengine.persistence.WorkerDb;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Writes one indexed block range of a source in a single transaction: every row derived from the range's logs, what
 * the source reads from the chain at its end, the headers, the cursor, and, for a governor, the notice that tells
 * every replica's live events about the range once it commits, with the {@link IndexedHook}s' work. The cursor only
 * moves if it is still where this writer read it, so a second writer (or a replay after a crash) can never apply a
 * range twice.
 */
@ApplicationScoped
public class RangeWriter {
    private final Pool pool;
    private final WorkerDb db;
    private final Instance<IndexedHook> hooks;

    @Inject
    public RangeWriter(Pool pool, WorkerDb db, Instance<IndexedHook> hooks) {
        this.pool = pool;
        this.db = db;
        this.hooks = hooks;
    }

    /**
     * Writes the range: its rows are sent to PostgreSQL at once, while {@code atEnd} runs on this thread (reading the
     * chain: the two wait on different servers, so they overlap); then what {@code atEnd} returned, the headers
     * (which it may still add to), the cursor and the notice, and the commit. Should {@code atEnd} fail, the
     * transaction rolls back and its failure is thrown.
     */
    public void write(LogSource source, LogSource.RangeRows rows, Collection<BlockHeader> headers, Cursor previous,
            Cursor next, Supplier<LogSource.RangeRows> atEnd) {
        String what = "writing the range of " + source.id() + " up to block " + next.block();
        CompletableFuture<LogSource.RangeRows> after = new CompletableFuture<>();
        CompletableFuture<Void> committed = db.bounded(pool.withTransaction(tx -> rows.write(tx)
                        .chain(() -> Uni.createFrom().completionStage(after))
                        .chain(more -> writeHeaders(tx, source.chain(), headers).chain(() -> more.write(tx)))
                        .chain(() -> moveCursor(tx, source, previous, next))
                        .chain(() -> notifyReplicas(tx, source, previous, next))), what)
                .subscribeAsCompletionStage();
        try {
            after.complete(atEnd.get());
        } catch (Throwable failure) {
            after.completeExceptionally(failure);
            // The connection is the transaction's until it has rolled back.
            committed.handle((ignored, rollback) -> null).join();
            throw failure;
        }
        db.await(Uni.createFrom().completionStage(committed), what);
    }

    private static Uni<Void> writeHeaders(SqlClient tx, String chain, Collection<BlockHeader> headers) {
        return batch(tx, """
                INSERT INTO block_header (chain, number, hash, parent_hash, timestamp) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (chain, number) DO UPDATE
                    SET hash = EXCLUDED.hash, parent_hash = EXCLUDED.parent_hash, timestamp = EXCLUDED.timestamp""",
                headers, h -> Tuple.of(chain, h.number(), h.hash(), h.parentHash(), h.timestamp()));
    }

    private static Uni<Void> moveCursor(SqlClient tx, LogSource source, Cursor previous, Cursor next) {
        LogSource.CursorTable cursors = source.cursorTable();
        Uni<RowSet<Row>> update = previous == null
                ? tx.preparedQuery("INSERT INTO " + cursors.table + " (" + cursors.key + ", indexed_block, indexed_hash) "
                        + "VALUES ($1, $2, $3) ON CONFLICT (" + cursors.key + ") DO NOTHING")
                        .execute(Tuple.of(source.id(), next.block(), next.hash()))
                : tx.preparedQuery("UPDATE " + cursors.table + " SET indexed_block = $2, indexed_hash = $3, updated_at = now() "
                        + "WHERE " + cursors.key + " = $1 AND indexed_block = $4 AND indexed_hash = $5")
                        .execute(Tuple.of(source.id(), next.block(), next.hash(), previous.block(), previous.hash()));
        return update.map(rows -> {
            if (rows.rowCount() != 1) {
                throw new ConcurrentWriterException(source.id(), previous == null ? -1 : previous.block());
            }
            return null;
        }).replaceWithVoid();
    }

    private Uni<Void> notifyReplicas(SqlClient tx, LogSource source, Cursor previous, Cursor next) {
        if (source.cursorTable() != LogSource.CursorTable.GOVERNOR) {
            return Uni.createFrom().voidItem();
        }
        long firstBlock = previous == null ? source.startBlock() : previous.block() + 1;
        return IndexedHook.runAndSend(hooks, tx, new IndexedNotice(source.id(), firstBlock, next.block()));
    }
}
