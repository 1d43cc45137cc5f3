package dev.govengine.persistence;

import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reading the change log (migration V38) where LISTEN cannot: the notifications committed on the primary, in commit
 * order, as a hot standby has replayed them. Each read returns the transactions numbered after the reader's position,
 * and the highest number the writer has pruned: a reader behind it may have missed entries.
 */
final class ChangeLog {
    /** Transactions per read: a long backlog is read in several polls. */
    static final int TRANSACTIONS_PER_READ = 500;

    /** Where a reader starting now begins: after every entry committed so far. */
    static final String START = """
            SELECT greatest((SELECT through FROM change_log_pruned),
                            (SELECT coalesce(max(seq), 0) FROM change_log_commit)) AS position""";

    /** The transactions after $1, with the pruning mark read in the same snapshot. */
    static final String READ = """
            WITH next AS (SELECT seq, xid FROM change_log_commit WHERE seq > $1 ORDER BY seq LIMIT %d)
            SELECT p.through, next.seq, l.channel, l.payload
            FROM change_log_pruned p
            LEFT JOIN (next JOIN change_log l ON l.xid = next.xid) ON true
            ORDER BY next.seq, l.n""".formatted(TRANSACTIONS_PER_READ);

    /** One notification: its channel and payload. */
    record Entry(String channel, String payload) {
    }

    /**
     * What one read found.
     *
     * @param pruned whether entries after the reader's position were pruned before it read them
     * @param position the reader's position after this read
     * @param entries what to deliver, in order: within one transaction each distinct notification once, as NOTIFY
     *     delivers it
     * @param more whether the read stopped at {@link #TRANSACTIONS_PER_READ}, so that later transactions may wait
     */
    record Read(boolean pruned, long position, List<Entry> entries, boolean more) {
    }

    private ChangeLog() {
    }

    static Read read(long position, Iterable<Row> rows) {
        List<Entry> entries = new ArrayList<>();
        Set<Entry> transaction = new LinkedHashSet<>();
        long through = 0;
        long reached = position;
        int transactions = 0;
        for (Row row : rows) {
            through = row.getLong("through");
            Long seq = row.getLong("seq");
            if (seq == null) {
                continue;
            }
            if (seq != reached) {
                entries.addAll(transaction);
                transaction.clear();
                reached = seq;
                transactions++;
            }
            transaction.add(new Entry(row.getString("channel"), row.getString("payload")));
        }
        entries.addAll(transaction);
        return new Read(through > position, Math.max(reached, through), entries,
                transactions == TRANSACTIONS_PER_READ);
    }
}
