package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} boots the service while its embedded PostgreSQL starts: the settings it hands Quarkus must name the
 * server that comes up, and the first connection (Flyway's, through {@link FreshSchemaMigration}) must find it up,
 * after what the command runs once it is.
 */
class EmbeddedDatabaseBackgroundStartTest {
    @TempDir
    Path dataDirectory;

    @Test
    void theSettingsGivenBeforeTheStartNameTheServerThatTheFirstConnectionWaitsFor() throws Exception {
        AtomicReference<String> onStartedThread = new AtomicReference<>();
        AtomicReference<EmbeddedDatabase> onStartedServer = new AtomicReference<>();
        EmbeddedDatabase.Starting starting = EmbeddedDatabase.startInBackground(dataDirectory, server -> {
            onStartedThread.set(Thread.currentThread().getName());
            onStartedServer.set(server);
        });
        assertTrue(starting.fresh(), "an empty directory gets a cluster made");
        Map<String, String> settings = starting.datasourceProperties();
        assertEquals("jdbc:postgresql://localhost:" + starting.port() + "/postgres",
                settings.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://localhost:" + starting.port() + "/postgres",
                settings.get("quarkus.datasource.reactive.url"));

        EmbeddedDatabase.awaitBackgroundStart();
        assertNotNull(onStartedServer.get(), "what runs once the server is up ran before the first connection");
        assertEquals("embedded-postgresql-start", onStartedThread.get());
        try (EmbeddedDatabase server = starting.started().join()) {
            assertEquals(onStartedServer.get(), server);
            assertEquals(starting.port(), server.port());
            assertTrue(server.fresh());
            assertTrue(server.startMillis() > 0, "the start's duration, for the start-up's breakdown");
            assertEquals(String.valueOf(starting.port()), query(settings, "SHOW port"));
        }

        // The same directory again: its cluster is kept, on a port chosen anew.
        EmbeddedDatabase.Starting again = EmbeddedDatabase.startInBackground(dataDirectory, server -> { });
        assertFalse(again.fresh(), "the cluster of the first start is reused");
        EmbeddedDatabase.awaitBackgroundStart();
        try (EmbeddedDatabase server = again.started().join()) {
            assertEquals(again.port(), server.port());
            assertEquals("1", query(again.datasourceProperties(), "SELECT 1"));
        }
    }

    private static String query(Map<String, String> settings, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(settings.get("quarkus.datasource.jdbc.url"),
                settings.get("quarkus.datasource.username"), settings.get("quarkus.datasource.password"));
             Statement statement = connection.createStatement();
             ResultSet answer = statement.executeQuery(sql)) {
            answer.next();
            return answer.getString(1);
        }
    }
}
