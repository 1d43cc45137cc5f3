package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The response cache trusts that every committed write announces itself on gov_data_changed (V13). A table that a
 * later migration adds without the trigger would let the cache serve answers its writes made stale.
 */
@QuarkusTest
class DataChangedTriggerTest {
    @Inject
    Pool pool;

    @Test
    void everyTableAnnouncesItsWrites() {
        List<String> tables = names("""
                SELECT tablename FROM pg_tables
                WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history' ORDER BY tablename""");
        List<String> announcing = names("""
                SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE p.proname = 'data_changed' AND c.relnamespace = current_schema()::regnamespace
                  AND t.tgtype & 1 = 0 AND t.tgtype & (4 | 8 | 16 | 32) = (4 | 8 | 16 | 32)
                ORDER BY c.relname""");
        assertTrue(tables.size() > 20, "the schema's tables: " + tables);
        assertEquals(tables, announcing, "statement-level, after insert, delete, update and truncate");
    }

    private List<String> names(String sql) {
        List<String> names = new ArrayList<>();
        pool.query(sql).execute().await().indefinitely().forEach(row -> names.add(row.getString(0)));
        return names;
    }
}
