package dev.govengine.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Owns the processes a command starts (Anvil, PostgreSQL) and stops them in reverse order exactly once: when the
 * command returns, or from a shutdown hook on SIGINT/SIGTERM. The hook first gives the main thread time to stop the
 * service cleanly, so the database is not pulled from under an open connection pool.
 */
final class ShutdownScope implements AutoCloseable {
    private static final long MAIN_THREAD_GRACE_SECONDS = 20;

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::closeFromHook, "shutdown-scope");
    private boolean done;

    ShutdownScope() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    <T extends AutoCloseable> T own(T resource) {
        synchronized (this) {
            resources.push(resource);
        }
        return resource;
    }

    private void closeFromHook() {
        try {
            if (!closed.await(MAIN_THREAD_GRACE_SECONDS, TimeUnit.SECONDS)) {
                closeAll();
            }
        } catch (InterruptedException e) {
            closeAll();
        }
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to run; it will find everything closed.
        }
    }

    private synchronized void closeAll() {
        if (done) {
            return;
        }
        done = true;
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("could not stop " + resource + ": " + e.getMessage());
            }
        }
        closed.countDown();
    }
}
