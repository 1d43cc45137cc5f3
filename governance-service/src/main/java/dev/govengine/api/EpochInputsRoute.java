package dev.govengine.api;

import dev.govengine.rewards.inputs.EpochInputsStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * {@code GET /epochs/{epoch}/inputs}: an epoch's inputs document (docs/REWARDS.md, "An epoch's inputs document"),
 * the exact bytes whose keccak256 the posted {@code dataUri} names, so anyone may check a root. Public, like the chain
 * it is checked against; rate limited with the other public endpoints. An ETag of the keccak lets a mirror or cache
 * tell the bytes unchanged. Refusals: 400 BAD_INPUT for an epoch that is not a number from 1, 404 NOT_FOUND for an
 * epoch with no document (not computed yet, or computed before documents were stored).
 */
@ApplicationScoped
public class EpochInputsRoute {
    public static final String PATH = "/epochs/:epoch/inputs";
    private static final Logger LOG = Logger.getLogger(EpochInputsRoute.class);

    @Inject
    EpochInputsStore store;

    void install(@Observes Router router) {
        router.get(PATH).handler(this::serve);
    }

    private void serve(RoutingContext routing) {
        String text = routing.pathParam("epoch");
        OptionalLong parsed = EpochNumber.parse(text);
        if (parsed.isEmpty()) {
            fail(routing.response(), 400, "BAD_INPUT", EpochNumber.refusal(text));
            return;
        }
        long number = parsed.getAsLong();
        Context vertx = Vertx.currentContext();
        store.find(number).subscribe().with(found -> vertx.runOnContext(v -> {
            if (found.isEmpty()) {
                fail(routing.response(), 404, "NOT_FOUND", "no inputs document is stored for epoch " + number
                        + ": it is not computed yet");
                return;
            }
            routing.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("ETag", "\"" + found.get().keccak() + "\"")
                    .end(Buffer.buffer(found.get().document()));
        }), failure -> vertx.runOnContext(v -> {
            LOG.error("Reading the inputs document of epoch " + number + " failed", failure);
            fail(routing.response(), 503, "UNAVAILABLE", "the inputs document cannot be read now; retry later");
        }));
    }

    private static void fail(HttpServerResponse response, int status, String code, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("code", code).put("message", message).encode());
    }
}
