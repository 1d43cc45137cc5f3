package dev.govengine.api.cache;

import java.util.Arrays;
import java.util.Set;

/**
 * One notification on {@code gov_data_changed} (migrations V13 to V17): a table and an operation; for the tables that
 * name their rows, the changed rows' keys ({@code <label>:<governor>|<value>}); for a Governor's cursor, the head it
 * moved to. A payload this class does not read is taken as a change of every table.
 */
record ChangeNotice(Kind kind, String table, Set<String> keys, String governorId, long block, Long timestamp) {
    enum Kind {
        /**
         * Rows of {@code table} changed: those with {@code keys}, or any when keys is null; every table's when the
         * table is null.
         */
        DATA,
        /** A Governor's indexed head moved to {@code block}, whose header has {@code timestamp} (null if unknown). */
        GOVERNOR_HEAD,
        /** Another cursor moved, or block headers came with a move: answers of unknown head dependence are retired. */
        OTHER_HEAD
    }

    private static final String GOVERNOR_CURSOR = "sync_cursor";
    /** Tables that only ever grow or move forward together with a cursor when written by INSERT or UPDATE. */
    private static final Set<String> HEAD_TABLES = Set.of("source_cursor", "block_header");
    private static final Set<String> HEAD_OPERATIONS = Set.of("INSERT", "UPDATE");
    private static final Set<String> OPERATIONS = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");
    private static final ChangeNotice EVERY_TABLE = new ChangeNotice(Kind.DATA, null, null, null, 0, null);
    private static final ChangeNotice OTHER_HEAD = new ChangeNotice(Kind.OTHER_HEAD, null, null, null, 0, null);

    static ChangeNotice parse(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length < 2 || parts[0].isEmpty() || !OPERATIONS.contains(parts[1])) {
            return EVERY_TABLE;
        }
        String table = parts[0];
        boolean headOperation = HEAD_OPERATIONS.contains(parts[1]);
        if (parts.length == 2) {
            return headOperation && HEAD_TABLES.contains(table) ? OTHER_HEAD
                    : new ChangeNotice(Kind.DATA, table, null, null, 0, null);
        }
        if (table.equals(GOVERNOR_CURSOR)) {
            return headOperation && parts.length == 5 ? head(parts) : EVERY_TABLE;
        }
        return new ChangeNotice(Kind.DATA, table, Set.copyOf(Arrays.asList(parts).subList(2, parts.length)), null, 0,
                null);
    }

    private static ChangeNotice head(String[] parts) {
        try {
            long block = Long.parseLong(parts[2]);
            Long timestamp = parts[3].equals("-") ? null : Long.valueOf(parts[3]);
            return new ChangeNotice(Kind.GOVERNOR_HEAD, GOVERNOR_CURSOR, null, parts[4], block, timestamp);
        } catch (NumberFormatException unreadable) {
            return EVERY_TABLE;
        }
    }
}
