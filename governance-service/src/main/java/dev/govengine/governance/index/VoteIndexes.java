package dev.govengine.governance.index;

import dev.govengine.persistence.WorkerDb;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The read indexes of {@code vote}, left out while a backfill fills an empty table and built once it has caught up.
 * Each costs the vote insert about twice the heap's own work per row (docs/BENCHMARKS.md, "Indexer backfill"), and
 * building one over the finished table sorts it once. The primary key stays: the writes' ON CONFLICT and a reorg's
 * rollback rely on it. The lookup of a voter's earlier votes stays too while a governor whose voters may vote more
 * than once is indexed: its inserts read it for every vote.
 *
 * <p>Nothing is stored about it: an index is either in the catalog or missing, and a missing one is built (each in
 * one statement, so a crash leaves it whole or absent) when no backfill that dropped them runs in this process, at
 * the end of a governor's cycle. So a writer killed mid-backfill, or mid-build, finds them missing at its next start,
 * finishes the backfill without them and builds them; a writer that takes over does the same at the end of its first
 * cycle. A standby replays the drop and the build like any DDL. Meanwhile the API's reads of votes by proposal or
 * voter scan the governor's votes instead (docs/ARCHITECTURE.md, "Database access").
 *
 * <p>Chains cycle side by side, so the two steps are serialized: a build never races a drop or another build.
 */
@ApplicationScoped
public class VoteIndexes {
    private static final Logger LOG = Logger.getLogger(VoteIndexes.class);

    /** A voter's earlier votes on a proposal: the insert of a vote that may not be its voter's first reads it. */
    static final String LOOKUP = "vote_by_proposal_voter";

    /** As the migrations create them (V1, V7, V18); VoteIndexesTest compares them with the migrated catalog. */
    static final List<Definition> READ_INDEXES = List.of(
            new Definition("vote_by_voter", "(governor_id, voter, block_number DESC, log_index DESC)"),
            new Definition("vote_by_proposal", "(governor_id, proposal_id, block_number DESC, log_index DESC)"),
            new Definition(LOOKUP, "(governor_id, proposal_id, voter)"));

    record Definition(String name, String columns) {
        String create() {
            return "CREATE INDEX IF NOT EXISTS " + name + " ON vote " + columns;
        }
    }

    private final Pool pool;
    private final WorkerDb db;
    /** Governors whose first cycle in this process dropped the indexes and has not ended. */
    private final Set<String> backfilling = ConcurrentHashMap.newKeySet();
    /** Governors past their first cycle in this process: only a first cycle may find the table empty. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Set once every index was found or built; only this class drops them, and only in a first cycle. */
    private boolean complete;

    @Inject
    public VoteIndexes(Pool pool, WorkerDb db) {
        this.pool = pool;
        this.db = db;
    }

    /**
     * A governor's cycle, from {@link #beforeCycle} to {@link #afterCycle} when it is closed. As a resource, a
     * failure of the build at its end is added to the cycle's own failure instead of taking its place.
     */
    Cycle cycle(IndexedGovernor governor, boolean votesOnce) {
        beforeCycle(governor, votesOnce);
        return () -> afterCycle(governor);
    }

    interface Cycle extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Before a governor's cycle: on its first in this process, with {@code vote} empty, the read indexes are dropped
     * (the lookup only if every vote of this governor is its voter's first). A governor that reads the lookup gets it
     * back first if it is missing.
     */
    synchronized void beforeCycle(IndexedGovernor governor, boolean votesOnce) {
        if (seen.add(governor.id()) && dropIfEmpty(governor, votesOnce)) {
            backfilling.add(governor.id());
        }
        if (!votesOnce && !complete) {
            build(READ_INDEXES.stream().filter(d -> d.name().equals(LOOKUP)).toList(), governor);
        }
    }

    /** After a governor's cycle, failed or not: the missing indexes are built unless a backfill still runs. */
    synchronized void afterCycle(IndexedGovernor governor) {
        backfilling.remove(governor.id());
        if (!complete && backfilling.isEmpty()) {
            build(READ_INDEXES, governor);
            complete = true;
        }
    }

    /**
     * Drops the indexes in one transaction that first locks the table and finds it empty, so no vote is inserted
     * in between. The lock waits briefly: a reader holding the table means someone uses the index set, and the
     * backfill then simply keeps it.
     */
    private boolean dropIfEmpty(IndexedGovernor governor, boolean votesOnce) {
        List<String> names = READ_INDEXES.stream().map(Definition::name)
                .filter(name -> votesOnce || !name.equals(LOOKUP)).toList();
        try {
            boolean dropped = db.await(pool.withTransaction(tx -> tx.query("SET LOCAL lock_timeout = '200ms'").execute()
                    .chain(() -> tx.query("LOCK TABLE vote IN ACCESS EXCLUSIVE MODE").execute())
                    .chain(() -> tx.query("SELECT EXISTS (SELECT 1 FROM vote) AS any").execute())
                    .chain(rows -> rows.iterator().next().getBoolean("any") ? Uni.createFrom().item(false)
                            : tx.query("DROP INDEX IF EXISTS " + String.join(", ", names)).execute()
                                    .replaceWith(true))),
                    "dropping the vote table's read indexes for " + governor.id() + "'s backfill");
            if (dropped) {
                complete = false;
                LOG.infof("%s: vote table empty: its indexes %s are built once the backfill has caught up",
                        governor.id(), String.join(", ", names));
            }
            return dropped;
        } catch (PgException busy) {
            if (!"55P03".equals(busy.getSqlState())) {
                throw busy;
            }
            LOG.debugf("%s: the vote table is in use; the backfill keeps its indexes", governor.id());
            return false;
        }
    }

    /**
     * Builds the missing ones of {@code wanted} one after the other, each in its own statement. Side by side, the
     * three builds took both cores of the benchmark's machine just as the backfill had caught up, and the API's first
     * answer saying so waited for them (docs/BENCHMARKS.md, "Indexer backfill"): one at a time leaves the API a core.
     */
    private void build(List<Definition> wanted, IndexedGovernor governor) {
        Set<String> present = db.await(pool.preparedQuery(
                        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'vote'")
                .execute(), "reading the vote table's indexes")
                .stream().map((Row row) -> row.getString("indexname")).collect(Collectors.toSet());
        List<Definition> missing = wanted.stream().filter(d -> !present.contains(d.name())).toList();
        if (missing.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Uni<Void> builds = Uni.createFrom().voidItem();
        for (Definition index : missing) {
            builds = builds.chain(() -> pool.query(index.create()).execute().replaceWithVoid());
        }
        String names = missing.stream().map(Definition::name).collect(Collectors.joining(", "));
        db.await(builds, "building the vote indexes " + names);
        LOG.infof("%s: vote indexes %s built in %d ms", governor.id(), names, (System.nanoTime() - started) / 1_000_000);
    }
}
