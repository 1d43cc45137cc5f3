package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.persistence.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the JVM that started the embedded PostgreSQL, a daemon that is not its child: the server must not outlive
 * it, and a plain restart on the same data directory must come up with every committed row. The JVMs here start only
 * the database, through the call {@code serve} makes ({@link EmbeddedDatabaseWriter}); the refusal that an operator
 * reads is checked through the packaged {@code serve} itself.
 */
class EmbeddedDatabaseRecoverySystemIT {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WATCHDOG_DEADLINE = Duration.ofSeconds(5);
    private static final Pattern READY = Pattern.compile("^ready (.+) rows (\\d+) max (\\d+) wrong (\\d+)$", Pattern.MULTILINE);
    private static final Pattern COMMITTED = Pattern.compile("^committed (\\d+)$", Pattern.MULTILINE);
    private static final String WATCHDOG = "embedded-postgres-watchdog";

    /** Every directory and file a test makes, the services' databases included, goes with the class. */
    @TempDir
    static Path temp;

    /**
     * Ten kills at random moments: six after the writer is ready and committing, four anywhere from the JVM's start on
     * (during the recovery of the previous server, pg_ctl's start, or the first commits). Every other kill takes the
     * watchdog with it, as a kill of the whole process group would, so that the restart finds the server still
     * running and must stop it itself. Each restart that gets as far as reading the table must find exactly the
     * rows 1..n, with n the last commit a writer acknowledged, or the one after it, in flight when the kill came.
     */
    @Test
    void tenKillsAtRandomMomentsEachFollowedByAPlainRestartLoseNoCommittedRow() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dataDir = Files.createTempDirectory(temp, "kill9-data");
        long acknowledged = 0;
        Optional<Long> leftover = Optional.empty();
        int leftoversStopped = 0;
        for (int kill = 0; kill < 10; kill++) {
            boolean watchdogToo = kill % 2 == 0;
            boolean anyMoment = kill / 2 % 2 == 1;
            String context = "kill " + (kill + 1) + " of 10 (seed " + seed + ")";
            try (Writer writer = Writer.start(dataDir.toString())) {
                if (anyMoment) {
                    Thread.sleep(random.nextInt(2_000));
                    assertTrue(writer.process.isAlive(), context + ": the writer stopped by itself:\n" + writer.output());
                } else {
                    writer.awaitReady();
                    Thread.sleep(random.nextInt(600));
                }
                writer.kill(watchdogToo);
                Optional<Matcher> ready = writer.ready();
                if (ready.isPresent()) {
                    assertRowsExact(ready.get(), acknowledged, context + ":\n" + writer.output());
                    if (leftover.isPresent()) {
                        assertTrue(writer.output().contains("Stopped PostgreSQL pid " + leftover.get() + " (port "),
                                context + ": the restart says what it stopped:\n" + writer.output());
                        leftoversStopped++;
                    }
                    acknowledged = Math.max(acknowledged, writer.lastCommitted());
                }
                leftover = ready.isPresent() && watchdogToo ? Optional.of(postmasterPid(dataDir)) : Optional.empty();
                leftover.ifPresent(pid -> assertFalse(exited(pid), context + ": without its watchdog, the server outlives the kill"));
            }
        }
        try (Writer restart = Writer.start(dataDir.toString())) {
            assertRowsExact(restart.awaitReady(), acknowledged, "the last restart (seed " + seed + "):\n" + restart.output());
            long server = postmasterPid(dataDir);
            assertEquals(143, restart.terminate(), "stopped by SIGTERM");
            awaitExited(server, "a normal stop stops PostgreSQL");
        }
        assertTrue(leftoversStopped >= 3, "kills 1, 5 and 9 leave a running server to stop: " + leftoversStopped);
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")));
    }

    @Test
    void theWatchdogStopsPostgresqlWithinSecondsOfAKill9() throws Exception {
        Path dataDir = Files.createTempDirectory(temp, "watchdog-data");
        try (Writer writer = Writer.start(dataDir.toString())) {
            writer.awaitReady();
            long server = postmasterPid(dataDir);
            ProcessHandle watchdog = writer.watchdog().orElseThrow(() -> new AssertionError("no watchdog:\n" + writer.output()));
            writer.kill(false);
            awaitExited(server, "PostgreSQL pid " + server + " stops");
            assertFalse(Files.exists(dataDir.resolve("postmaster.pid")), "a clean shutdown, not a crash");
            awaitExited(watchdog.pid(), "the watchdog ends with its work done");
        }
    }

    @Test
    void theWatchdogAlsoRemovesATemporaryDataDirectory() throws Exception {
        try (Writer writer = Writer.start("ephemeral")) {
            Matcher ready = writer.awaitReady();
            Matcher location = Pattern.compile("temporary data in (\\S+)").matcher(ready.group(1));
            assertTrue(location.find(), ready.group());
            Path dataDir = Path.of(location.group(1));
            long server = postmasterPid(dataDir);
            writer.kill(false);
            awaitExited(server, "PostgreSQL pid " + server + " stops");
            await("the watchdog removes " + dataDir).atMost(WATCHDOG_DEADLINE).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> !Files.exists(dataDir));
        }
    }

    @Test
    void aSecondStartOnADataDirectoryInUseIsRefusedAndTheRunningOneKeepsItsServer() throws Exception {
        Path dataDir = Files.createTempDirectory(temp, "in-use-data");
        try (Writer running = Writer.start(dataDir.toString())) {
            running.awaitReady();
            long server = postmasterPid(dataDir);
            try (Writer second = Writer.start(dataDir.toString())) {
                assertEquals(2, second.awaitExit(), second.output());
                assertTrue(second.output().contains("PostgreSQL pid " + server + " (port "), second.output());
                assertTrue(second.output().contains("for a service that is still running"), second.output());
            }
            long committed = running.lastCommitted();
            Thread.sleep(300);
            assertTrue(running.lastCommitted() > committed, "the running writer keeps committing:\n" + running.output());
            assertEquals(server, postmasterPid(dataDir));
        }
    }

    /** PostgreSQL would take a live process named by its postmaster.pid for another postmaster, and refuse to start. */
    @Test
    void aPidFileNamingAnUnrelatedLiveProcessIsRemovedAsStale() throws Exception {
        Path dataDir = Files.createTempDirectory(temp, "stale-data");
        EmbeddedDatabase.start(dataDir, false).close();
        long unrelated = ProcessHandle.current().pid();
        Files.writeString(dataDir.resolve("postmaster.pid"), unrelated + "\n" + dataDir + "\n1\n5432\n");
        try (Writer writer = Writer.start(dataDir.toString())) {
            writer.awaitReady();
            assertTrue(writer.output().contains("Removed a stale postmaster.pid from " + dataDir + ": its pid " + unrelated
                    + " is no longer PostgreSQL"), writer.output());
        }
    }

    /**
     * A server of another installation on the data directory (here the same binary under another path, the way a
     * system PostgreSQL would be) is named and left alone.
     */
    @Test
    void serveRefusesAPostgresqlThisEngineDidNotStartNamingIt() throws Exception {
        Path dataDir = Files.createTempDirectory(temp, "foreign-data");
        String binary;
        try (EmbeddedDatabase cluster = EmbeddedDatabase.start(dataDir, false)) {
            binary = commandLine(postmasterPid(dataDir)).get(0);
        }
        Path foreignBinary = Files.createTempDirectory(temp, "foreign-postgres").resolve("postgres");
        Files.createSymbolicLink(foreignBinary, Path.of(binary));
        int port = freePort();
        List<String> command = new ArrayList<>();
        if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
            // postgres refuses to run as root; zonky runs it the same way.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(foreignBinary.toString(), "-D", dataDir.toString(), "-p", Integer.toString(port)));
        Path serverLog = Files.createTempFile(temp, "foreign-postgres", ".log");
        Process foreign = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        try {
            awaitPidFile(dataDir, foreign.pid(), serverLog);
            try (ServiceProcess serve = ServiceProcess.start("serve", Map.of("gov.database.data-dir", dataDir.toString()))) {
                assertEquals(2, serve.awaitExit(), serve.output());
                String output = serve.output();
                assertTrue(output.contains("gov.database.data-dir: PostgreSQL pid " + foreign.pid() + " (port " + port
                        + ") runs on " + dataDir + " and this engine did not start it (its binary is not the embedded one"),
                        output);
                assertTrue(output.contains("command line '" + foreignBinary + " -D " + dataDir + " -p " + port + "'"), output);
                assertTrue(output.contains("stop it (pg_ctl stop -D " + dataDir + " -m fast)"), output);
                assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
            }
            assertTrue(foreign.isAlive(), "the foreign server is left alone");
        } finally {
            foreign.destroy();
            if (!foreign.waitFor(10, TimeUnit.SECONDS)) {
                foreign.destroyForcibly();
            }
        }
    }

    private static void assertRowsExact(Matcher ready, long acknowledged, String context) {
        long rows = Long.parseLong(ready.group(2));
        long max = Long.parseLong(ready.group(3));
        assertEquals(0, Long.parseLong(ready.group(4)), "rows with a wrong payload: " + context);
        assertEquals(max, rows, "rows 1.." + max + " with none missing: " + context);
        assertTrue(max >= acknowledged && max <= acknowledged + 1,
                max + " rows where " + acknowledged + " were acknowledged: " + context);
    }

    private static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    }

    private static List<String> commandLine(long pid) throws IOException {
        String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        return Arrays.asList(raw.split("\0"));
    }

    /** Gone, or a zombie: the server's parent is init, which need not reap it. */
    private static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }

    /** Waits up to {@link #WATCHDOG_DEADLINE} for the process to exit; {@code what} names it on a timeout. */
    private static void awaitExited(long pid, String what) {
        await(what).atMost(WATCHDOG_DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> exited(pid));
    }

    private static void awaitPidFile(Path dataDir, long pid, Path serverLog) throws IOException {
        try {
            await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(IOException.class) // the server has not written it yet
                    .until(() -> Files.readAllLines(dataDir.resolve("postmaster.pid")), lines -> lines.size() >= 8
                            && lines.get(0).trim().equals(Long.toString(pid)) && lines.get(7).trim().equals("ready"));
        } catch (ConditionTimeoutException late) {
            throw new AssertionError("the foreign server did not start:\n" + Files.readString(serverLog), late);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An {@link EmbeddedDatabaseWriter} JVM, its standard output and error in one file. */
    private static final class Writer implements AutoCloseable {
        private final Process process;
        private final Path output;

        private Writer(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        static Writer start(String dataDirectory) throws IOException {
            Path output = Files.createTempFile(temp, "embedded-writer", ".log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    EmbeddedDatabaseWriter.class.getName(), dataDirectory)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new Writer(process, output);
        }

        Matcher awaitReady() {
            try {
                return await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            Optional<Matcher> ready = ready();
                            if (ready.isEmpty() && !process.isAlive()) {
                                throw new AssertionError("the writer exited with " + process.exitValue() + ":\n"
                                        + output());
                            }
                            return ready;
                        }, Optional::isPresent).get();
            } catch (ConditionTimeoutException late) {
                throw new AssertionError("the writer was not ready within " + READY_TIMEOUT + ":\n" + output(), late);
            }
        }

        Optional<Matcher> ready() {
            Matcher ready = READY.matcher(completeLines());
            return ready.find() ? Optional.of(ready) : Optional.empty();
        }

        long lastCommitted() {
            Matcher committed = COMMITTED.matcher(completeLines());
            long last = 0;
            while (committed.find()) {
                last = Long.parseLong(committed.group(1));
            }
            return last;
        }

        /** A kill can cut the last line short: "committed 12" of "committed 123" must not count. */
        private String completeLines() {
            String text = output();
            return text.substring(0, text.lastIndexOf('\n') + 1);
        }

        Optional<ProcessHandle> watchdog() {
            return process.descendants()
                    .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains(WATCHDOG))
                    .findFirst();
        }

        void kill(boolean watchdogToo) throws InterruptedException {
            if (watchdogToo) {
                Optional<ProcessHandle> watchdog = watchdog();
                watchdog.ifPresent(ProcessHandle::destroyForcibly);
                if (watchdog.isPresent()) {
                    awaitExited(watchdog.get().pid(), "the watchdog dies of SIGKILL");
                }
            }
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        int terminate() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the writer did not stop within 30 s of SIGTERM:\n" + output());
            }
            return process.exitValue();
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the writer still runs:\n" + output());
            }
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(output);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        }

        /** SIGTERM first, so that a writer left running by a failed assertion stops its server. */
        @Override
        public void close() throws InterruptedException {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
