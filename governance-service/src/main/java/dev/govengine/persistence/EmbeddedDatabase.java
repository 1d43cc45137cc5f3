package dev.govengine.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real PostgreSQL server run from the binaries that ship on Maven Central, for machines without a database of
 * their own. The data directory persists across restarts, so an index built once is resumed, not rebuilt.
 * The server, a daemon started through pg_ctl, does not outlive the JVM ({@link PostmasterWatchdog}), and a start
 * recovers a directory that a killed run left behind ({@link LeftoverPostmaster}).
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
    private final boolean ephemeral;
    private final PostmasterWatchdog watchdog;
    private final boolean fresh;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory, boolean ephemeral, PostmasterWatchdog watchdog,
            boolean fresh) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.ephemeral = ephemeral;
        this.watchdog = watchdog;
        this.fresh = fresh;
    }

    private static Logger quieted(Logger logger) {
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /**
     * Starts PostgreSQL on a free loopback port, reusing {@code dataDirectory} if it already holds a cluster. A server
     * that a killed run of this engine left on the directory is stopped first ({@link LeftoverPostmaster}).
     *
     * @param stopsWithJvm whether the server stops itself when the JVM exits; false when the caller stops it in
     *     order, after the service using it, so that Ctrl-C does not cut the service's connections under it
     * @throws DataDirectoryInUseException if another server holds the directory: one this engine did not start, or
     *     the one of a service that still runs
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean stopsWithJvm) {
        // Absolute, so that the server's -D names the directory whatever the working directory of a later run.
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            Path binaries = binariesDirectory();
            LeftoverPostmaster.clear(directory, binaries);
            // A cluster is made (initdb) where the directory has none, as PostgreSQL itself tells one: by PG_VERSION.
            boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
            return started(EmbeddedPostgres.builder()
                    .setDataDirectory(directory.toFile())
                    .setCleanDataDirectory(false), binaries, directory, false, stopsWithJvm, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts PostgreSQL in a fresh temporary directory that is removed when the server stops.
     *
     * @param stopsWithJvm as for {@link #start(Path, boolean)}
     */
    public static EmbeddedDatabase startEphemeral(boolean stopsWithJvm) {
        try {
            // Created here rather than by zonky, which would not say where: the watchdog removes it after a kill.
            Path directory = Files.createTempDirectory("epg");
            Path binaries = binariesDirectory();
            return started(EmbeddedPostgres.builder()
                    .setDataDirectory(directory.toFile())
                    .setCleanDataDirectory(true), binaries, directory, true, stopsWithJvm, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static EmbeddedDatabase started(EmbeddedPostgres.Builder builder, Path binaries, Path directory,
            boolean ephemeral, boolean stopsWithJvm, boolean fresh) throws IOException {
        EmbeddedPostgres server = builder
                .setOverrideWorkingDirectory(binaries.toFile())
                .setRegisterShutdownHook(stopsWithJvm)
                .start();
        try {
            long pid = PostmasterPid.read(directory)
                    .orElseThrow(() -> new IOException("PostgreSQL started without a readable postmaster.pid"))
                    .pid();
            return new EmbeddedDatabase(server, directory, ephemeral, PostmasterWatchdog.start(pid, directory, ephemeral),
                    fresh);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Where zonky extracts the PostgreSQL binaries, by zonky's own default. It is handed to zonky explicitly so that
     * the binaries it runs and the ones {@link LeftoverPostmaster} recognises as this engine's cannot differ.
     */
    private static Path binariesDirectory() {
        return Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
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
        return PostmasterPid.read(dataDirectory)
                .filter(server -> server.port().isPresent())
                .filter(server -> ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false))
                .map(server -> new RunningServer(server.pid(), server.port().getAsInt()));
    }

    /** Whether this start made the cluster (initdb): it holds nothing yet, as the service has not migrated it. */
    public boolean fresh() {
        return fresh;
    }

    public int port() {
        return server.getPort();
    }

    public String describe() {
        return "embedded PostgreSQL on port " + port() + (ephemeral ? ", temporary data in " : ", data in ") + dataDirectory;
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
        watchdog.close();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
