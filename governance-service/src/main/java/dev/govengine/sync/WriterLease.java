package dev.govengine.sync;

import dev.govengine.persistence.SessionLock;
import dev.govengine.persistence.WorkerDb;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Only one replica indexes: the one holding a PostgreSQL session advisory lock ({@link SessionLock}). A writer that
 * dies releases it, and another replica takes over on its next cycle. The cursor's compare-and-set in
 * {@link RangeWriter} covers the moment of hand-over.
 */
@ApplicationScoped
public class WriterLease {
    /** The lock's key: "govindex" in ASCII, so it is recognizable in pg_locks. */
    static final long LOCK_KEY = 0x676f76696e646578L;

    private final SessionLock lock;

    @Inject
    public WriterLease(Pool pool, WorkerDb db) {
        this.lock = new SessionLock(pool, db, LOCK_KEY, "the indexer's writer");
    }

    /** True if this instance holds (or has just taken) the writer lock. */
    public boolean acquire() {
        return lock.acquire();
    }

    @PreDestroy
    void release() {
        lock.release();
    }
}
