package dev.govengine.governance.index;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while at least one governor is served (or none is configured): one configured address that is no Governor,
 * or a governor stopped by a reorg too deep to follow, must not take the others out of a load balancer. Each
 * governor's sync error is in the details, under its configured name.
 */
@Readiness
@ApplicationScoped
public class GovernorsReadinessCheck implements AsyncHealthCheck {
    private final Pool pool;
    private final GovernorRegistry registry;

    @Inject
    public GovernorsReadinessCheck(Pool pool, GovernorRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<IndexedGovernor> governors = registry.all().stream()
                .sorted(Comparator.comparing(IndexedGovernor::configName)).toList();
        if (governors.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.up("governors"));
        }
        return pool.query("SELECT id, sync_error FROM governor WHERE sync_error IS NOT NULL").execute().map(rows -> {
            Map<String, String> errors = new HashMap<>();
            rows.forEach(row -> errors.put(row.getString("id"), row.getString("sync_error")));
            HealthCheckResponseBuilder response = HealthCheckResponse.named("governors")
                    .status(governors.stream().anyMatch(governor -> !errors.containsKey(governor.id())));
            governors.forEach(governor -> response.withData(governor.configName(),
                    errors.getOrDefault(governor.id(), "no sync error")));
            return response.build();
        });
    }
}
