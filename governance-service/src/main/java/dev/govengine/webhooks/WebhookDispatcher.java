package dev.govengine.webhooks;

import dev.govengine.config.EngineConfig;
import dev.govengine.persistence.WorkerDb;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Sends the outbox's due deliveries, on every replica that polls ({@code gov.webhooks.poll-interval}). A poll takes up
 * to {@code batch-size} due rows with {@code FOR UPDATE SKIP LOCKED} and, in the same short statement, moves each
 * one's next attempt past the longest its attempt can take (a lease): two replicas never send a delivery at the same
 * time, no transaction stays open while a receiver answers, and a replica that dies mid-attempt leaves the delivery
 * to whoever polls once the lease has run out. A 2xx answer delivers; anything else (another status, a redirect,
 * which is not followed, a refused connection, the timeout) is a failure, retried after an exponential backoff with
 * jitter until {@code max-attempts} or {@code max-age}, then DEAD. The outcome is written only if the delivery is
 * still at the attempt this replica made, so a late answer never overwrites a newer attempt.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    public static final String EVENT_HEADER = "X-Gov-Event";
    public static final String EVENT_ID_HEADER = "X-Gov-Event-Id";
    public static final String DELIVERY_HEADER = "X-Gov-Delivery";
    /** How much of a failure's reason is kept for the operator. */
    private static final int MAX_ERROR = 300;
    /** Delivered rows are deleted at most this often per replica: the retention is days, not seconds. */
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private record Due(long id, String eventId, String eventType, byte[] body, int attempts, URI url, String secret) {
    }

    private final Pool pool;
    private final WorkerDb db;
    private final EngineConfig.Webhooks config;
    private final HttpClient http;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dead;
    private Instant lastPruned = Instant.EPOCH;
    private String lastFailure;

    @Inject
    public WebhookDispatcher(Pool pool, WorkerDb db, EngineConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.db = db;
        this.config = config.webhooks();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(this.config.timeout()).build();
        this.delivered = Counter.builder("gov.webhooks.deliveries").tag("outcome", "delivered")
                .description("Webhook deliveries a receiver accepted").register(metrics);
        this.failed = Counter.builder("gov.webhooks.deliveries").tag("outcome", "failed")
                .description("Webhook delivery attempts that failed and will be retried").register(metrics);
        this.dead = Counter.builder("gov.webhooks.deliveries").tag("outcome", "dead")
                .description("Webhook deliveries given up on (DEAD): the operator lists and redelivers them")
                .register(metrics);
    }

    @Scheduled(identity = "webhook-deliveries", every = "${gov.webhooks.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            deliverDue();
            if (Instant.now().isAfter(lastPruned.plus(PRUNE_EVERY))) {
                prune(config.retention());
                lastPruned = Instant.now();
            }
            lastFailure = null;
        } catch (RuntimeException failure) {
            // A database outage fails every poll alike: said once, and again when the reason changes.
            String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            if (!message.equals(lastFailure)) {
                LOG.warnf(failure, "Webhooks: a poll failed (%s); every poll tries again", message);
                lastFailure = message;
            } else {
                LOG.debugf("Webhooks: a poll failed again: %s", message);
            }
        }
    }

    /** Sends what is due now, concurrently, and records each outcome; returns how many deliveries it attempted. */
    public int deliverDue() {
        List<Due> due = claim();
        List<CompletableFuture<HttpResponse<InputStream>>> sent = new ArrayList<>(due.size());
        long now = Instant.now().getEpochSecond();
        for (Due delivery : due) {
            sent.add(http.sendAsync(HttpRequest.newBuilder(delivery.url())
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "governance-engine-webhooks")
                    .header(EVENT_HEADER, delivery.eventType())
                    .header(EVENT_ID_HEADER, delivery.eventId())
                    .header(DELIVERY_HEADER, Long.toString(delivery.id()))
                    .header(WebhookSignature.HEADER, WebhookSignature.header(delivery.secret(), now, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                    .build(), HttpResponse.BodyHandlers.ofInputStream()));
        }
        for (int i = 0; i < due.size(); i++) {
            record(due.get(i), outcome(sent.get(i)));
        }
        return due.size();
    }

    private List<Due> claim() {
        // The lease: the request's timeout, the connect timeout before it, and a margin for the outcome's write.
        double lease = config.timeout().multipliedBy(2).plusSeconds(5).toMillis() / 1000.0;
        List<Due> due = new ArrayList<>();
        // Read first: the UPDATE's statement trigger would announce a change to every replica's response cache on
        // each poll, even when it took nothing. A replica on a read-only standby sees the due rows but cannot take
        // them: it leaves them to the replicas on the primary.
        boolean any = db.await(pool.query("""
                        SELECT NOT pg_is_in_recovery() AND EXISTS (
                            SELECT 1 FROM webhook_delivery WHERE state = 'PENDING' AND next_attempt_at <= now()) AS due""")
                        .execute(), "looking for due webhook deliveries")
                .iterator().next().getBoolean("due");
        if (!any) {
            return due;
        }
        db.await(pool.preparedQuery("""
                UPDATE webhook_delivery d SET attempts = d.attempts + 1, last_attempt_at = now(),
                    next_attempt_at = now() + make_interval(secs => $2)
                FROM (SELECT id FROM webhook_delivery WHERE state = 'PENDING' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED) taken, webhook_endpoint e
                WHERE d.id = taken.id AND e.id = d.endpoint_id
                RETURNING d.id, d.event_id::text AS event_id, d.event_type, d.payload::text AS body, d.attempts,
                          e.url, e.secret""")
                .execute(Tuple.of(config.batchSize(), lease)), "taking due webhook deliveries")
                .forEach((Row row) -> due.add(new Due(row.getLong("id"), row.getString("event_id"),
                        row.getString("event_type"), row.getString("body").getBytes(StandardCharsets.UTF_8),
                        row.getInteger("attempts"), URI.create(row.getString("url")), row.getString("secret"))));
        return due;
    }

    /** Null when the receiver took it, else why not. The body is never read: only the status counts. */
    private String outcome(CompletableFuture<HttpResponse<InputStream>> sent) {
        try {
            HttpResponse<InputStream> response = sent.get(config.timeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            discard(response.body());
            if (status / 100 == 2) {
                return null;
            }
            return "HTTP " + status + (status / 100 == 3 ? " (redirects are not followed)" : "");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } catch (TimeoutException e) {
            sent.cancel(true);
            return "no answer within " + config.timeout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Closing cancels the rest of the body, so a receiver sending an endless one costs nothing. */
    private static void discard(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // The status has decided the outcome already.
        }
    }

    private void record(Due delivery, String error) {
        if (error == null) {
            db.await(pool.preparedQuery("""
                    UPDATE webhook_delivery SET state = 'DELIVERED', delivered_at = now(), last_error = NULL
                    WHERE id = $1 AND attempts = $2 AND state = 'PENDING'""")
                    .execute(Tuple.of(delivery.id(), delivery.attempts())), "recording a webhook delivery");
            delivered.increment();
            return;
        }
        String reason = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        var rows = db.await(pool.preparedQuery("""
                UPDATE webhook_delivery SET last_error = $3,
                    state = CASE WHEN attempts >= $4 OR created_at <= now() - make_interval(secs => $5) THEN 'DEAD'
                                 ELSE 'PENDING' END,
                    next_attempt_at = now() + make_interval(secs => $6)
                WHERE id = $1 AND attempts = $2 AND state = 'PENDING'
                RETURNING state""")
                .execute(Tuple.from(List.of(delivery.id(), delivery.attempts(), reason, config.maxAttempts(),
                        (double) config.maxAge().toSeconds(), backoff(delivery.attempts()).toMillis() / 1000.0))),
                "recording a failed webhook delivery");
        if (rows.size() == 1 && "DEAD".equals(rows.iterator().next().getString("state"))) {
            dead.increment();
            LOG.warnf("Webhooks: delivery %d of event %s (%s) to %s is DEAD after %d attempts: %s", delivery.id(),
                    delivery.eventId(), delivery.eventType(), delivery.url(), delivery.attempts(), reason);
        } else {
            failed.increment();
        }
    }

    /** Deletes the deliveries DELIVERED longer ago than {@code retention}; returns how many. */
    public int prune(Duration retention) {
        return db.await(pool.preparedQuery("""
                DELETE FROM webhook_delivery
                WHERE state = 'DELIVERED' AND delivered_at < now() - make_interval(secs => $1)""")
                .execute(Tuple.of((double) retention.toSeconds())), "deleting old webhook deliveries").rowCount();
    }

    /**
     * The wait after the {@code attempts}-th failure: {@code backoff-base} doubled per earlier failure, at most
     * {@code backoff-max}, of which a random half is taken off, so receivers that failed together are not retried
     * together.
     */
    Duration backoff(int attempts) {
        long base = config.backoffBase().toMillis();
        long ceiling = config.backoffMax().toMillis();
        long full = attempts > 40 ? ceiling : Math.min(ceiling, base << Math.max(0, attempts - 1));
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }
}
