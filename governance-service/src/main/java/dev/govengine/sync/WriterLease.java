package dev.govengine.sync;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Only one replica indexes: the one holding a PostgreSQL session advisory lock. The lock lives as long as the
 * connection that took it, so a writer that dies (or loses its database) releases it, and another replica takes
 * over on its next cycle. The cursor's compare-and-set in {@link RangeWriter} covers the moment of hand-over.
 */
@ApplicationScoped
public class WriterLease {
    private static final Logger LOG = Logger.getLogger(WriterLease.class);
    /** The lock's key: "govindex" in ASCII, so it is recognizable in pg_locks. */
    static final long LOCK_KEY = 0x676f76696e646578L;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;
    private SqlConnection holder;

    @Inject
    public WriterLease(Pool pool) {
        this.pool = pool;
    }

    /** True if this instance holds (or has just taken) the writer lock. */
    public synchronized boolean acquire() {
        if (holder != null) {
            try {
                holder.query("SELECT 1").execute().await().atMost(TIMEOUT);
                return true;
            } catch (RuntimeException lost) {
                LOG.warnf("lost the indexer lock's connection (%s); trying to take the lock again", lost.getMessage());
                closeHolder();
            }
        }
        SqlConnection connection = pool.getConnection().await().atMost(TIMEOUT);
        boolean taken;
        try {
            taken = connection.query("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")").execute().await().atMost(TIMEOUT)
                    .iterator().next().getBoolean(0);
        } catch (RuntimeException e) {
            connection.closeAndForget();
            throw e;
        }
        if (!taken) {
            connection.closeAndForget();
            return false;
        }
        holder = connection;
        LOG.info("this instance is the indexer's writer");
        return true;
    }

    /**
     * Gives the lock up. The connection goes back to the pool still open, so the lock must be released explicitly:
     * closing a pooled connection does not end its database session.
     */
    @PreDestroy
    synchronized void release() {
        if (holder == null) {
            return;
        }
        try {
            holder.query("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").execute().await().atMost(TIMEOUT);
        } catch (RuntimeException connectionAlreadyGone) {
            LOG.debugf("indexer lock released with its connection: %s", connectionAlreadyGone.getMessage());
        }
        closeHolder();
    }

    private void closeHolder() {
        if (holder != null) {
            holder.closeAndForget();
            holder = null;
        }
    }
}
