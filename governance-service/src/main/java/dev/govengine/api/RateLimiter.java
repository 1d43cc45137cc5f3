package dev.govengine.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.govengine.api.cache.SmallRyeGraphQL;
import dev.govengine.config.EngineConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A token bucket per client on the public endpoints that cost work, {@code /graphql} (queries, mutations and
 * WebSocket upgrades), {@code POST /receipts} and {@code GET /epochs/{n}/inputs} (gov.api.rate-limit.*): a client
 * may send {@code burst} requests at once, then {@code requests-per-second}. Beyond that the answer is 429 with code
 * RATE_LIMITED and a Retry-After in seconds, before the request guard and the response cache, so a cached answer is
 * rate limited too.
 *
 * <p>The client is the request's remote address, which Quarkus takes from X-Forwarded-For or Forwarded only when
 * {@code quarkus.http.proxy.proxy-address-forwarding} (with {@code allow-x-forwarded} or {@code allow-forwarded}, and
 * {@code trusted-proxies}) says a proxy in front sets them; otherwise the header is ignored, so a client cannot pick a
 * fresh address per request. Memory is bounded: a client idle long enough for its bucket to refill is forgotten,
 * which loses nothing, and at most {@code max-clients} are kept, the least recently seen going first.
 */
@ApplicationScoped
public class RateLimiter {
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** Before the request guard and the response cache. */
    static final int ORDER = SmallRyeGraphQL.GUARD_ORDER - 10;
    private static final long NANOS = 1_000_000_000L;

    @Inject
    EngineConfig config;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String graphqlPath;

    private Cache<String, Bucket> buckets;

    void install(@Observes Router router) {
        EngineConfig.Api.RateLimit limit = config.api().rateLimit();
        if (!limit.enabled()) {
            return;
        }
        long refill = (long) Math.ceil((double) limit.burst() * NANOS / limit.requestsPerSecond());
        buckets = Caffeine.newBuilder().maximumSize(limit.maxClients())
                .expireAfterAccess(Duration.ofNanos(refill)).build();
        router.route(graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath).order(ORDER)
                .handler(context -> check(context, true));
        router.post(ReceiptUploadResource.PATH).order(ORDER).handler(context -> check(context, false));
        router.get(EpochInputsRoute.PATH).order(ORDER).handler(context -> check(context, false));
    }

    private void check(RoutingContext context, boolean graphql) {
        EngineConfig.Api.RateLimit limit = config.api().rateLimit();
        SocketAddress remote = context.request().remoteAddress();
        String client = remote == null ? "" : remote.hostAddress() != null ? remote.hostAddress() : remote.host();
        long wait = buckets.get(client, any -> new Bucket(limit.burst(), System.nanoTime()))
                .take(System.nanoTime(), limit.requestsPerSecond(), limit.burst());
        if (wait == 0) {
            context.next();
            return;
        }
        long seconds = Math.max(1, (wait + NANOS - 1) / NANOS);
        String message = "more than " + limit.requestsPerSecond() + " requests per second (bursts of " + limit.burst()
                + ") from " + client + "; retry in " + seconds + " s (gov.api.rate-limit.*)";
        JsonObject error = new JsonObject().put("code", RATE_LIMITED).put("message", message);
        JsonObject body = graphql
                ? new JsonObject().put("errors", new JsonArray().add(new JsonObject().put("message", message)
                        .put("extensions", new JsonObject().put("code", RATE_LIMITED))))
                : error;
        context.response().setStatusCode(429).putHeader("Retry-After", Long.toString(seconds))
                .putHeader("Content-Type", "application/json").end(body.encode());
    }

    /** Tokens refill continuously up to the burst; one request takes one. */
    static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int burst, long now) {
            tokens = burst;
            at = now;
        }

        /** Takes a token: 0 when there was one, otherwise the nanoseconds until there is. */
        synchronized long take(long now, int perSecond, int burst) {
            tokens = Math.min(burst, tokens + (double) (now - at) * perSecond / NANOS);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * NANOS / perSecond);
        }
    }
}
