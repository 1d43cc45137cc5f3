package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MigrationsTest {
    @Inject
    Pool pool;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyMigrationIsAppliedToRealPostgres() {
        List<Row> history = rows("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
        assertTrue(history.size() >= 1, "at least the first migration ran");
        assertEquals("1", history.get(0).getString("version"));
        history.forEach(row -> assertTrue(row.getBoolean("success"), "migration " + row.getString("version") + " succeeded"));

        String server = rows("SHOW server_version").get(0).getString(0);
        assertTrue(server.matches("\\d+(\\.\\d+)?.*"), "a real PostgreSQL answered: " + server);
    }

    /**
     * A schema with a migration history, as an upgrade finds it, is migrated one transaction per migration, as
     * Flyway does by default; only a schema without one, as a first start finds it, in one transaction (this test's
     * database was, and {@link #everyMigrationIsAppliedToRealPostgres} reads its history).
     */
    @Test
    void onlyAFreshSchemaIsMigratedInOneTransaction() {
        FluentConfiguration migrated = Flyway.configure().dataSource(dataSource);
        new FreshSchemaMigration().customize(migrated);
        assertFalse(migrated.isGroup(), "the test database has a history, so each migration is a transaction");

        rows("CREATE SCHEMA IF NOT EXISTS fresh_schema_test");
        try {
            FluentConfiguration fresh = Flyway.configure().dataSource(dataSource).defaultSchema("fresh_schema_test");
            new FreshSchemaMigration().customize(fresh);
            assertTrue(fresh.isGroup(), "a schema without a history is migrated in one transaction");
            rows("CREATE TABLE fresh_schema_test.flyway_schema_history (installed_rank INT)");
            FluentConfiguration again = Flyway.configure().dataSource(dataSource).defaultSchema("fresh_schema_test");
            new FreshSchemaMigration().customize(again);
            assertFalse(again.isGroup(), "once it has a history, it is migrated as an upgrade");
        } finally {
            rows("DROP SCHEMA fresh_schema_test CASCADE");
        }
    }

    @Test
    void theIndexRefusesMalformedRows() {
        String governor = "eip155:31337:0x0000000000000000000000000000000000000001";
        pool.preparedQuery("INSERT INTO governor (id, config_name, chain, chain_id, address, start_block) "
                        + "VALUES ($1, 'migrations-test', 'anvil', 31337, '0x0000000000000000000000000000000000000001', 0)")
                .execute(Tuple.of(governor)).await().indefinitely();
        try {
            String goodHash = "0x" + "ab".repeat(32);
            pool.preparedQuery("INSERT INTO sync_cursor (governor_id, indexed_block, indexed_hash) VALUES ($1, $2, $3)")
                    .execute(Tuple.of(governor, 42L, goodHash)).await().indefinitely();
            Row row = rows("SELECT indexed_block, indexed_hash FROM sync_cursor WHERE governor_id = '" + governor + "'").get(0);
            assertEquals(42L, row.getLong("indexed_block"));
            assertEquals(goodHash, row.getString("indexed_hash"));

            PgException badHash = assertThrows(PgException.class, () -> pool
                    .preparedQuery("UPDATE sync_cursor SET indexed_hash = $2 WHERE governor_id = $1")
                    .execute(Tuple.of(governor, "0xABC")).await().indefinitely());
            assertEquals("23514", badHash.getSqlState(), "check constraint violation");
            PgException unknownGovernor = assertThrows(PgException.class, () -> pool
                    .preparedQuery("INSERT INTO sync_cursor (governor_id, indexed_block, indexed_hash) VALUES ($1, 1, $2)")
                    .execute(Tuple.of("eip155:1:0xnope", goodHash)).await().indefinitely());
            assertEquals("23503", unknownGovernor.getSqlState(), "foreign key violation");
            PgException badClock = assertThrows(PgException.class, () -> pool
                    .preparedQuery("UPDATE governor SET clock_mode = 'sundial' WHERE id = $1")
                    .execute(Tuple.of(governor)).await().indefinitely());
            assertEquals("23514", badClock.getSqlState());
            PgException amountTooLarge = assertThrows(PgException.class, () -> pool
                    .query("UPDATE governor SET voting_period = 1" + "0".repeat(78) + " WHERE id = '" + governor + "'")
                    .execute().await().indefinitely());
            assertEquals("22003", amountTooLarge.getSqlState(), "NUMERIC(78,0) holds uint256 and no more");
        } finally {
            pool.preparedQuery("DELETE FROM sync_cursor WHERE governor_id = $1").execute(Tuple.of(governor)).await().indefinitely();
            pool.preparedQuery("DELETE FROM governor WHERE id = $1").execute(Tuple.of(governor)).await().indefinitely();
        }
    }

    /**
     * V44 checks a vote's governor per statement instead of by a foreign key per row; the rule holds both ways as the
     * key held it.
     */
    @Test
    void aVoteNeedsItsGovernorAndAGovernorWithVotesStays() {
        String governor = "eip155:31337:0x0000000000000000000000000000000000000002";
        String insertVote = """
                INSERT INTO vote (governor_id, proposal_id, voter, support, weight, reason, block_number,
                    block_timestamp, tx_hash, log_index)
                VALUES ($1, 7, '0x0000000000000000000000000000000000000003', 1, 5, '', 9, 0, $2, 0)""";
        String txHash = "0x" + "cd".repeat(32);
        PgException unknownGovernor = assertThrows(PgException.class, () -> pool.preparedQuery(insertVote)
                .execute(Tuple.of(governor, txHash)).await().indefinitely());
        assertEquals("23503", unknownGovernor.getSqlState(), "foreign key violation");
        assertTrue(unknownGovernor.getMessage().contains(governor), unknownGovernor.getMessage());

        pool.preparedQuery("INSERT INTO governor (id, config_name, chain, chain_id, address, start_block) "
                        + "VALUES ($1, 'migrations-test-votes', 'anvil', 31337, '0x0000000000000000000000000000000000000002', 0)")
                .execute(Tuple.of(governor)).await().indefinitely();
        try {
            pool.preparedQuery(insertVote).execute(Tuple.of(governor, txHash)).await().indefinitely();
            PgException moved = assertThrows(PgException.class, () -> pool
                    .preparedQuery("UPDATE vote SET governor_id = 'eip155:1:0xnope' WHERE governor_id = $1")
                    .execute(Tuple.of(governor)).await().indefinitely());
            assertEquals("23503", moved.getSqlState());
            for (String sql : List.of("DELETE FROM governor WHERE id = $1",
                    "UPDATE governor SET id = id || '-renamed' WHERE id = $1")) {
                PgException refused = assertThrows(PgException.class, () -> pool.preparedQuery(sql)
                        .execute(Tuple.of(governor)).await().indefinitely(), sql);
                assertEquals("23503", refused.getSqlState(), sql);
            }
            PgException truncated = assertThrows(PgException.class, () -> pool.query("TRUNCATE governor CASCADE")
                    .execute().await().indefinitely());
            assertEquals("23503", truncated.getSqlState());
            assertEquals(1, rows("SELECT 1 FROM governor WHERE id = '" + governor + "'").size(), "still there");
        } finally {
            pool.preparedQuery("DELETE FROM vote WHERE governor_id = $1").execute(Tuple.of(governor)).await().indefinitely();
            pool.preparedQuery("DELETE FROM proposal_tally WHERE governor_id = $1").execute(Tuple.of(governor))
                    .await().indefinitely();
        }
        pool.preparedQuery("DELETE FROM governor WHERE id = $1").execute(Tuple.of(governor)).await().indefinitely();
    }

    private List<Row> rows(String sql) {
        List<Row> rows = new ArrayList<>();
        pool.query(sql).execute().await().indefinitely().forEach(rows::add);
        return rows;
    }
}
