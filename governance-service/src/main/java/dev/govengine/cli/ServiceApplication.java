package dev.govengine.cli;

import io.quarkus.arc.Arc;
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
