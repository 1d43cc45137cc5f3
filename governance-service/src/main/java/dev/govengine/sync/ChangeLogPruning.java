package dev.govengine.sync;

import dev.govengine.config.EngineConfig;
import dev.govengine.persistence.WorkerDb;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The writer deletes change-log entries (migration V38) older than {@code gov.api.change-log-retention}, and moves
 * the pruning mark past them in the same transaction, so that a replica on a standby still behind them learns that it
 * missed some and retires everything. Only the writer prunes: one deleter, and none where the database is read-only.
 */
@ApplicationScoped
public class ChangeLogPruning {
    private static final Logger LOG = Logger.getLogger(ChangeLogPruning.class);
    /** How often at most: the log grows by a few rows a second, and each pruning is one short statement. */
    static final Duration EVERY = Duration.ofMinutes(1);

    private static final String PRUNE = """
            WITH gone AS (DELETE FROM change_log_commit WHERE committed_at < clock_timestamp() - $1 * interval '1 millisecond'
                          RETURNING seq, xid),
                 entries AS (DELETE FROM change_log WHERE xid IN (SELECT xid FROM gone))
            UPDATE change_log_pruned SET through = greatest(through, (SELECT max(seq) FROM gone))
            WHERE EXISTS (SELECT 1 FROM gone)""";

    private final Pool pool;
    private final WorkerDb db;
    private final Duration retention;
    private final AtomicLong lastPrunedAt = new AtomicLong();

    @Inject
    public ChangeLogPruning(Pool pool, WorkerDb db, EngineConfig config) {
        this.pool = pool;
        this.db = db;
        this.retention = config.api().changeLogRetention();
    }

    /** Prunes if the last pruning is {@link #EVERY} ago; called by the writer's cycle while it holds the lease. */
    void pruneIfDue() {
        long now = System.nanoTime();
        long last = lastPrunedAt.get();
        if (last != 0 && now - last < EVERY.toNanos() || !lastPrunedAt.compareAndSet(last, now)) {
            return;
        }
        try {
            prune();
        } catch (RuntimeException failed) {
            LOG.warnf("cannot prune the change log (%s); next time", failed.getMessage());
        }
    }

    /** Deletes the entries committed longer than the retention ago. */
    public void prune() {
        db.await(pool.preparedQuery(PRUNE).execute(Tuple.of(retention.toMillis())),
                "pruning the change log");
    }
}
