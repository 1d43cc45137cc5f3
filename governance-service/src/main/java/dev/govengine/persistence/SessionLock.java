package dev.govengine.persistence;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL session advisory lock held on a connection of its own, so that one replica does a job. The lock lives
 * as long as that connection, so a holder that dies (or loses its database) releases it, and another replica takes
 * it on its next try.
 */
public final class SessionLock {
    private static final Logger LOG = Logger.getLogger(SessionLock.class);

    private final Pool pool;
    private final WorkerDb db;
    private final long key;
    private final String role;
    private SqlConnection holder;

    /** @param role what holding the lock makes this instance, for the log: "the indexer's writer" */
    public SessionLock(Pool pool, WorkerDb db, long key, String role) {
        this.pool = pool;
        this.db = db;
        this.key = key;
        this.role = role;
    }

    /** True if this instance holds (or has just taken) the lock. */
    public synchronized boolean acquire() {
        if (holder != null) {
            try {
                db.await(holder.query("SELECT 1").execute(), "checking the connection holding the lock of " + role);
                return true;
            } catch (RuntimeException lost) {
                LOG.warnf("lost the connection holding the lock of %s (%s); trying to take it again", role,
                        lost.getMessage());
                closeHolder();
            }
        }
        SqlConnection connection = db.await(pool.getConnection(), "taking a connection for the lock of " + role);
        boolean taken;
        try {
            taken = db.await(connection.query("SELECT pg_try_advisory_lock(" + key + ") AS taken").execute(),
                    "trying the lock of " + role).iterator().next().getBoolean("taken");
        } catch (RuntimeException e) {
            connection.closeAndForget();
            throw e;
        }
        if (!taken) {
            connection.closeAndForget();
            return false;
        }
        holder = connection;
        LOG.infof("this instance is %s", role);
        return true;
    }

    /**
     * Gives the lock up. The connection goes back to the pool still open, so the lock must be released explicitly:
     * closing a pooled connection does not end its database session.
     */
    public synchronized void release() {
        if (holder == null) {
            return;
        }
        try {
            db.await(holder.query("SELECT pg_advisory_unlock(" + key + ")").execute(), "releasing the lock of " + role);
        } catch (RuntimeException connectionAlreadyGone) {
            LOG.debugf("lock of %s released with its connection: %s", role, connectionAlreadyGone.getMessage());
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
