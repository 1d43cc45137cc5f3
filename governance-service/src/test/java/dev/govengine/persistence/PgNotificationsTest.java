package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.sync.ChangeLogPruning;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The LISTEN connection is made from the reactive datasource's settings as Quarkus reads them, not from a URL and
 * credentials picked out by hand: a setting only Quarkus's connect options carry (the connection's application_name,
 * here) reaches it as it reaches the pool's connections.
 */
@QuarkusTest
class PgNotificationsTest {
    private static final String CHANNEL = "gov_settings_probe";

    @Inject
    PgNotifications notifications;

    @Inject
    Pool pool;

    @Inject
    ChangeLogPruning pruning;

    @ConfigProperty(name = "quarkus.datasource.reactive.additional-properties.application_name")
    String applicationName;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @Test
    void theListenConnectionTakesTheDatasourcesSettings() throws Exception {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        CompletableFuture<String> notified = new CompletableFuture<>();
        notifications.listen(CHANNEL, new PgNotifications.Listener() {
            @Override
            public void listening() {
                listening.complete(null);
            }

            @Override
            public void notified(String payload) {
                notified.complete(payload);
            }
        });
        listening.get(30, TimeUnit.SECONDS);

        Row listener = one("SELECT application_name, usename FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
        assertEquals(applicationName, listener.getString("application_name"));
        assertEquals(user, listener.getString("usename"));
        assertEquals(applicationName, one("SELECT current_setting('application_name')").getString(0),
                "the pool's connections");

        pool.query("SELECT pg_notify('" + CHANNEL + "', 'probe')").execute().await().indefinitely();
        assertEquals("probe", notified.get(30, TimeUnit.SECONDS));
    }

    /**
     * The change log gives what NOTIFY gives, in commit order: a transaction that wrote first but committed last comes
     * last, and a trigger's payload is the notification's, word for word.
     */
    @Test
    void theChangeLogHoldsTheNotificationsInCommitOrder() throws Exception {
        CompletableFuture<String> notified = new CompletableFuture<>();
        notifications.listen("gov_data_changed", new PgNotifications.Listener() {
            @Override
            public void notified(String payload) {
                if (payload.startsWith("governor_clock ")) {
                    notified.complete(payload);
                }
            }
        });
        long start = position();
        SqlConnection first = pool.getConnection().await().indefinitely();
        SqlConnection second = pool.getConnection().await().indefinitely();
        try {
            first.query("BEGIN").execute().await().indefinitely();
            first.query("SELECT announce('" + CHANNEL + "', 'wrote first, committed last')").execute()
                    .await().indefinitely();
            second.query("BEGIN").execute().await().indefinitely();
            second.query("SELECT announce('" + CHANNEL + "', 'wrote last, committed first')").execute()
                    .await().indefinitely();
            second.query("UPDATE governor_clock SET clock = clock WHERE false").execute().await().indefinitely();
            second.query("SELECT announce('" + CHANNEL + "', 'wrote last, committed first')").execute()
                    .await().indefinitely();
            second.query("COMMIT").execute().await().indefinitely();
            first.query("COMMIT").execute().await().indefinitely();
        } finally {
            first.close().await().indefinitely();
            second.close().await().indefinitely();
        }
        String payload = notified.get(30, TimeUnit.SECONDS);

        ChangeLog.Read read = read(start);
        assertEquals(false, read.pruned());
        assertEquals(List.of(new ChangeLog.Entry(CHANNEL, "wrote last, committed first"),
                        new ChangeLog.Entry("gov_data_changed", payload),
                        new ChangeLog.Entry(CHANNEL, "wrote first, committed last")),
                probes(read), "each distinct notification of a transaction once, as NOTIFY delivers it");
        assertEquals("governor_clock UPDATE", payload);
        assertEquals(List.of(), probes(read(read.position())), "nothing twice");
    }

    /** A reader the writer's pruning overtook is told so, and a reader ahead of it is not. */
    @Test
    void aReaderBehindThePruningIsToldItMissedEntries() {
        long behind = position();
        pool.query("SELECT announce('" + CHANNEL + "', 'old')").execute().await().indefinitely();
        long ahead = position();
        pool.query("UPDATE change_log_commit SET committed_at = committed_at - interval '1 day' WHERE seq <= "
                + ahead).execute().await().indefinitely();
        pool.query("SELECT announce('" + CHANNEL + "', 'new')").execute().await().indefinitely();

        pruning.prune();

        ChangeLog.Read missed = read(behind);
        assertEquals(true, missed.pruned());
        assertEquals(List.of(new ChangeLog.Entry(CHANNEL, "new")), probes(missed));
        ChangeLog.Read current = read(ahead);
        assertEquals(false, current.pruned());
        assertEquals(List.of(new ChangeLog.Entry(CHANNEL, "new")), probes(current));
    }

    /**
     * A backlog longer than one read is read in several, each but the last saying that more may follow: a replica's
     * cache hit waits for the read that reaches the end (PgNotifications.caughtUp).
     */
    @Test
    void aReadAtItsLimitSaysMoreMayFollow() {
        long start = position();
        int sent = ChangeLog.TRANSACTIONS_PER_READ + 1;
        pool.query("DO $$ BEGIN FOR i IN 1.." + sent + " LOOP PERFORM announce('" + CHANNEL
                + "', 'backlog ' || i); COMMIT; END LOOP; END $$").execute().await().indefinitely();

        List<ChangeLog.Entry> delivered = new ArrayList<>();
        ChangeLog.Read read = read(start);
        assertEquals(true, read.more(), "the first read stops at the limit");
        int reads = 1;
        delivered.addAll(probes(read));
        while (read.more()) {
            read = read(read.position());
            reads++;
            delivered.addAll(probes(read));
        }
        assertEquals(true, reads >= 2);
        assertEquals(sent, delivered.size());
        assertEquals(new ChangeLog.Entry(CHANNEL, "backlog " + sent), delivered.get(sent - 1));
    }

    /** This test's entries: the service's own background work may write others meanwhile. */
    private static List<ChangeLog.Entry> probes(ChangeLog.Read read) {
        return read.entries().stream().filter(entry -> entry.channel().equals(CHANNEL)
                || entry.payload().startsWith("governor_clock ")).toList();
    }

    private long position() {
        return one(ChangeLog.START).getLong("position");
    }

    private ChangeLog.Read read(long position) {
        List<io.vertx.sqlclient.Row> rows = new ArrayList<>();
        pool.preparedQuery(ChangeLog.READ).execute(Tuple.of(position)).await().indefinitely()
                .forEach(row -> rows.add(row.getDelegate()));
        return ChangeLog.read(position, rows);
    }

    private Row one(String sql) {
        RowIterator<Row> rows = pool.query(sql).execute().await().indefinitely().iterator();
        Row row = rows.next();
        assertEquals(false, rows.hasNext(), "one row of " + sql);
        return row;
    }
}
