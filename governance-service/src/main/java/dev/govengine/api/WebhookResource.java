package dev.govengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.webhooks.WebhookEndpoints;
import dev.govengine.webhooks.WebhookEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The operator's webhooks (docs/ARCHITECTURE.md, "Webhooks"): {@code POST /operator/webhooks} registers an endpoint
 * ({@code {url, events, governor?}}, at most {@value #MAX_BODY} bytes) and answers its signing secret, once;
 * {@code GET} lists the endpoints with their deliveries counted by state; {@code DELETE /operator/webhooks/{id}}
 * removes one with its deliveries; {@code GET /operator/webhooks/{id}/deliveries?state=DEAD&limit=n} lists its
 * deliveries, newest first; {@code POST /operator/webhooks/{id}/deliveries/{delivery}/redeliver} sends a DEAD one
 * again. Only the operator reaches them ({@link OperatorAuthentication}).
 */
@Path(WebhookResource.PATH)
@RolesAllowed(OperatorIdentityProvider.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {
    public static final String PATH = "/operator/webhooks";
    static final int MAX_BODY = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("url", "events", "governor");
    private static final int DEFAULT_LISTED = 100;

    @Inject
    WebhookEndpoints endpoints;

    /** Counts of an endpoint's deliveries. */
    public record DeliveryCounts(long pending, long delivered, long dead) {
    }

    /** An endpoint; {@code secret} only in the answer to its registration, {@code deliveries} only in the list. */
    public record EndpointView(String id, String url, List<String> events, String governor, String createdAt,
            String secret, DeliveryCounts deliveries) {
        static EndpointView of(WebhookEndpoints.Endpoint endpoint, String secret, DeliveryCounts deliveries) {
            return new EndpointView(Long.toString(endpoint.id()), endpoint.url().toString(),
                    endpoint.events().stream().map(WebhookEvent::wireName).toList(), endpoint.governorId(),
                    endpoint.createdAt().toInstant().toString(), secret, deliveries);
        }
    }

    public record Endpoints(List<EndpointView> endpoints) {
    }

    /** A delivery; {@code payload} is the body as sent. */
    public record DeliveryView(String id, String eventId, String eventType, String state, int attempts,
            String createdAt, String lastAttemptAt, String nextAttemptAt, String lastError, String deliveredAt,
            JsonNode payload) {
        static DeliveryView of(WebhookEndpoints.Delivery delivery) {
            try {
                return new DeliveryView(Long.toString(delivery.id()), delivery.eventId(), delivery.eventType(),
                        delivery.state().name(), delivery.attempts(), time(delivery.createdAt()),
                        time(delivery.lastAttemptAt()),
                        delivery.state() == WebhookEndpoints.DeliveryState.PENDING ? time(delivery.nextAttemptAt()) : null,
                        delivery.lastError(), time(delivery.deliveredAt()), JSON.readTree(delivery.payload()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored payload is JSONB, hence JSON", e);
            }
        }
    }

    public record Deliveries(List<DeliveryView> deliveries) {
    }

    /** Blocking, because the body is read as a stream, only as far as the bound. */
    @POST
    @Blocking
    public Uni<RestResponse<EndpointView>> register(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new LimitExceededException("the body is longer than " + MAX_BODY + " bytes");
        }
        JsonNode request = OperatorBody.object(new String(bytes, StandardCharsets.UTF_8), FIELDS);
        JsonNode url = request.get("url");
        if (url == null || !url.isTextual()) {
            throw new BadInputException("url: a string is required, an https URL");
        }
        Set<WebhookEvent> events = events(request.get("events"));
        JsonNode governor = request.get("governor");
        Optional<String> governorId = governor == null || governor.isNull() ? Optional.empty()
                : Optional.of(ApiInputs.governorId(governor.isTextual() ? governor.textValue() : governor.toString()));
        return endpoints.register(url.textValue(), events, governorId).map(registered -> RestResponse.status(
                Response.Status.CREATED, EndpointView.of(registered.endpoint(), registered.secret(), null)));
    }

    @GET
    public Uni<Endpoints> list() {
        return endpoints.list().map(listed -> new Endpoints(listed.stream().map(endpoint -> EndpointView.of(
                endpoint.endpoint(), null, new DeliveryCounts(endpoint.pending(), endpoint.delivered(), endpoint.dead())))
                .toList()));
    }

    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return endpoints.delete(number("id", id)).map(deleted -> {
            if (!deleted) {
                throw new NotFoundException("no webhook endpoint " + id);
            }
            return RestResponse.noContent();
        });
    }

    @GET
    @Path("{id}/deliveries")
    public Uni<Deliveries> deliveries(@PathParam("id") String id, @QueryParam("state") String state,
            @QueryParam("limit") String limit) {
        Optional<WebhookEndpoints.DeliveryState> wanted = Optional.ofNullable(state).map(WebhookResource::state);
        int count = limit == null ? DEFAULT_LISTED : (int) Math.min(number("limit", limit), Integer.MAX_VALUE);
        if (count > WebhookEndpoints.MAX_LISTED) {
            throw new LimitExceededException("limit: at most " + WebhookEndpoints.MAX_LISTED);
        }
        return endpoints.deliveries(number("id", id), wanted, count).map(found -> new Deliveries(found
                .orElseThrow(() -> new NotFoundException("no webhook endpoint " + id))
                .stream().map(DeliveryView::of).toList()));
    }

    @POST
    @Path("{id}/deliveries/{delivery}/redeliver")
    public Uni<RestResponse<Void>> redeliver(@PathParam("id") String id, @PathParam("delivery") String delivery) {
        return endpoints.redeliver(number("id", id), number("delivery", delivery)).map(outcome -> switch (outcome) {
            case QUEUED -> RestResponse.<Void>accepted();
            case NO_SUCH_DELIVERY -> throw new NotFoundException("no delivery " + delivery + " of webhook endpoint " + id);
            case NOT_DEAD -> throw new IllegalStateException("delivery " + delivery
                    + " is not DEAD; only a DEAD delivery is sent again by hand");
        });
    }

    private static Set<WebhookEvent> events(JsonNode events) {
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw new BadInputException("events: a non-empty array of " + Arrays.stream(WebhookEvent.values())
                    .map(WebhookEvent::wireName).toList() + " is required");
        }
        Set<WebhookEvent> wanted = EnumSet.noneOf(WebhookEvent.class);
        for (JsonNode event : events) {
            if (!event.isTextual()) {
                throw new BadInputException("events: each is a string, not " + event);
            }
            wanted.add(WebhookEvent.of(event.textValue()));
        }
        return wanted;
    }

    private static WebhookEndpoints.DeliveryState state(String text) {
        return Arrays.stream(WebhookEndpoints.DeliveryState.values()).filter(s -> s.name().equals(text)).findFirst()
                .orElseThrow(() -> new BadInputException("state: '" + text + "' is none of "
                        + Arrays.toString(WebhookEndpoints.DeliveryState.values())));
    }

    private static long number(String name, String text) {
        if (!text.matches("[1-9][0-9]{0,17}")) {
            throw new BadInputException(name + ": a positive whole number, not '" + text + "'");
        }
        return Long.parseLong(text);
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
