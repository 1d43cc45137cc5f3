package dev.govengine.persistence;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Clears a persistent data directory of what a killed run left on it, before the embedded PostgreSQL starts there.
 *
 * <p>PostgreSQL started through {@code pg_ctl} is a daemon: when the service dies without stopping it (kill -9, the
 * OOM killer), it keeps running and holds the directory, and a plain restart would only time out. The server that
 * {@code postmaster.pid} names is inspected through {@code /proc}:
 * <ul>
 * <li>gone: nothing to do, PostgreSQL itself replaces the stale file;</li>
 * <li>alive (or a zombie) but not a {@code postgres} serving this directory, so its id was reused: the file is
 * stale, and is removed, because PostgreSQL would take the live id for another postmaster and refuse;</li>
 * <li>a postmaster of this directory that this engine started and no live service owns: stopped as
 * {@code pg_ctl stop -m fast} does (SIGINT), escalated to SIGQUIT only if it does not go;</li>
 * <li>any other postmaster of this directory: refused with {@link DataDirectoryInUseException}.</li>
 * </ul>
 * "Started by this engine" means the postgres binary of zonky's extraction directory, run by this user. "No live
 * service owns it" means zonky's {@code epg-lock} in the directory is free: every embedded start holds that lock for
 * as long as its JVM lives, and the kernel drops it when the JVM dies, however it dies.
 */
final class LeftoverPostmaster {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(15);
    private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(5);
    private static final String OWNER_LOCK = "epg-lock";

    private LeftoverPostmaster() {
    }

    static void clear(Path dataDirectory, Path binariesDirectory) {
        Optional<PostmasterPid> recorded = PostmasterPid.read(dataDirectory);
        if (recorded.isEmpty()) {
            return;
        }
        PostmasterPid server = recorded.get();
        Path proc = Path.of("/proc", Long.toString(server.pid()));
        if (!Files.isDirectory(proc)) {
            return;
        }
        List<String> commandLine = commandLine(proc);
        if (!isPostmasterOf(dataDirectory, proc, commandLine)) {
            removeStalePidFile(dataDirectory, server, commandLine);
            return;
        }
        String commandLineText = "command line '" + String.join(" ", commandLine) + "'";
        Optional<String> foreign = whyNotOurs(proc, commandLine, binariesDirectory);
        if (foreign.isPresent()) {
            throw new DataDirectoryInUseException(server.describe() + " runs on " + dataDirectory + " and this engine did"
                    + " not start it (" + foreign.get() + "; " + commandLineText + "): stop it (pg_ctl stop -D "
                    + dataDirectory + " -m fast), or give this service another data directory");
        }
        if (ownedByALiveService(dataDirectory)) {
            throw new DataDirectoryInUseException(server.describe() + " runs on " + dataDirectory + " for a service that"
                    + " is still running (it holds " + dataDirectory.resolve(OWNER_LOCK) + "; " + commandLineText
                    + "): stop that service first, or give this one another data directory");
        }
        stop(server, dataDirectory);
        LOG.warning("Stopped " + server.describe() + " left running by a previous run of this data directory ("
                + dataDirectory + "), whose service ended without stopping it; starting it again");
    }

