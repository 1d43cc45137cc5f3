package dev.govengine.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real PostgreSQL server run from the binaries that ship on Maven Central, for machines without a database of
 * their own. The data directory persists across restarts, so an index built once is resumed, not rebuilt.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    /**
     * The server starts before Quarkus applies its log configuration, and would otherwise print every line of
     * initdb at INFO. Held in a field because the log manager keeps loggers only weakly.
     */
    private static final Logger SERVER_LOG = quieted(Logger.getLogger("io.zonky"));
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    private static Logger quieted(Logger logger) {
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /**
     * Starts PostgreSQL on a free loopback port, reusing {@code dataDirectory} if it already holds a cluster.
     *
     * @param stopsWithJvm whether the server stops itself when the JVM exits; false when the caller stops it in
     *     order, after the service using it, so that Ctrl-C does not cut the service's connections under it
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean stopsWithJvm) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(stopsWithJvm)
                    .start();
            return new EmbeddedDatabase(server, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts PostgreSQL in a fresh temporary directory that is removed when the server stops.
     *
     * @param stopsWithJvm as for {@link #start(Path, boolean)}
     */
    public static EmbeddedDatabase startEphemeral(boolean stopsWithJvm) {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(stopsWithJvm)
                    .start();
            return new EmbeddedDatabase(server, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A PostgreSQL server running on a data directory: its process and the port it serves. */
    public record RunningServer(long pid, int port) {
    }

    /**
     * The server running on {@code dataDirectory}, if one is: PostgreSQL's own {@code postmaster.pid} names its process
     * (first line) and port (fourth line), and stays behind after a crash, so the process must also be alive. A second
     * server cannot start on the directory while the first runs; this lets a command say so, and where to connect.
     */
    public static Optional<RunningServer> running(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException notRunning) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile + ": " + e.getMessage(), e);
        }
        if (lines.size() < 4) {
            // Read while the server was still writing it: not a server this command can point anywhere.
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(alive -> new RunningServer(pid, port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return server.getPort();
    }

    public String describe() {
        return "embedded PostgreSQL on port " + port() + (dataDirectory == null ? "" : ", data in " + dataDirectory.toAbsolutePath());
    }

    /** The Quarkus datasource settings that point the service at this server. */
    public Map<String, String> datasourceProperties() {
        return datasourceProperties(port());
    }

    /** The Quarkus datasource settings for an embedded server on {@code port}, this one or one another process runs. */
    public static Map<String, String> datasourceProperties(int port) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/" + DATABASE);
        properties.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/" + DATABASE);
        properties.put("quarkus.datasource.username", USER);
        properties.put("quarkus.datasource.password", USER);
        return properties;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
