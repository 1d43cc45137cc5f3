package dev.govengine.submission;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether results can be submitted, under /q/health/well. A wellness check rather than readiness: without
 * submission, indexing and the API still serve, so a load balancer must keep routing to this instance. Submission
 * switched off on purpose (no key) is UP, and so is a role not read yet (an unreachable node is readiness's concern);
 * a key without UPDATER_ROLE, or a distributor address that is not one, is DOWN.
 */
@Wellness
@ApplicationScoped
public class SubmissionHealthCheck implements HealthCheck {
    private final SubmissionService service;

    @Inject
    public SubmissionHealthCheck(SubmissionService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        SubmissionService.State state = service.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("submission")
                .status(state != SubmissionService.State.UNAUTHORIZED)
                .withData("state", state.name())
                .withData("detail", service.detail());
        service.signer().ifPresent(signer -> response.withData("signer", signer.toString()));
        service.distributor().ifPresent(distributor -> response.withData("distributor", distributor.toString()));
        return response.build();
    }
}
