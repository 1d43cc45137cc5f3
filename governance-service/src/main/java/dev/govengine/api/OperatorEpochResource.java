package dev.govengine.api;

import dev.govengine.rewards.lifecycle.EpochLifecycle;
import dev.govengine.rewards.lifecycle.OperatorStep;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The operator's epoch steps: {@code POST /operator/epochs/{epoch}/{step}} runs one lifecycle step ({@link
 * OperatorStep}) on one epoch, and {@code POST /operator/epochs/advance} takes every ended epoch as far as it goes, as
 * the scheduler's tick does. Only the operator reaches them ({@link OperatorAuthentication}). A step is idempotent:
 * repeated, or raced by the scheduler or another replica, it moves nothing twice. The steps wait for the chain and the
 * database, so they run on a worker thread, as JAX-RS runs a method that returns a plain value.
 */
@Path(OperatorEpochResource.PATH)
@RolesAllowed(OperatorIdentityProvider.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class OperatorEpochResource {
    public static final String PATH = "/operator/epochs";

    @Inject
    EpochLifecycle lifecycle;

    /** What one step did to one epoch; {@code moved} is false when it stayed where it was. */
    public record StepView(String epoch, String from, String to, boolean moved, String detail) {
        static StepView of(EpochLifecycle.Step step) {
            return new StepView(Long.toString(step.epoch()), step.from().name(), step.to().name(), step.moved(),
                    step.detail());
        }
    }

    /** The steps that moved an epoch. */
    public record Steps(List<StepView> steps) {
    }

    @POST
    @Path("advance")
    public Steps advance() {
        return new Steps(lifecycle.advanceAll().stream().map(StepView::of).toList());
    }

    @POST
    @Path("{epoch}/{step}")
    public StepView step(@PathParam("epoch") String epoch, @PathParam("step") String step) {
        long number = epochNumber(epoch);
        OperatorStep operatorStep = OperatorStep.named(step).orElseThrow(() -> new NotFoundException(
                "unknown step '" + step + "': expected one of " + OperatorStep.names()));
        return StepView.of(lifecycle.operate(number, operatorStep));
    }

    private static long epochNumber(String text) {
        return EpochNumber.parse(text).orElseThrow(() -> new BadInputException(EpochNumber.refusal(text)));
    }
}
