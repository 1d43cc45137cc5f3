package dev.govengine.rewards.lifecycle;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * DOWN under /q/health/well while the distributor holds a root this engine did not compute ({@link ForeignRoots}).
 * Wellness, not readiness: the index and the API are fine, but someone must dispute or cancel that root.
 */
@Wellness
@ApplicationScoped
public class ForeignRootsHealthCheck implements AsyncHealthCheck {
    private final ForeignRoots roots;

    @Inject
    public ForeignRootsHealthCheck(ForeignRoots roots) {
        this.roots = roots;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return roots.held().map(held -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("foreign-roots").status(held.isEmpty())
                    .withData("held", held.size());
            for (int i = 0; i < held.size(); i++) {
                response.withData("root" + (i + 1), held.get(i).describe());
            }
            return response.build();
        });
    }
}
