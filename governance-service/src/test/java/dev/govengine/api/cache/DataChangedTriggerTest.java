package dev.govengine.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The response cache trusts that every committed write announces itself on gov_data_changed (V31): by statement for
 * data (naming the changed rows for the per-account tables, votes, tallies and the Governor's answers), by row for a
 * Governor's cursor, whose notifications carry the new head. A table that a later migration adds without a trigger
 * would let the cache serve answers its writes made stale; one whose trigger announces other names than
 * {@link Table} says would retire the wrong answers.
 */
@QuarkusTest
class DataChangedTriggerTest {
    /** pg_trigger.tgtype's bits for INSERT, DELETE, UPDATE and TRUNCATE. */
    /** Flyway's own table, and the change log (V38), which is the announcement and announces nothing itself. */
    private static final String NOT_ANNOUNCING =
            "'flyway_schema_history', 'change_log', 'change_log_commit', 'change_log_pruned'";
    private static final int EVERY_WRITE = 4 | 8 | 16 | 32;
    private static final Map<Integer, String> EVENTS = Map.of(4, "INSERT", 8, "DELETE", 16, "UPDATE", 32, "TRUNCATE");
    private static final String CACHE_TRIGGERS = """
            SELECT c.relname AS table_name, t.tgname AS name, p.proname AS function, t.tgtype AS type,
                   t.tgargs AS arguments, t.tgoldtable AS old_table, t.tgnewtable AS new_table
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE n.nspname = $1 AND NOT t.tgisinternal
              AND p.proname IN ('data_changed', 'rows_changed', 'head_moved')""";
    /** A schema of its own for migrating a second time, dropped afterwards. */
    private static final String SCRATCH = "migrated_again";

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    /** One trigger as PostgreSQL holds it; {@code transition} is "NEW" or "OLD" with its name, or null. */
    record Trigger(String table, String name, String function, boolean forEachRow, Set<String> events,
            List<String> arguments, String transition) {
    }

    @Test
    void everyTableAnnouncesEveryKindOfWrite() {
        List<String> tables = names("""
                SELECT tablename FROM pg_tables
                WHERE schemaname = current_schema() AND tablename NOT IN (%s) ORDER BY tablename""".formatted(NOT_ANNOUNCING));
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

    /**
     * Every table of the schema is a constant of {@link Table} and every constant a table, and each table's triggers
     * are exactly those its {@link Table.Announces} calls for, with its keys as the arguments of rows_changed.
     */
    @Test
    void theTriggersAnnounceWhatTableSays() {
        Set<String> schema = new TreeSet<>(names("""
                SELECT tablename FROM pg_tables
                WHERE schemaname = current_schema() AND tablename NOT IN (%s)""".formatted(NOT_ANNOUNCING)));
        Set<String> known = Arrays.stream(Table.values()).map(Table::sqlName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), difference(schema, known), "tables of the schema that api.cache.Table lacks");
        assertEquals(Set.of(), difference(known, schema), "constants of api.cache.Table the schema lacks");

        Map<String, Set<Trigger>> held = byTable(triggers(currentSchema()));
        Map<String, Set<Trigger>> expected = byTable(Arrays.stream(Table.values())
                .flatMap(table -> expectedTriggers(table).stream()).toList());
        assertEquals(Set.of(), difference(held.keySet(), expected.keySet()),
                "tables with a change trigger that api.cache.Table does not know");
        for (Table table : Table.values()) {
            assertEquals(expected.get(table.sqlName()), held.getOrDefault(table.sqlName(), Set.of()),
                    table.sqlName() + " announces as Table." + table + " says (" + table.announces() + ")");
        }
    }

    /**
     * V31 re-creates the notification triggers without changing one: a schema migrated to V30 holds the same
     * triggers before and after V31. And a database upgraded from V30 ends as one migrated in one go (this test's
     * own), trigger functions included.
     */
    @Test
    void v31ChangesNoTriggerAndAnUpgradeEndsAsAFreshMigration() {
        dropScratch();
        try {
            migrateScratch("30");
            Set<Trigger> atV30 = triggers(SCRATCH);
            assertTrue(atV30.size() > 30, "triggers at V30: " + atV30);
            migrateScratch("31");
            assertEquals(atV30, triggers(SCRATCH), "the change triggers before and after V31");
            migrateScratch("latest");
            assertEquals(triggers(currentSchema()), triggers(SCRATCH),
                    "the triggers of a database upgraded from V30 and of one migrated fresh");
            Map<String, String> bodies = functionBodies(currentSchema());
            assertEquals(Set.of("data_changed", "head_moved", "rows_changed"), bodies.keySet());
            assertEquals(bodies, functionBodies(SCRATCH), "the trigger functions' bodies");
        } finally {
            dropScratch();
        }
    }

    /** Also before: a run killed midway, against a server that outlives it, leaves the schema behind. */
    private void dropScratch() {
        pool.query("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE").execute().await().indefinitely();
    }

    /**
     * rows_changed names the changed rows' keys up to 7,000 characters and the table whole past them, below
     * PostgreSQL's limit of 8,000 bytes a payload; a statement that changed no row announces nothing. Run on a
     * temporary table of this test's connection, so that no other table's rows or listeners are touched.
     */
    @Test
    void pastSevenThousandCharactersTheNotificationNamesTheWholeTable() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TEMPORARY TABLE payload_probe (governor_id TEXT, account TEXT)");
            sql.execute("CREATE TRIGGER rows_inserted AFTER INSERT ON payload_probe REFERENCING NEW TABLE AS "
                    + "changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('account', 'account')");
            sql.execute("LISTEN gov_data_changed");

            // Keys of 49 characters ("account:g|" and 39 digits), each after a space: 140 of them are 7,000.
            sql.execute(insertAccounts(1, 140));
            List<String> named = probeNotices(connection);
            assertEquals(1, named.size(), "one notification per statement: " + named);
            assertEquals(7000, named.get(0).length() - "payload_probe INSERT".length());
            assertEquals("account:g|" + "0".repeat(38) + "1", named.get(0).split(" ")[2]);

            sql.execute(insertAccounts(1001, 141));
            assertEquals(List.of("payload_probe INSERT"), probeNotices(connection), "7,050 characters of keys");

            sql.execute("INSERT INTO payload_probe SELECT * FROM payload_probe WHERE false");
            assertEquals(List.of(), probeNotices(connection), "a statement that changed no row");
        }
    }

    private static String insertAccounts(int first, int count) {
        return "INSERT INTO payload_probe SELECT 'g', lpad(i::text, 39, '0') FROM generate_series(%d, %d) AS i"
                .formatted(first, first + count - 1);
    }

    /**
     * The probe's notifications so far: PostgreSQL sends a session its own notifications as its transaction
     * commits, before the statement's answer completes.
     */
    private static List<String> probeNotices(Connection connection) throws SQLException {
        PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications();
        return received == null ? List.of() : Arrays.stream(received).map(PGNotification::getParameter)
                .filter(payload -> payload.startsWith("payload_probe ")).toList();
    }

    private void migrateScratch(String target) {
        Flyway.configure().dataSource(jdbcUrl, user, password).schemas(SCRATCH).target(target).load().migrate();
    }

    private static List<Trigger> expectedTriggers(Table table) {
        String name = table.sqlName();
        Set<String> everyWrite = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");
        return switch (table.announces()) {
            case STATEMENTS -> List.of(new Trigger(name, "data_changed", "data_changed", false, everyWrite, List.of(),
                    null));
            case ROWS -> {
                List<String> keys = table.keys().stream()
                        .flatMap(column -> List.of(column.key().label(), column.column()).stream()).toList();
                yield List.of(new Trigger(name, "data_changed", "data_changed", false, Set.of("TRUNCATE"), List.of(),
                                null),
                        new Trigger(name, "rows_inserted", "rows_changed", false, Set.of("INSERT"), keys,
                                "NEW changed_rows"),
                        new Trigger(name, "rows_updated", "rows_changed", false, Set.of("UPDATE"), keys,
                                "NEW changed_rows"),
                        new Trigger(name, "rows_deleted", "rows_changed", false, Set.of("DELETE"), keys,
                                "OLD changed_rows"));
            }
            case GOVERNOR_HEAD -> List.of(new Trigger(name, "data_changed", "data_changed", false,
                            Set.of("DELETE", "TRUNCATE"), List.of(), null),
                    new Trigger(name, "head_moved", "head_moved", true, Set.of("INSERT", "UPDATE"), List.of(), null));
        };
    }

    private Set<Trigger> triggers(String schema) {
        Set<Trigger> triggers = new HashSet<>();
        for (Row row : pool.preparedQuery(CACHE_TRIGGERS).execute(Tuple.of(schema)).await().indefinitely()) {
            int type = row.getInteger("type");
            assertEquals(0, type & (2 | 64), row.getString("name") + " on " + row.getString("table_name")
                    + " runs after the statement");
            Set<String> events = EVENTS.entrySet().stream().filter(event -> (type & event.getKey()) != 0)
                    .map(Map.Entry::getValue).collect(Collectors.toSet());
            byte[] arguments = row.getBuffer("arguments").getBytes();
            String transition = row.getString("new_table") != null ? "NEW " + row.getString("new_table")
                    : row.getString("old_table") != null ? "OLD " + row.getString("old_table") : null;
            triggers.add(new Trigger(row.getString("table_name"), row.getString("name"), row.getString("function"),
                    (type & 1) != 0, events, arguments(arguments), transition));
        }
        return triggers;
    }

    /** pg_trigger.tgargs: each argument ended by a zero byte. */
    private static List<String> arguments(byte[] encoded) {
        List<String> arguments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < encoded.length; i++) {
            if (encoded[i] == 0) {
                arguments.add(new String(encoded, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return arguments;
    }

    private Map<String, String> functionBodies(String schema) {
        Map<String, String> bodies = new TreeMap<>();
        pool.preparedQuery("""
                        SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = $1 AND p.proname IN ('data_changed', 'rows_changed', 'head_moved')""")
                .execute(Tuple.of(schema)).await().indefinitely()
                .forEach(row -> bodies.put(row.getString("proname"), row.getString("prosrc")));
        return bodies;
    }

    private String currentSchema() {
        return names("SELECT current_schema()").get(0);
    }

    private static Map<String, Set<Trigger>> byTable(Iterable<Trigger> triggers) {
        Map<String, Set<Trigger>> byTable = new TreeMap<>();
        triggers.forEach(trigger -> byTable.computeIfAbsent(trigger.table(), table -> new HashSet<>()).add(trigger));
        return byTable;
    }

    private static Set<String> difference(Set<String> of, Set<String> without) {
        Set<String> difference = new TreeSet<>(of);
        difference.removeAll(without);
        return difference;
    }

    private List<String> names(String sql) {
        List<String> names = new ArrayList<>();
        pool.query(sql).execute().await().indefinitely().forEach(row -> names.add(row.getString(0)));
        return names;
    }
}
