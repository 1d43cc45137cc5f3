package dev.govengine.persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stops the embedded PostgreSQL when this JVM disappears without stopping it (kill -9, the OOM killer), so that the
 * server, a daemon started through pg_ctl, does not outlive the service and hold its data directory.
 *
 * <p>The watchdog is a shell reading a pipe whose only writer is this JVM (Java closes inherited descriptors in the
 * processes it starts, pg_ctl's included), and that never writes to it. The kernel closes the pipe when the JVM
 * exits, however it exits, so the read returns at once, with no polling and no process id that could be reused. The
 * shell then sends the postmaster SIGINT, {@code pg_ctl stop -m fast}, but only if {@code postmaster.pid} still names
 * it: a quick restart may already have put a new server there. For a temporary directory it then waits for the
 * server to remove that file, up to 30 s, and removes the directory, as a normal stop would. A normal stop ends the
 * watchdog first, with SIGTERM rather than SIGINT: a JVM started in the background by a non-interactive shell
 * ignores SIGINT, and so do the processes it starts.
 */
final class PostmasterWatchdog implements AutoCloseable {
    /** In the watchdog's command line, so that {@code ps} says what the shell is for. */
    static final String NAME = "embedded-postgres-watchdog";
    private static final String SCRIPT = """
            read -r ignored
            { read -r running < "$2/postmaster.pid"; } 2>/dev/null
            [ "$running" = "$1" ] || exit 0
            kill -s INT "$1"
            [ "$3" = remove ] || exit 0
            tries=0
            while [ -e "$2/postmaster.pid" ] && [ "$tries" -lt 30 ]; do sleep 1; tries=$((tries + 1)); done
            rm -rf "$2"
            """;

    private final Process shell;

    private PostmasterWatchdog(Process shell) {
        this.shell = shell;
    }

    static PostmasterWatchdog start(long postmasterPid, Path dataDirectory, boolean removeDirectory) throws IOException {
        Process shell = new ProcessBuilder("sh", "-c", SCRIPT, NAME, Long.toString(postmasterPid),
                dataDirectory.toString(), removeDirectory ? "remove" : "keep")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new PostmasterWatchdog(shell);
    }

    @Override
    public void close() {
        shell.destroy();
        try {
            shell.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
