package dev.govengine.api;

import static dev.govengine.api.OperatorResponses.fail;
import static dev.govengine.api.OperatorResponses.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.chain.RpcException;
import dev.govengine.config.EngineConfig;
import dev.govengine.rewards.lifecycle.EpochLifecycle;
import dev.govengine.rewards.lifecycle.EpochNotReadyException;
import dev.govengine.rewards.lifecycle.OperatorStep;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The operator endpoints: {@code POST /operator/epochs/{epoch}/{step}} runs one lifecycle step on one epoch
 * ({@code close}, {@code compute}, {@code submit}, {@code watch}, {@code retry} for a SUBMIT_FAILED epoch, or
 * {@code recompute} for an epoch and every later one, from corrected inputs), and
 * {@code POST /operator/epochs/advance} takes every ended epoch as far as it goes, as the scheduler's tick does.
 * Each needs {@code Authorization: Bearer <token>}, the token of {@code gov.operator.token-file}, checked before
 * anything else: without it every request under the path is 401, whatever its method, path or body. Without that
 * file the routes do not exist (404). A step is idempotent: repeated, or raced by the scheduler or another replica, it
 * moves nothing twice.
 */
@ApplicationScoped
public class OperatorRoute {
    public static final String PATH = "/operator/epochs";
    private static final Logger LOG = Logger.getLogger(OperatorRoute.class);
    private static final ObjectMapper JSON = OperatorResponses.JSON;

    @Inject
    EngineConfig config;

    @Inject
    EpochLifecycle lifecycle;

    private Optional<OperatorToken> token = Optional.empty();

    void install(@Observes Router router) {
        token = OperatorToken.of(config.operator());
        if (token.isEmpty()) {
            return;
        }
        // Every request under the path meets the token first, so a caller without it learns nothing, not even
        // which paths or epochs exist (a 400 or 404 would tell).
        router.route(PATH + "*").handler(routing -> OperatorResponses.authenticate(token.orElseThrow(), routing));
        router.post(PATH + "/advance").handler(routing -> run(routing, () -> steps(lifecycle.advanceAll())));
        router.post(PATH + "/:epoch/:step").handler(this::step);
        LOG.info("Operator endpoints on " + PATH + " (bearer token from gov.operator.token-file)");
    }

    private void step(RoutingContext routing) {
        String name = routing.pathParam("step");
        long epoch;
        try {
            epoch = Long.parseLong(routing.pathParam("epoch"));
        } catch (NumberFormatException e) {
            epoch = 0;
        }
        if (epoch < 1) {
            fail(routing.response(), 400, "BAD_INPUT", "the epoch is a number from 1, not '" + routing.pathParam("epoch") + "'");
            return;
        }
        Optional<OperatorStep> step = OperatorStep.named(name);
        if (step.isEmpty()) {
            fail(routing.response(), 404, "NOT_FOUND", "unknown step '" + name + "': expected one of "
                    + OperatorStep.names());
            return;
        }
        long number = epoch;
        run(routing, () -> step(lifecycle.operate(number, step.get())));
    }

    private interface Work {
        ObjectNode run();
    }


    private void run(RoutingContext routing, Work work) {
        Context vertx = Vertx.currentContext();
        Uni.createFrom().item(work::run).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).subscribe().with(
                body -> vertx.runOnContext(v -> send(routing.response(), 200, body)),
                failure -> vertx.runOnContext(v -> failed(routing.response(), failure)));
    }

    private static ObjectNode steps(List<EpochLifecycle.Step> steps) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode moved = body.putArray("steps");
        steps.forEach(step -> moved.add(step(step)));
        return body;
    }

    private static ObjectNode step(EpochLifecycle.Step step) {
        ObjectNode body = JSON.createObjectNode();
        body.put("epoch", Long.toString(step.epoch()));
        body.put("from", step.from().name());
        body.put("to", step.to().name());
        body.put("moved", step.moved());
        body.put("detail", step.detail());
        return body;
    }

    private static void failed(HttpServerResponse response, Throwable failure) {
        if (failure instanceof IllegalStateException) {
            fail(response, 409, "CONFLICT", failure.getMessage());
        } else if (failure instanceof IllegalArgumentException) {
            fail(response, 400, "BAD_INPUT", failure.getMessage());
        } else if (failure instanceof EpochNotReadyException || failure instanceof RpcException) {
            fail(response, 503, "UNAVAILABLE", failure.getMessage());
        } else {
            LOG.error("Operator step failed", failure);
            fail(response, 500, "INTERNAL", "the step failed: " + failure.getMessage());
        }
    }


}
