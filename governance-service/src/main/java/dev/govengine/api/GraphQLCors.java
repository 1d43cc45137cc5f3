package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CORS on {@code /graphql}, so that a dapp's page in a browser can query the API and open its WebSocket: by default
 * from any origin, since the API is public and takes no credentials ({@code Access-Control-Allow-Origin: *}, no
 * {@code Allow-Credentials}), or only from the origins of {@code gov.api.cors-origins}. A preflight ({@code OPTIONS}
 * with {@code Access-Control-Request-Method}) is answered 204 with the methods (GET, POST) and the headers the page
 * asks for. A request from an origin not on the list is refused 403, a WebSocket upgrade included (browsers apply no
 * CORS to WebSockets; the server checks their Origin). A page of the service's own origin (GraphiQL) is not a
 * cross-origin request and always passes.
 *
 * <p>Only {@code /graphql} has this route. The operator endpoints have none, so they never name an origin: a page
 * elsewhere cannot read their answers, and cannot even send the {@code Authorization} header they need, since that
 * takes a preflight, which they answer 401 without any CORS header.
 */
@ApplicationScoped
public class GraphQLCors {
    /** Before the rate limiter, so that a page can read a 429 and, exposed, its Retry-After. */
    private static final int ORDER = RateLimiter.ORDER - 10;
    /** How long a browser may keep a preflight's answer; Chromium keeps it two hours at most. */
    private static final int MAX_AGE_SECONDS = 7_200;

    @Inject
    EngineConfig config;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String graphqlPath;

    void install(@Observes Router router) {
        router.route(graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath).order(ORDER)
                .handler(handler(config.api().corsOrigins()));
    }

    /** The CORS handler for these origins ({@code *} among them: any origin). */
    static Handler<RoutingContext> handler(List<String> origins) {
        CorsHandler cors = CorsHandler.create().allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
                .exposedHeader("Retry-After").maxAgeSeconds(MAX_AGE_SECONDS);
        if (!origins.contains("*")) {
            cors.addOrigins(origins);
        }
        return routing -> {
            String origin = routing.request().getHeader(HttpHeaders.ORIGIN);
            if (origin != null && sameOrigin(routing.request(), origin)) {
                routing.next();
            } else {
                cors.handle(routing);
            }
        };
    }

    /** Whether the page that sent the request came from this service (its scheme and its Host). */
    private static boolean sameOrigin(HttpServerRequest request, String origin) {
        return request.host() != null && origin.equalsIgnoreCase(request.scheme() + "://" + request.host());
    }
}