    private static List<String> commandLine(Path proc) {
        try {
            String raw = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + proc.resolve("cmdline") + ": " + e.getMessage(), e);
        }
    }

    /**
     * A postmaster changes into its data directory, so its working directory names it even when {@code -D} was
     * relative. When that is unreadable (another user's process) an absolute {@code -D} decides, and without one the
     * process is taken to serve this directory, so that it is refused rather than its pid file removed.
     */
    private static boolean isPostmasterOf(Path dataDirectory, Path proc, List<String> commandLine) {
        if (commandLine.isEmpty() || !Path.of(commandLine.get(0)).endsWith("postgres")) {
            return false;
        }
        Optional<Path> served = workingDirectory(proc).or(() -> dashD(commandLine).filter(Path::isAbsolute));
        return served.map(directory -> sameFile(directory, dataDirectory)).orElse(true);
    }

    private static Optional<Path> workingDirectory(Path proc) {
        try {
            return Optional.of(proc.resolve("cwd").toRealPath());
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<Path> dashD(List<String> commandLine) {
        for (int i = 1; i < commandLine.size(); i++) {
            String argument = commandLine.get(i);
            if (argument.equals("-D") && i + 1 < commandLine.size()) {
                return Optional.of(Path.of(commandLine.get(i + 1)));
            }
            if (argument.startsWith("-D") && argument.length() > 2) {
                return Optional.of(Path.of(argument.substring(2)));
            }
        }
        return Optional.empty();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.normalize().equals(b.normalize());
        }
    }

    private static void removeStalePidFile(Path dataDirectory, PostmasterPid server, List<String> commandLine) {
        try {
            Files.deleteIfExists(dataDirectory.resolve(PostmasterPid.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + dataDirectory.resolve(PostmasterPid.FILE_NAME)
                    + ": " + e.getMessage(), e);
        }
        LOG.warning("Removed a stale " + PostmasterPid.FILE_NAME + " from " + dataDirectory + ": its pid "
                + server.pid() + " is no longer PostgreSQL (now "
                + (commandLine.isEmpty() ? "an exited process" : "'" + String.join(" ", commandLine) + "'") + ")");
    }

    /**
     * pg_ctl runs postgres from the directory it was itself run from with its symlinks resolved, which for zonky is
     * {@code <extraction directory>/PG-<digest>/bin}.
     */
    private static Optional<String> whyNotOurs(Path proc, List<String> commandLine, Path binariesDirectory) {
        Path binary = Path.of(commandLine.get(0)).normalize();
        Path root;
        try {
            root = binariesDirectory.toRealPath();
        } catch (IOException notExtractedYet) {
            root = binariesDirectory.toAbsolutePath().normalize();
        }
        if (!binary.isAbsolute() || binary.getNameCount() != root.getNameCount() + 3 || !binary.startsWith(root)
                || !binary.getName(root.getNameCount()).toString().startsWith("PG-")
                || !binary.getParent().endsWith("bin")) {
            return Optional.of("its binary is not the embedded one under " + root);
        }
        try {
            int owner = (Integer) Files.getAttribute(proc, "unix:uid");
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return owner == self ? Optional.empty() : Optional.of("it runs as uid " + owner + ", not " + self);
        } catch (IOException e) {
            return Optional.of("its owner cannot be read: " + e.getMessage());
        }
    }

    /**
     * Probes zonky's lock the way zonky takes it. It is released at once: zonky takes it again for the start that
     * follows, in this JVM.
     */
    private static boolean ownedByALiveService(Path dataDirectory) {
        try (FileOutputStream stream = new FileOutputStream(dataDirectory.resolve(OWNER_LOCK).toFile(), true)) {
            FileLock lock = stream.getChannel().tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException heldInThisJvm) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe " + dataDirectory.resolve(OWNER_LOCK) + ": " + e.getMessage(), e);
        }
    }

    private static void stop(PostmasterPid server, Path dataDirectory) {
        signal(server.pid(), "INT");
        if (exited(server.pid(), FAST_SHUTDOWN)) {
            return;
        }
        LOG.warning(server.describe() + " on " + dataDirectory + " did not finish a fast shutdown within "
                + FAST_SHUTDOWN.toSeconds() + " s; sending SIGQUIT (immediate shutdown, recovered from the WAL at start)");
        signal(server.pid(), "QUIT");
        if (exited(server.pid(), IMMEDIATE_SHUTDOWN)) {
            return;
        }
        throw new DataDirectoryInUseException(server.describe() + ", left running on " + dataDirectory + " by a previous"
                + " run, did not stop on SIGINT nor SIGQUIT: stop it (kill -9 " + server.pid() + ") and start again");
    }

    /** Through the shell's kill: Java can send a process only SIGTERM and SIGKILL. */
    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("sh", "-c", "kill -s " + signal + " " + pid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal PostgreSQL pid " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling PostgreSQL pid " + pid, e);
        }
    }

    /**
     * A process that exited counts as gone while still a zombie: the postmaster's parent is init (pg_ctl has long
     * exited), and not every init reaps.
     */
    private static boolean exited(long pid, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        while (true) {
            try {
                String line = Files.readString(stat);
                if (line.substring(line.lastIndexOf(')') + 1).trim().startsWith("Z")) {
                    return true;
                }
            } catch (IOException gone) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PostgreSQL pid " + pid + " to stop", e);
            }
        }
    }
}
