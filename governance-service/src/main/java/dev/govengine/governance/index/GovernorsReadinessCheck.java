package dev.govengine.governance.index;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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
 * Ready once every governor has finished its first index cycle, and while at least one of them is served (or none is
 * configured). Before the first cycle the index is empty, and a load balancer that routed a wallet here would show it
 * no proposals. A cycle that ends in a recorded error counts as finished: one configured address that is no Governor,
 * or a governor stopped by a reorg too deep to follow, must not take the others out of a load balancer. The first
 * cycle is read from the database ({@code governor.first_cycle_at}), so a read replica, which never indexes, is ready
 * once the writer's first cycle is, and a restart on an index that is already there is ready at once. Each governor's
 * state is in the details, under its configured name.
 */
@Readiness
@ApplicationScoped
public class GovernorsReadinessCheck implements AsyncHealthCheck {
    static final String NOT_CYCLED = "first index cycle not finished";
    static final String SERVED = "no sync error";

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
        String[] ids = governors.stream().map(IndexedGovernor::id).toArray(String[]::new);
        return pool.preparedQuery("SELECT id, sync_error FROM governor WHERE id = ANY($1) AND first_cycle_at IS NOT NULL")
                .execute(Tuple.of(ids)).map(rows -> {
                    Map<String, String> cycled = new HashMap<>();
                    boolean served = false;
                    for (Row row : rows) {
                        String error = row.getString("sync_error");
                        served |= error == null;
                        cycled.put(row.getString("id"), error == null ? SERVED : error);
                    }
                    HealthCheckResponseBuilder response = HealthCheckResponse.named("governors")
                            .status(served && cycled.size() == governors.size());
                    governors.forEach(governor -> response.withData(governor.configName(),
                            cycled.getOrDefault(governor.id(), NOT_CYCLED)));
                    return response.build();
                });
    }
}
