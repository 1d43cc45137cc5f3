package dev.govengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.govengine.contributions.ReceiptInvalidations;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code POST /operator/receipts/invalidate}: the receipts a verifier signed and the engine took within a time range
 * stop counting in the epochs not yet closed (see {@link ReceiptInvalidations}). The body is a JSON object:
 * {@code verifier}, {@code from} and {@code to} (ISO-8601 with an offset, or Unix seconds; {@code to} excluded),
 * {@code reason} and {@code by} (who asks), at most {@value #MAX_BODY} bytes. Only the operator reaches it
 * ({@link OperatorAuthentication}), before a byte of the body is read.
 */
@Path(ReceiptInvalidationResource.PATH)
@RolesAllowed(OperatorIdentityProvider.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptInvalidationResource {
    public static final String PATH = "/operator/receipts/invalidate";
    static final int MAX_BODY = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(ReceiptInvalidationResource.class);
    private static final Set<String> FIELDS = Set.of("verifier", "from", "to", "reason", "by");

    @Inject
    ActiveDeployment active;

    @Inject
    ReceiptInvalidations invalidations;

    private record Request(ChecksumAddress verifier, Instant from, Instant to, String reason, String by) {
    }

    /** The invalidation as recorded. */
    public record InvalidationView(String id, String verifier, String from, String to, String fromEpoch, long receipts,
            String reason, String by, String recordedAt) {
        static InvalidationView of(ReceiptInvalidations.Invalidation recorded) {
            return new InvalidationView(Long.toString(recorded.id()), recorded.verifier().toString(),
                    recorded.from().toString(), recorded.to().toString(), Long.toString(recorded.fromEpoch()),
                    recorded.receipts(), recorded.reason(), recorded.requestedBy(), recorded.recordedAt().toString());
        }
    }

    /** Blocking, because the body is read as a stream, only as far as the bound. */
    @POST
    @Blocking
    public Uni<InvalidationView> invalidate(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new LimitExceededException("the body is longer than " + MAX_BODY + " bytes");
        }
        Request request = parse(new String(bytes, StandardCharsets.UTF_8));
        Deployment deployment = active.get().orElseThrow(() -> new UnavailableException(
                "no contract deployment is configured (gov.deployment-file), so there are no receipts"));
        return invalidations.record(deployment.chainId(), deployment.rewardPolicy().address(), request.verifier(),
                request.from(), request.to(), request.reason(), request.by()).map(recorded -> {
                    LOG.warnf("Receipts of verifier %s taken in [%s, %s) invalidated from epoch %d by %s: %s"
                            + " (%d receipts)", recorded.verifier(), recorded.from(), recorded.to(),
                            recorded.fromEpoch(), recorded.requestedBy(), recorded.reason(), recorded.receipts());
                    return InvalidationView.of(recorded);
                });
    }

    private static Request parse(String body) {
        JsonNode node = OperatorBody.object(body, FIELDS);
        Instant from = time(node, "from");
        Instant to = time(node, "to");
        if (!to.isAfter(from)) {
            throw new BadInputException("to: " + to + " must be after from (" + from + "); the range excludes to");
        }
        ChecksumAddress verifier;
        try {
            verifier = ChecksumAddress.of(text(node, "verifier"));
        } catch (InvalidAddressException e) {
            throw new BadAddressException("verifier: " + e.getMessage());
        }
        return new Request(verifier, from, to, text(node, "reason"), text(node, "by"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new BadInputException(field + ": a non-empty string is required");
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
            throw new BadInputException(field + ": '" + text
                    + "' is neither Unix seconds nor ISO-8601 with an offset (2026-03-01T00:00:00Z)");
        }
    }
}
