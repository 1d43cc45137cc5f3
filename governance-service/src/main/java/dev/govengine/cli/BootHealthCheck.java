package dev.govengine.cli;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /q/health/started}: UP once the service has booted (configuration read, migrations applied, the beans that
 * start eagerly started). Readiness then waits for the index, which may take far longer on a first backfill: a
 * startup probe that watched readiness would have the service restarted in the middle of it.
 */
@Startup
@ApplicationScoped
public class BootHealthCheck implements HealthCheck {
    private volatile Instant bootedAt;

    void booted(@Observes StartupEvent event) {
        bootedAt = Instant.now();
    }

    @Override
    public HealthCheckResponse call() {
        Instant booted = bootedAt;
        if (booted == null) {
            return HealthCheckResponse.down("boot");
        }
        return HealthCheckResponse.named("boot").up().withData("bootedAt", booted.toString()).build();
    }
}
