package dev.govengine.api.cache;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * One notification on {@code gov_data_changed}, read by the vocabulary of {@link Table}: a table and an operation;
 * for the tables that name their rows, the changed rows' keys ({@code <label>:<governor>|<value>}); for a Governor's
 * cursor, the head it moved to. A payload this class does not read, or one naming a table {@link Table} does not
 * know, is taken as a change of every table.
 */
record ChangeNotice(Kind kind, Table table, Set<String> keys, String governorId, long block, Long timestamp) {
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

    private static final Set<String> HEAD_OPERATIONS = Set.of("INSERT", "UPDATE");
    private static final Set<String> OPERATIONS = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");
    private static final ChangeNotice EVERY_TABLE = new ChangeNotice(Kind.DATA, null, null, null, 0, null);
    private static final ChangeNotice OTHER_HEAD = new ChangeNotice(Kind.OTHER_HEAD, null, null, null, 0, null);

    static ChangeNotice parse(String payload) {
        String[] parts = payload.split(" ");
        Optional<Table> named = Table.named(parts[0]);
        if (parts.length < 2 || named.isEmpty() || !OPERATIONS.contains(parts[1])) {
            return EVERY_TABLE;
        }
        Table table = named.get();
        boolean headOperation = HEAD_OPERATIONS.contains(parts[1]);
        if (parts.length == 2) {
            return headOperation && table.movesWithTheHead() ? OTHER_HEAD
                    : new ChangeNotice(Kind.DATA, table, null, null, 0, null);
        }
        switch (table.announces()) {
            case GOVERNOR_HEAD -> {
                return headOperation && parts.length == 5 ? head(table, parts) : EVERY_TABLE;
            }
            case ROWS -> {
                return new ChangeNotice(Kind.DATA, table, Set.copyOf(Arrays.asList(parts).subList(2, parts.length)),
                        null, 0, null);
            }
            default -> {
                return EVERY_TABLE;
            }
        }
    }

    private static ChangeNotice head(Table table, String[] parts) {
        try {
            long block = Long.parseLong(parts[2]);
            Long timestamp = parts[3].equals("-") ? null : Long.valueOf(parts[3]);
            return new ChangeNotice(Kind.GOVERNOR_HEAD, table, null, parts[4], block, timestamp);
        } catch (NumberFormatException unreadable) {
            return EVERY_TABLE;
        }
    }
}
