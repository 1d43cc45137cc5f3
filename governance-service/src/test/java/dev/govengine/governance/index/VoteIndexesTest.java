package dev.govengine.governance.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.persistence.WorkerDb;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The vote table's read indexes during a backfill, on a copy of the migrated {@code vote} table, indexes included, in
 * a schema of this test's own (the suite's table holds other tests' votes, and a backfill only drops them from an
 * empty table). The migrations' catalog is the oracle: what is built afterwards must be what they created.
 */
@QuarkusTest
class VoteIndexesTest {
    private static final String SCRATCH = "vote_indexes_scratch";
    private static final String INDEXES = """
            SELECT indexname, replace(indexdef, schemaname || '.', '') AS definition FROM pg_indexes
            WHERE schemaname = $1 AND tablename = 'vote' AND indexname <> 'vote_pkey'""";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    WorkerDb db;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void aBackfillIntoAnEmptyTableBuildsTheMigrationsIndexesWhenItEnds() {
        Map<String, String> migrated = indexes(pool, currentSchema());
        assertEquals(VoteIndexes.READ_INDEXES.size(), migrated.size(), "the migrations' read indexes: " + migrated);
        dropScratch();
        pool.query("CREATE SCHEMA " + SCRATCH).execute().await().indefinitely();
        pool.query("CREATE TABLE " + SCRATCH + ".vote (LIKE vote INCLUDING DEFAULTS INCLUDING CONSTRAINTS)").execute()
                .await().indefinitely();
        for (Row index : pool.query("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                + "AND tablename = 'vote'").execute().await().indefinitely()) {
            pool.query(index.getString("indexdef").replace(" ON " + currentSchema() + ".vote ", " ON " + SCRATCH
                    + ".vote ")).execute().await().indefinitely();
        }
        Pool scratch = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(PgConnectOptions.fromUri(jdbcUrl.replaceFirst("^jdbc:", "")).setUser(user)
                        .setPassword(password).addProperty("search_path", SCRATCH))
                .using(vertx.getDelegate()).build());
        try {
            IndexedGovernor once = governor("1");
            IndexedGovernor fractional = governor("2");

            VoteIndexes writer = new VoteIndexes(scratch, db);
            writer.beforeCycle(fractional, false);
            assertEquals(Map.of(VoteIndexes.LOOKUP, migrated.get(VoteIndexes.LOOKUP)), indexes(scratch, SCRATCH),
                    "a governor whose voters may vote again keeps the lookup its inserts read");
            writer.afterCycle(fractional);
            assertEquals(migrated, indexes(scratch, SCRATCH), "built when its cycle ended");

            VoteIndexes restarted = new VoteIndexes(scratch, db);
            restarted.beforeCycle(once, true);
            assertEquals(Map.of(), indexes(scratch, SCRATCH), "every read index out of a backfill counting votes once");
            insertVote(scratch, once);
            // A kill -9 here: the next writer finds votes, keeps the table as it is, and builds at its cycle's end.
            VoteIndexes afterCrash = new VoteIndexes(scratch, db);
            afterCrash.beforeCycle(once, true);
            assertEquals(Map.of(), indexes(scratch, SCRATCH), "nothing dropped or built while resuming");
            afterCrash.afterCycle(once);
            assertEquals(migrated, indexes(scratch, SCRATCH), "every index back, as the migrations made it");
            assertEquals(1L, scratch.query("SELECT COUNT(*) AS n FROM vote WHERE voter = 'v'").execute().await()
                    .indefinitely().iterator().next().getLong("n"), "read through the rebuilt index");
        } finally {
            scratch.close().await().indefinitely();
            dropScratch();
        }
    }

    private static IndexedGovernor governor(String last) {
        return IndexedGovernor.of("g" + last, "anvil", 31337,
                ChecksumAddress.of("0x000000000000000000000000000000000000000" + last), 0);
    }

    private static void insertVote(Pool scratch, IndexedGovernor governor) {
        scratch.preparedQuery("""
                        INSERT INTO vote (governor_id, proposal_id, voter, support, weight, reason, block_number,
                            block_timestamp, tx_hash, log_index)
                        VALUES ($1, 7, 'v', 1, 5, '', 9, 0, $2, 0)""")
                .execute(Tuple.of(governor.id(), "0x" + "cd".repeat(32))).await().indefinitely();
    }

    private static Map<String, String> indexes(Pool on, String schema) {
        Map<String, String> found = new TreeMap<>();
        for (Row row : on.preparedQuery(INDEXES).execute(Tuple.of(schema)).await().indefinitely()) {
            found.put(row.getString("indexname"), row.getString("definition"));
        }
        return found;
    }

    private String currentSchema() {
        return pool.query("SELECT current_schema() AS s").execute().await().indefinitely().iterator().next()
                .getString("s");
    }

    private void dropScratch() {
        pool.query("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE").execute().await().indefinitely();
    }
}
