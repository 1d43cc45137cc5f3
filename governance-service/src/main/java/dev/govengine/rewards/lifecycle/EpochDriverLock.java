package dev.govengine.rewards.lifecycle;

import dev.govengine.persistence.SessionLock;
import dev.govengine.persistence.WorkerDb;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The database lock that makes one replica the driver of the reward epochs. The scheduler's tick and every operator
 * step take it, so two replicas never both send a {@code proposeRoot}, whether a tick or an operator started it.
 */
@ApplicationScoped
public class EpochDriverLock {
    /** "govepoch" in ASCII, so it is recognizable in pg_locks. */
    static final long KEY = 0x676f7665706f6368L;

    private final SessionLock lock;

    @Inject
    public EpochDriverLock(Pool pool, WorkerDb db) {
        this.lock = new SessionLock(pool, db, KEY, "the reward epochs' driver");
    }

    /** True if this replica drives the epochs (it holds the lock, or has just taken it). */
    public boolean acquire() {
        return lock.acquire();
    }

    /** Fails with {@link EpochDriverElsewhereException} unless this replica drives the epochs. */
    void require() {
        if (!acquire()) {
            throw new EpochDriverElsewhereException();
        }
    }

    @PreDestroy
    void release() {
        lock.release();
    }
}
