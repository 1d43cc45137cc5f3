package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds on GraphQL over WebSocket: at most {@code gov.api.max-connections-per-client} open connections per client
 * address, and at most {@code gov.api.max-subscriptions-per-connection} active subscriptions on one connection.
 * <p>
 * A connection over the limit is accepted and at once closed with code {@value #CLOSE_CODE} and a reason that starts
 * with LIMIT_EXCEEDED, which is how a graphql-ws client learns why (a browser's WebSocket cannot read an HTTP
 * refusal). A subscription over the limit is refused as the operation's error, with {@code extensions.code}
 * LIMIT_EXCEEDED; the connection and its other subscriptions go on. The route runs before SmallRye's WebSocket route
 * (-99) and marks the upgrade's routing context, which SmallRye makes the current request while it runs that
 * connection's operations; that is how a subscription finds its connection.
 */
@ApplicationScoped
public class SubscriptionLimits {
    static final short CLOSE_CODE = 4429;
    private static final int ORDER = -105;
    private static final String CONNECTION = SubscriptionLimits.class.getName();

    @Inject
    EngineConfig config;

    @Inject
    CurrentVertxRequest currentRequest;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String graphqlPath;

    /** Open connections per client address; an address leaves the map with its last connection. */
    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();

    void install(@Observes Router router) {
        router.get(graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath).order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            routing.next();
            return;
        }
        String client = client(request);
        int max = config.api().maxConnectionsPerClient();
        boolean[] admitted = {false};
        connections.compute(client, (address, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < max;
            return admitted[0] ? current + 1 : count;
        });
        if (!admitted[0]) {
            request.toWebSocket().onSuccess(socket -> socket.close(CLOSE_CODE, "LIMIT_EXCEEDED: at most " + max
                    + " connections per address (gov.api.max-connections-per-client)"));
            return;
        }
        request.connection().closeHandler(closed ->
                connections.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1));
        routing.put(CONNECTION, new AtomicInteger());
        routing.next();
    }

    /**
     * The stream {@code subscribe} makes, counted against its connection's subscriptions until it ends; refused with
     * LIMIT_EXCEEDED when the connection has its maximum already. A subscription not over WebSocket is not counted.
     */
    <T> Multi<T> counted(Supplier<Multi<T>> subscribe) {
        RoutingContext routing = currentRequest.getCurrent();
        AtomicInteger active = routing == null ? null : routing.get(CONNECTION);
        if (active == null) {
            return subscribe.get();
        }
        int max = config.api().maxSubscriptionsPerConnection();
        if (active.incrementAndGet() > max) {
            active.decrementAndGet();
            throw new LimitExceededException("this connection has " + max + " subscriptions already; at most " + max
                    + " per connection (gov.api.max-subscriptions-per-connection)");
        }
        try {
            return subscribe.get().onTermination().invoke(active::decrementAndGet);
        } catch (RuntimeException refused) {
            active.decrementAndGet();
            throw refused;
        }
    }

    private static String client(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "" : remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }
}
