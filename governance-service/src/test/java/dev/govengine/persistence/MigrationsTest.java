package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MigrationsTest {
    @Inject
    Pool pool;

    @Test
    void everyMigrationIsAppliedToRealPostgres() {
        List<Row> history = rows("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
        assertTrue(history.size() >= 1, "at least the first migration ran");
        assertEquals("1", history.get(0).getString("version"));
        history.forEach(row -> assertTrue(row.getBoolean("success"), "migration " + row.getString("version") + " succeeded"));

        String server = rows("SHOW server_version").get(0).getString(0);
        assertTrue(server.matches("\\d+(\\.\\d+)?.*"), "a real PostgreSQL answered: " + server);
    }

    @Test
    void chainCursorHoldsOnlyWellFormedValues() {
        String goodHash = "0x" + "ab".repeat(32);
        pool.preparedQuery("INSERT INTO chain_cursor (chain, chain_id, indexed_block, indexed_hash) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of("migrations-test", 31337L, 42L, goodHash)).await().indefinitely();
        try {
            Row row = rows("SELECT chain_id, indexed_block, indexed_hash FROM chain_cursor WHERE chain = 'migrations-test'").get(0);
            assertEquals(31337L, row.getLong("chain_id"));
            assertEquals(42L, row.getLong("indexed_block"));
            assertEquals(goodHash, row.getString("indexed_hash"));

            PgException badHash = assertThrows(PgException.class, () -> pool
                    .preparedQuery("INSERT INTO chain_cursor (chain, chain_id, indexed_block, indexed_hash) VALUES ($1, $2, $3, $4)")
                    .execute(Tuple.of("bad-hash", 1L, 1L, "0xABC")).await().indefinitely());
            assertEquals("23514", badHash.getSqlState(), "check constraint violation");
            PgException negativeBlock = assertThrows(PgException.class, () -> pool
                    .preparedQuery("INSERT INTO chain_cursor (chain, chain_id, indexed_block, indexed_hash) VALUES ($1, $2, $3, $4)")
                    .execute(Tuple.of("negative", 1L, -1L, goodHash)).await().indefinitely());
            assertEquals("23514", negativeBlock.getSqlState());
        } finally {
            pool.query("DELETE FROM chain_cursor WHERE chain = 'migrations-test'").execute().await().indefinitely();
        }
    }

    private List<Row> rows(String sql) {
        List<Row> rows = new ArrayList<>();
        pool.query(sql).execute().await().indefinitely().forEach(rows::add);
        return rows;
    }
}
