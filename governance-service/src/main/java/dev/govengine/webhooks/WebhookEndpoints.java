package dev.govengine.webhooks;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The endpoints operators register, and their deliveries as the operator sees them. */
@ApplicationScoped
public class WebhookEndpoints {
    /** Deliveries one listing returns at most, newest first. */
    public static final int MAX_LISTED = 500;

    /** An endpoint as registered; {@code governorId} null for every governor. */
    public record Endpoint(long id, URI url, List<WebhookEvent> events, String governorId, OffsetDateTime createdAt) {
    }

    /** A new endpoint, with the secret its deliveries are signed with: shown here, and never again. */
    public record Registered(Endpoint endpoint, String secret) {
    }

    /** An endpoint with how many of its deliveries are in each state. */
    public record Listed(Endpoint endpoint, long pending, long delivered, long dead) {
    }

    public enum DeliveryState {
        PENDING, DELIVERED, DEAD
    }

    public record Delivery(long id, String eventId, String eventType, DeliveryState state, int attempts,
            OffsetDateTime createdAt, OffsetDateTime lastAttemptAt, OffsetDateTime nextAttemptAt, String lastError,
            OffsetDateTime deliveredAt, String payload) {
    }

    /** What a redelivery found. */
    public enum Redelivery {
        QUEUED, NO_SUCH_DELIVERY, NOT_DEAD
    }

    private static final String ENDPOINT_COLUMNS = "e.id, e.url, e.events, e.governor_id, e.created_at";

    private final Pool pool;

    @Inject
    public WebhookEndpoints(Pool pool) {
        this.pool = pool;
    }

    /**
     * Registers an endpoint for {@code events} of one governor, or of all when {@code governorId} is empty (the reward
     * epochs' events go to every endpoint that asks for them).
     *
     * @throws IllegalArgumentException for a URL the rules refuse ({@link WebhookUrl}), no events, or a governor the
     *     index does not hold
     */
    public Uni<Registered> register(String url, Set<WebhookEvent> events, Optional<String> governorId) {
        URI uri = WebhookUrl.check(url);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("events: at least one of " + WebhookEvent.names());
        }
        String secret = WebhookSignature.newSecret();
        String[] names = events.stream().sorted().map(WebhookEvent::wireName).toArray(String[]::new);
        Uni<Boolean> known = governorId.isEmpty() ? Uni.createFrom().item(true)
                : pool.preparedQuery("SELECT 1 FROM governor WHERE id = $1").execute(Tuple.of(governorId.get()))
                        .map(rows -> rows.size() == 1);
        return known.chain(isKnown -> {
            if (!isKnown) {
                return Uni.createFrom().failure(new IllegalArgumentException("governor: " + governorId.get()
                        + " is not in the index; a governor configured under gov.governors is there from its first index cycle"));
            }
            return pool.preparedQuery("""
                    INSERT INTO webhook_endpoint AS e (url, events, governor_id, secret) VALUES ($1, $2, $3, $4)
                    RETURNING\s""" + ENDPOINT_COLUMNS)
                    .execute(Tuple.of(uri.toString(), names, governorId.orElse(null), secret))
                    .map(rows -> new Registered(endpoint(rows.iterator().next()), secret));
        });
    }

    public Uni<List<Listed>> list() {
        return pool.query("""
                SELECT\s""" + ENDPOINT_COLUMNS + """
                , count(d.id) FILTER (WHERE d.state = 'PENDING') AS pending,
                       count(d.id) FILTER (WHERE d.state = 'DELIVERED') AS delivered,
                       count(d.id) FILTER (WHERE d.state = 'DEAD') AS dead
                FROM webhook_endpoint e LEFT JOIN webhook_delivery d ON d.endpoint_id = e.id
                GROUP BY e.id ORDER BY e.id""").execute().map(rows -> {
                    List<Listed> listed = new ArrayList<>();
                    rows.forEach(row -> listed.add(new Listed(endpoint(row), row.getLong("pending"),
                            row.getLong("delivered"), row.getLong("dead"))));
                    return listed;
                });
    }

    /** Removes the endpoint and its deliveries, pending ones included; false if there is none. */
    public Uni<Boolean> delete(long id) {
        return pool.preparedQuery("DELETE FROM webhook_endpoint WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The endpoint's deliveries, newest first, in one state or all; empty if there is no such endpoint. */
    public Uni<Optional<List<Delivery>>> deliveries(long endpointId, Optional<DeliveryState> state, int limit) {
        return pool.preparedQuery("""
                SELECT e.id AS endpoint, d.id, d.event_id::text AS event_id, d.event_type, d.state, d.attempts,
                       d.created_at, d.last_attempt_at, d.next_attempt_at, d.last_error, d.delivered_at,
                       d.payload::text AS payload
                FROM webhook_endpoint e
                LEFT JOIN LATERAL (SELECT * FROM webhook_delivery x WHERE x.endpoint_id = e.id
                                   AND ($2::text IS NULL OR x.state = $2) ORDER BY x.id DESC LIMIT $3) d ON true
                WHERE e.id = $1""")
                .execute(Tuple.of(endpointId, state.map(Enum::name).orElse(null), Math.min(limit, MAX_LISTED)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    List<Delivery> deliveries = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getLong("id") != null) {
                            deliveries.add(new Delivery(row.getLong("id"), row.getString("event_id"),
                                    row.getString("event_type"), DeliveryState.valueOf(row.getString("state")),
                                    row.getInteger("attempts"), row.getOffsetDateTime("created_at"),
                                    row.getOffsetDateTime("last_attempt_at"), row.getOffsetDateTime("next_attempt_at"),
                                    row.getString("last_error"), row.getOffsetDateTime("delivered_at"),
                                    row.getString("payload")));
                        }
                    }
                    return Optional.of(deliveries);
                });
    }

    /**
     * A DEAD delivery due again at once, with its attempts counted afresh: the same event id and body, so a receiver
     * that had it after all drops it as a duplicate.
     */
    public Uni<Redelivery> redeliver(long endpointId, long deliveryId) {
        return pool.preparedQuery("""
                WITH found AS (SELECT id, state FROM webhook_delivery WHERE id = $2 AND endpoint_id = $1 FOR UPDATE),
                     queued AS (UPDATE webhook_delivery d SET state = 'PENDING', attempts = 0, next_attempt_at = now()
                                FROM found WHERE d.id = found.id AND found.state = 'DEAD' RETURNING d.id)
                SELECT found.state, (SELECT count(*) FROM queued) AS queued FROM found""")
                .execute(Tuple.of(endpointId, deliveryId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Redelivery.NO_SUCH_DELIVERY;
                    }
                    return rows.iterator().next().getLong("queued") == 1 ? Redelivery.QUEUED : Redelivery.NOT_DEAD;
                });
    }

    private static Endpoint endpoint(Row row) {
        List<WebhookEvent> events = Arrays.stream(row.getArrayOfStrings("events")).map(WebhookEvent::of).toList();
        return new Endpoint(row.getLong("id"), URI.create(row.getString("url")), events, row.getString("governor_id"),
                row.getOffsetDateTime("created_at"));
    }
}
