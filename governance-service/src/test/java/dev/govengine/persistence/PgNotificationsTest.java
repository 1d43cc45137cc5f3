package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import jakarta.inject.Inject;
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

    private Row one(String sql) {
        RowIterator<Row> rows = pool.query(sql).execute().await().indefinitely().iterator();
        Row row = rows.next();
        assertEquals(false, rows.hasNext(), "one row of " + sql);
        return row;
    }
}
