package dev.govengine.sync;

import dev.govengine.persistence.WorkerDb;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Undoes, in one transaction, everything that blocks above a common ancestor wrote for one source, and returns its
 * cursor to the ancestor. Re-indexing from there then gives exactly what a fresh index of the canonical chain gives.
 *
 * <p>Stored headers are shared by every source on the chain and are left alone: another source's cursor header may
 * lie above this ancestor and still be canonical, re-indexing overwrites the orphaned ones it meets, and an orphaned
 * one left behind only ever fails the hash comparison of an ancestor search.
 */
@ApplicationScoped
public class ReorgRollback {
    private final Pool pool;
    private final WorkerDb db;

    @Inject
    public ReorgRollback(Pool pool, WorkerDb db) {
        this.pool = pool;
        this.db = db;
    }

    /** @param ancestor the newest block both chains share, or null to start over from the source's start block */
    public void rollBack(LogSource source, Cursor ancestor) {
        long keep = ancestor == null ? source.startBlock() - 1 : ancestor.block();
        LogSource.CursorTable cursors = source.cursorTable();
        db.await(pool.withTransaction(tx -> source.rollBack(tx, keep)
                .chain(() -> (ancestor == null
                        ? tx.preparedQuery("DELETE FROM " + cursors.table + " WHERE " + cursors.key + " = $1")
                                .execute(Tuple.of(source.id()))
                        : tx.preparedQuery("UPDATE " + cursors.table + " SET indexed_block = $2, indexed_hash = $3, "
                                + "updated_at = now() WHERE " + cursors.key + " = $1")
                                .execute(Tuple.of(source.id(), ancestor.block(), ancestor.hash())))
                        .replaceWithVoid())),
                "rolling " + source.id() + " back to block " + keep);
    }
}
