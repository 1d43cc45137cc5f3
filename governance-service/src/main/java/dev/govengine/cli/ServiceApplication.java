package dev.govengine.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** The long-running service: HTTP, GraphQL, indexing and scheduled work, until a signal stops it. */
public class ServiceApplication implements QuarkusApplication {
    private static final Logger LOG = Logger.getLogger(ServiceApplication.class);

    @Override
    public int run(String... args) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        LOG.infof("GraphQL endpoint http://localhost:%d/graphql, UI http://localhost:%d/q/graphql-ui, health http://localhost:%d/q/health",
                port, port, port);
        Quarkus.waitForExit();
        return 0;
    }

    /** Boots the service in this thread and returns its exit code once it has stopped. */
    static int runUntilStopped() {
        AtomicInteger exitCode = new AtomicInteger();
        Quarkus.run(ServiceApplication.class, (code, failure) -> exitCode.set(code));
        return exitCode.get();
    }
}
