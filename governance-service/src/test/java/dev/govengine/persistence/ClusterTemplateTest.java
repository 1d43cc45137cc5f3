package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster template that a fresh data directory is filled from instead of initdb: real initdb, real copies, real
 * servers started on them. Each test's template lives in a directory of its own, not beside zonky's binaries, where
 * other processes' starts use theirs.
 */
class ClusterTemplateTest {
    private static Path binaries;

    @TempDir
    Path temp;

    @BeforeAll
    static void extractBinaries() throws IOException {
        binaries = EmbeddedDatabase.extractedBinaries(EmbeddedDatabase.binariesDirectory());
    }

    @Test
    void aCopyHoldsEveryFileOfTheTemplateAndServesAsInitdbsClusterWould() throws Exception {
        ClusterTemplate template = ClusterTemplate.of(binaries, temp.resolve("templates"));
        Path first = Files.createDirectories(temp.resolve("first"));
        Path second = Files.createDirectories(temp.resolve("second"));

        template.copyInto(first);
        assertTrue(Files.isRegularFile(template.directory().resolve("PG_VERSION")), "the first copy made the template");
        template.copyInto(second);

        List<String> made = files(template.directory());
        made.remove("engine-template-manifest");
        assertEquals(made, files(first));
        assertEquals(made, files(second));
        assertEquals("14", Files.readString(second.resolve("PG_VERSION")).strip());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(second)),
                "PostgreSQL refuses a data directory others may read");

        try (EmbeddedDatabase server = EmbeddedDatabase.start(second, true)) {
            assertFalse(server.fresh(), "the directory held a cluster when the server started on it");
            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                assertEquals("UTF8", single(statement, "SHOW server_encoding"));
                assertEquals("postgres,template0,template1",
                        single(statement, "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"));
                statement.execute("CREATE TABLE copied (n INT PRIMARY KEY)");
                statement.execute("INSERT INTO copied SELECT generate_series(1, 1000)");
                assertEquals("500500", single(statement, "SELECT sum(n) FROM copied"));
            }
        }
        Path control = Path.of("global", "pg_control");
        assertEquals(-1, Files.mismatch(template.directory().resolve(control), first.resolve(control)),
                "the server wrote into its own copy only");
        assertTrue(Files.mismatch(template.directory().resolve(control), second.resolve(control)) >= 0,
                "the server's start and stop went into its copy's control file");
    }

    @Test
    void aTemplateMissingAFileIsMadeAgainAndTheCopyIsWhole() throws Exception {
        ClusterTemplate template = ClusterTemplate.of(binaries, temp.resolve("templates"));
        template.copyInto(Files.createDirectories(temp.resolve("first")));
        Path control = template.directory().resolve("global").resolve("pg_control");
        Files.delete(control);

        Path second = Files.createDirectories(temp.resolve("second"));
        template.copyInto(second);

        assertTrue(Files.isRegularFile(control), "the template was made again");
        assertTrue(Files.isRegularFile(second.resolve("global").resolve("pg_control")));
        try (EmbeddedDatabase server = EmbeddedDatabase.start(second, true);
                Connection connection = connect(server); Statement statement = connection.createStatement()) {
            assertEquals("1", single(statement, "SELECT 1"));
        }
    }

    /**
     * A start killed while it copied leaves a directory without PG_VERSION, the file copied last: the next start takes
     * it for fresh, copies again over what is there, and comes up with a whole cluster.
     */
    @Test
    void aDirectoryThatAKilledCopyLeftIsFilledAgainByTheNextStart() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        ClusterTemplate.of(binaries, temp.resolve("templates")).copyInto(data);
        Files.delete(data.resolve("PG_VERSION"));
        Files.writeString(data.resolve("global").resolve("pg_control"), "cut short");
        try (Stream<Path> relations = Files.list(data.resolve("base").resolve("1"))) {
            for (Path relation : relations.limit(50).toList()) {
                Files.delete(relation);
            }
        }

        try (EmbeddedDatabase server = EmbeddedDatabase.start(data, true)) {
            assertTrue(server.fresh(), "no PG_VERSION, so no cluster yet");
            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                assertEquals("postgres,template0,template1",
                        single(statement, "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"));
            }
        }
    }

    private static Connection connect(EmbeddedDatabase server) throws SQLException {
        Map<String, String> properties = server.datasourceProperties();
        return DriverManager.getConnection(properties.get("quarkus.datasource.jdbc.url"),
                properties.get("quarkus.datasource.username"), properties.get("quarkus.datasource.password"));
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet result = statement.executeQuery(query)) {
            assertTrue(result.next(), query);
            return result.getString(1);
        }
    }

    /** Every directory and file under {@code root}, relative to it, with zonky's lock file and the server's left out. */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> entries = Files.walk(root)) {
            return new ArrayList<>(entries.map(entry -> root.relativize(entry).toString())
                    .filter(name -> !name.isEmpty() && !name.equals("epg-lock")).sorted().toList());
        }
    }
}
