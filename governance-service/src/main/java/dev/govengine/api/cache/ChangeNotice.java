package dev.govengine.api.cache;

import java.util.Set;

/**
 * One notification on {@code gov_data_changed} (migrations V13, V14): a table and an operation, and for a Governor's
 * cursor the head it moved to. A payload this class does not read is taken as a change of every table.
 */
record ChangeNotice(Kind kind, String table, String governorId, long block, Long timestamp) {
    enum Kind {
        /** Rows of {@code table} changed, or of every table when it is null. */
        DATA,
        /** A Governor's indexed head moved to {@code block}, whose header carries {@code timestamp} (null if unknown). */
        GOVERNOR_HEAD,
        /** Another cursor moved, or block headers came with a move: answers of unknown head dependence are retired. */
        OTHER_HEAD
    }

    private static final String GOVERNOR_CURSOR = "sync_cursor";
    /** Tables that only ever grow or move forward together with a cursor when written by INSERT or UPDATE. */
    private static final Set<String> HEAD_TABLES = Set.of("source_cursor", "block_header");
    private static final Set<String> HEAD_OPERATIONS = Set.of("INSERT", "UPDATE");
    private static final Set<String> OPERATIONS = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");
    private static final ChangeNotice EVERY_TABLE = new ChangeNotice(Kind.DATA, null, null, 0, null);
    private static final ChangeNotice OTHER_HEAD = new ChangeNotice(Kind.OTHER_HEAD, null, null, 0, null);

    static ChangeNotice parse(String payload) {
        String[] parts = payload.split(" ", 5);
        if (parts.length < 2 || parts[0].isEmpty() || !OPERATIONS.contains(parts[1])) {
            return EVERY_TABLE;
        }
        ChangeNotice data = new ChangeNotice(Kind.DATA, parts[0], null, 0, null);
        if (!HEAD_OPERATIONS.contains(parts[1])) {
            return data;
        }
        if (HEAD_TABLES.contains(parts[0]) && parts.length == 2) {
            return OTHER_HEAD;
        }
        if (!parts[0].equals(GOVERNOR_CURSOR)) {
            return parts.length == 2 ? data : EVERY_TABLE;
        }
        if (parts.length != 5) {
            return data;
        }
        try {
            long block = Long.parseLong(parts[2]);
            Long timestamp = parts[3].equals("-") ? null : Long.valueOf(parts[3]);
            return new ChangeNotice(Kind.GOVERNOR_HEAD, GOVERNOR_CURSOR, parts[4], block, timestamp);
        } catch (NumberFormatException unreadable) {
            return data;
        }
    }
}
