package dev.govengine.cli;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.smallrye.health.SmallRyeHealthReporter;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** The long-running service: HTTP, GraphQL, indexing and scheduled work, until a signal stops it. */
public class ServiceApplication implements QuarkusApplication {
    private static final Logger LOG = Logger.getLogger(ServiceApplication.class);
    private static final long READINESS_POLL_MILLIS = 250;

    /** What the command runs once the service is ready; Quarkus instantiates this class itself, so it comes this way. */
    private static volatile Runnable whenReady = () -> { };

    @Override
    public int run(String... args) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        LOG.infof("GraphQL endpoint http://localhost:%d/graphql, UI http://localhost:%d/q/graphql-ui, health http://localhost:%d/q/health",
                port, port, port);
        Thread waiter = new Thread(() -> awaitReadiness(whenReady), "ready");
        waiter.setDaemon(true);
        waiter.start();
        Quarkus.waitForExit();
        waiter.interrupt();
        return 0;
    }

    /**
     * Runs {@code action} once {@code /q/health/ready} is UP: the HTTP listener is up by the time Quarkus runs this
     * application, and readiness waits for every governor's first index cycle, so what the action announces is served.
     */
    private static void awaitReadiness(Runnable action) {
        SmallRyeHealthReporter health = Arc.container().instance(SmallRyeHealthReporter.class).get();
        try {
            while (health.getReadiness().isDown()) {
                Thread.sleep(READINESS_POLL_MILLIS);
            }
        } catch (InterruptedException stopping) {
            return;
        } catch (RuntimeException stopping) {
            LOG.debugf(stopping, "stopped waiting for readiness");
            return;
        }
        action.run();
    }

    /**
     * Runs Quarkus's static initialization (the generated application class's, what {@link Quarkus#run} would run
     * first), so that it can overlap other start-up work; the runtime configuration is read later, at boot.
     */
    static void initializeStatically() {
        // What Quarkus.run sets before it loads the class: the static initialization must see the same.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.setProperty("java.util.concurrent.ForkJoinPool.common.threadFactory",
                "io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory");
        try {
            Class.forName(Application.APP_CLASS_NAME, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException notPackaged) {
            // Not in a packaged application (a test's class path): Quarkus.run boots it the way it does there.
        }
    }

    /**
     * Boots the service in this thread, runs {@code onReady} (on another) once it is ready, and returns the service's
     * exit code once it has stopped.
     */
    static int runUntilStopped(Runnable onReady) {
        whenReady = onReady;
        AtomicInteger exitCode = new AtomicInteger();
        Quarkus.run(ServiceApplication.class, (code, failure) -> exitCode.set(code));
        return exitCode.get();
    }
}
