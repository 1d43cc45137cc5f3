package dev.govengine.api;

import static dev.govengine.api.OperatorResponses.fail;
import static dev.govengine.api.OperatorResponses.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.config.EngineConfig;
import dev.govengine.contributions.ReceiptInvalidations;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code POST /operator/receipts/invalidate}: the receipts a verifier signed and the engine took within a time range
 * stop counting in the epochs not yet closed (see {@link ReceiptInvalidations}). The body is a JSON object:
 * {@code verifier}, {@code from} and {@code to} (ISO-8601 with an offset, or Unix seconds; {@code to} excluded),
 * {@code reason} and {@code by} (who asks). It needs the operator's bearer token, checked before anything else is
 * looked at, and does not exist (404) without {@code gov.operator.token-file}, like the epoch steps.
 */
@ApplicationScoped
public class ReceiptInvalidationRoute {
    public static final String PATH = "/operator/receipts/invalidate";
    private static final Logger LOG = Logger.getLogger(ReceiptInvalidationRoute.class);
    private static final ObjectMapper JSON = OperatorResponses.JSON;
    private static final Set<String> FIELDS = Set.of("verifier", "from", "to", "reason", "by");
    private static final int MAX_BODY = 16 * 1024;
    private static final int AUTHENTICATE_ORDER = -10;

    @Inject
    EngineConfig config;

    @Inject
    ActiveDeployment active;

    @Inject
    ReceiptInvalidations invalidations;

    private Optional<OperatorToken> token = Optional.empty();

    void install(@Observes Router router) {
        token = OperatorToken.of(config.operator());
        if (token.isEmpty()) {
            return;
        }
        // Two routes, since Vert.x takes a body handler only first on its route: the token is checked before a
        // byte of the body is read.
        router.post(PATH).order(AUTHENTICATE_ORDER)
                .handler(routing -> OperatorResponses.authenticate(token.orElseThrow(), routing));
        router.post(PATH).order(AUTHENTICATE_ORDER + 1).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
                .handler(this::invalidate);
    }


    private record Request(ChecksumAddress verifier, Instant from, Instant to, String reason, String by) {
    }

    private void invalidate(RoutingContext routing) {
        Request request;
        try {
            request = parse(routing.body().asString());
        } catch (InvalidAddressException e) {
            fail(routing.response(), 400, "BAD_ADDRESS", "verifier: " + e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            fail(routing.response(), 400, "BAD_INPUT", e.getMessage());
            return;
        }
        Optional<Deployment> deployment = active.get();
        if (deployment.isEmpty()) {
            fail(routing.response(), 503, "UNAVAILABLE",
                    "no contract deployment is configured (gov.deployment-file), so there are no receipts");
            return;
        }
        invalidations.record(deployment.get().chainId(), deployment.get().rewardPolicy().address(), request.verifier(),
                request.from(), request.to(), request.reason(), request.by()).subscribe().with(recorded -> {
                    LOG.warnf("Receipts of verifier %s taken in [%s, %s) invalidated from epoch %d by %s: %s (%d receipts)",
                            recorded.verifier(), recorded.from(), recorded.to(), recorded.fromEpoch(),
                            recorded.requestedBy(), recorded.reason(), recorded.receipts());
                    send(routing.response(), 200, view(recorded));
                }, failure -> {
                    LOG.error("Invalidating receipts failed", failure);
                    fail(routing.response(), 500, "INTERNAL", "the invalidation failed: " + failure.getMessage());
                });
    }

    private static Request parse(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object with " + FIELDS);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown field; expected " + FIELDS);
            }
        }
        Instant from = time(node, "from");
        Instant to = time(node, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: " + to + " must be after from (" + from + "); the range excludes to");
        }
        return new Request(ChecksumAddress.of(text(node, "verifier")), from, to, text(node, "reason"),
                text(node, "by"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(field + ": a non-empty string is required");
        }
        return value.textValue();
    }

    /** Unix seconds (a JSON number or a string of digits), or ISO-8601 with an offset such as 2026-03-01T00:00:00Z. */
    private static Instant time(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochSecond(value.longValue());
        }
        String text = text(node, field);
        try {
            return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(text))
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + text
                    + "' is neither Unix seconds nor ISO-8601 with an offset (2026-03-01T00:00:00Z)");
        }
    }

    private static ObjectNode view(ReceiptInvalidations.Invalidation recorded) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", Long.toString(recorded.id()));
        body.put("verifier", recorded.verifier().toString());
        body.put("from", recorded.from().toString());
        body.put("to", recorded.to().toString());
        body.put("fromEpoch", Long.toString(recorded.fromEpoch()));
        body.put("receipts", recorded.receipts());
        body.put("reason", recorded.reason());
        body.put("by", recorded.requestedBy());
        body.put("recordedAt", recorded.recordedAt().toString());
        return body;
    }


}
