package dev.govengine.sync;

import dev.govengine.persistence.WorkerDb;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The sync pipeline's own reads: cursors and stored headers. */
@ApplicationScoped
public class SyncStore {
    private final Pool pool;
    private final WorkerDb db;

    @Inject
    public SyncStore(Pool pool, WorkerDb db) {
        this.pool = pool;
        this.db = db;
    }

    public Optional<Cursor> cursor(LogSource source) {
        LogSource.CursorTable cursors = source.cursorTable();
        var rows = db.await(pool.preparedQuery("SELECT indexed_block, indexed_hash FROM " + cursors.table
                        + " WHERE " + cursors.key + " = $1").execute(Tuple.of(source.id())),
                "reading the cursor of " + source.id());
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new Cursor(row.getLong("indexed_block"), row.getString("indexed_hash")));
    }

    /** A block header as stored by a range: the candidates for a common ancestor after a reorg. */
    public record StoredHeader(long number, String hash, String parentHash) {
    }

    /** Stored headers from {@code notBelow} to {@code atOrBelow}, newest first. */
    public List<StoredHeader> storedHeaders(String chain, long atOrBelow, long notBelow) {
        List<StoredHeader> headers = new ArrayList<>();
        db.await(pool.preparedQuery("""
                SELECT number, hash, parent_hash FROM block_header WHERE chain = $1 AND number <= $2 AND number >= $3
                ORDER BY number DESC""").execute(Tuple.of(chain, atOrBelow, notBelow)),
                "reading the stored headers of chain '" + chain + "' from block " + notBelow + " to " + atOrBelow)
                .forEach(row -> headers.add(new StoredHeader(row.getLong("number"), row.getString("hash"),
                        row.getString("parent_hash"))));
        return headers;
    }
}
