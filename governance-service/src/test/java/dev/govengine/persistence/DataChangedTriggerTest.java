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
 * The response cache trusts that every committed write announces itself on gov_data_changed (V13 to V17): by
 * statement for data (naming the changed rows for the per-account tables, votes and tallies), by row for a
 * Governor's cursor, whose notifications carry the new head. A table that a later migration adds without a trigger
 * would let the cache serve answers its writes made stale.
 */
@QuarkusTest
class DataChangedTriggerTest {
    /** pg_trigger.tgtype's bits for INSERT, DELETE, UPDATE and TRUNCATE. */
    private static final int EVERY_WRITE = 4 | 8 | 16 | 32;

    @Inject
    Pool pool;

    @Test
    void everyTableAnnouncesEveryKindOfWrite() {
        List<String> tables = names("""
                SELECT tablename FROM pg_tables
                WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history' ORDER BY tablename""");
        List<String> announcing = names("""
                SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE c.relnamespace = current_schema()::regnamespace AND t.tgtype & 2 = 0
                  AND (p.proname IN ('data_changed', 'rows_changed') AND t.tgtype & 1 = 0
                       OR p.proname = 'head_moved' AND c.relname = 'sync_cursor')
                GROUP BY c.relname HAVING bit_or(t.tgtype & %d) = %d
                ORDER BY c.relname""".formatted(EVERY_WRITE, EVERY_WRITE));
        assertTrue(tables.size() > 20, "the schema's tables: " + tables);
        assertEquals(tables, announcing, "after insert, delete, update and truncate");
    }

    @Test
    void onlyTheGovernorCursorAnnouncesByRow() {
        assertEquals(List.of("sync_cursor"), names("""
                SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE p.proname IN ('data_changed', 'head_moved', 'rows_changed')
                  AND t.tgtype & 1 = 1
                  AND c.relnamespace = current_schema()::regnamespace"""));
    }

    private List<String> names(String sql) {
        List<String> names = new ArrayList<>();
        pool.query(sql).execute().await().indefinitely().forEach(row -> names.add(row.getString(0)));
        return names;
    }
}
