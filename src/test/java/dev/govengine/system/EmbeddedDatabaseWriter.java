package dev.govengine.system;

import dev.govengine.persistence.DataDirectoryInUseException;
import dev.govengine.persistence.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * A JVM that starts only the embedded PostgreSQL, through the call {@code serve} makes, and then commits numbered rows
 * one at a time until it is killed: a service boot would cost seconds per restart and prove nothing more about the
 * database's recovery. It prints {@code ready <description> rows <n> max <id> wrong <n>} once the table is read, then
 * {@code committed <id>} after each commit. A refusal is printed alone, with exit status 2, as {@code serve} does.
 *
 * <p>Arguments: the data directory, or {@code ephemeral} for a temporary one.
 */
public final class EmbeddedDatabaseWriter {
    private EmbeddedDatabaseWriter() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database;
        try {
            database = args[0].equals("ephemeral")
                    ? EmbeddedDatabase.startEphemeral(false)
                    : EmbeddedDatabase.start(Path.of(args[0]), false);
        } catch (DataDirectoryInUseException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // SIGTERM stops it as ShutdownScope stops serve's.
        Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        Map<String, String> settings = database.datasourceProperties();
        try (Connection connection = DriverManager.getConnection(settings.get("quarkus.datasource.jdbc.url"),
                settings.get("quarkus.datasource.username"), settings.get("quarkus.datasource.password"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS written (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
            long max;
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), COALESCE(MAX(id), 0),"
                    + " COUNT(*) FILTER (WHERE payload <> md5(id::text)) FROM written")) {
                rows.next();
                max = rows.getLong(2);
                System.out.println("ready " + database.describe() + " rows " + rows.getLong(1) + " max " + max
                        + " wrong " + rows.getLong(3));
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO written VALUES (?, md5(?::text))")) {
                for (long id = max + 1; ; id++) {
                    insert.setLong(1, id);
                    insert.setLong(2, id);
                    insert.executeUpdate();
                    System.out.println("committed " + id);
                    Thread.sleep(2);
                }
            }
        }
    }
}
