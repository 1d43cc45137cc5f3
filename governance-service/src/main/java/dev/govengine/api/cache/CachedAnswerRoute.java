package dev.govengine.api.cache;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Answers a GraphQL POST from the {@link ResponseCache} when it holds a current answer, before SmallRye GraphQL
 * parses anything; every other request goes on to SmallRye, whose execution fills the cache ({@link
 * CacheableAnswers}). A cached answer goes out as SmallRye would send it: status 200, the same bytes, and the content
 * type SmallRye derives from the Accept header ({@link SmallRyeGraphQL#answerContentType}). Requests whose Accept
 * SmallRye would refuse, or answer in a charset other than UTF-8, are left to it. The route runs after the request
 * guard, which reads the body and refuses oversized or unparseable documents, and before SmallRye's execution
 * ({@link SmallRyeGraphQL#CACHED_ANSWER_ORDER}). A body read before is not parsed again: its key is remembered by its
 * bytes ({@link KnownRequests}).
 *
 * <p>One execution per missing answer: a request whose answer another request is already computing waits until that
 * execution has ended, and then looks its answer up again. A change retires many answers at once, each asked for by
 * many connections; without this, every one of them would compute the same answer, and the burst would hold up the
 * answers that did not change. Looking up again, rather than taking the other request's answer, keeps the cache's
 * rule: what a waiting request gets is current when it is served, so a change it could have seen before it came is
 * never overtaken. When the other execution kept nothing (an error, a change overtook it), each waiting request
 * executes its own. The execution's end is heard from graphql-java ({@link CacheableAnswers}) and, for a request
 * SmallRye answers without executing, when its answer is sent; a request whose connection closes first is given up
 * on after {@link #WAIT_MILLIS}.
 *
 * <p>On a replica on a hot standby, the request first waits until the changes the standby had replayed when it came
 * have been heard ({@link ResponseCache#caughtUp}), so that no answer they retired is served after a direct read on
 * the same standby could have seen them. If the change log cannot be read, the request is executed.
 */
@ApplicationScoped
public class CachedAnswerRoute {
    private static final Logger LOG = Logger.getLogger(CachedAnswerRoute.class);
    private static final String PERMISSION_PREFIX = "quarkus.http.auth.permission.";
    private static final String PATHS_SUFFIX = ".paths";

    /** How long a request waits for another one's execution before it executes its own. */
    static final long WAIT_MILLIS = 2_000;

    @Inject
    ResponseCache cache;

    @Inject
    KnownRequests requests;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String graphqlPath;

    void install(@Observes Router router) {
        if (cache.enabled()) {
            String path = graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath;
            List<String> permissions = permissionsCovering(path, ConfigProvider.getConfig());
            if (!permissions.isEmpty()) {
                LOG.infof("HTTP permissions %s cover %s: cached answers are served after authentication", permissions,
                        path);
            }
            router.post(path).order(permissions.isEmpty() ? SmallRyeGraphQL.CACHED_ANSWER_ORDER
                    : SmallRyeGraphQL.CACHED_ANSWER_AFTER_AUTHENTICATION_ORDER).handler(this::serve);
        }
    }

    /**
     * The HTTP permissions ({@code quarkus.http.auth.permission.<name>.paths}) whose paths take in {@code path}: as
     * Quarkus matches them, an exact path, or a prefix ending in {@code *}.
     */
    static List<String> permissionsCovering(String path, Config config) {
        List<String> covering = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PERMISSION_PREFIX) || !name.endsWith(PATHS_SUFFIX)) {
                continue;
            }
            for (String pattern : config.getOptionalValue(name, String.class).orElse("").split(",")) {
                String trimmed = pattern.trim();
                boolean covers = trimmed.endsWith("*")
                        ? (path + "/").startsWith(trimmed.substring(0, trimmed.length() - 1))
                        : trimmed.equals(path) || trimmed.equals(path + "/");
                if (covers) {
                    covering.add(name.substring(PERMISSION_PREFIX.length(), name.length() - PATHS_SUFFIX.length()));
                    break;
                }
            }
        }
        return covering;
    }

    private void serve(RoutingContext context) {
        String contentType = SmallRyeGraphQL.answerContentType(context.parsedHeaders().accept());
        CacheKey key = contentType == null ? null : requests.key(context);
        if (key == null) {
            context.next();
            return;
        }
        Future<Void> caughtUp = cache.caughtUp();
        if (caughtUp == null) {
            serve(context, key, contentType);
            return;
        }
        Context own = context.vertx().getOrCreateContext();
        caughtUp.onComplete(heard -> own.runOnContext(now -> {
            if (context.response().closed()) {
                return;
            }
            if (heard.succeeded()) {
                serve(context, key, contentType);
            } else {
                context.next();
            }
        }));
    }

    private void serve(RoutingContext context, CacheKey key, String contentType) {
        if (answer(context, key, contentType)) {
            return;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> theirs = cache.computing(key, mine);
        if (theirs == null) {
            // SmallRye sets the response's own end handler, which replaces the routing context's: headers-end fires.
            context.addHeadersEndHandler(sent -> cache.ended(key, mine));
            context.next();
            return;
        }
        Context own = context.vertx().getOrCreateContext();
        theirs.copy().completeOnTimeout(null, WAIT_MILLIS, TimeUnit.MILLISECONDS).thenRun(() -> {
            cache.ended(key, theirs);
            own.runOnContext(ended -> {
                if (!context.response().closed() && !answer(context, key, contentType)) {
                    context.next();
                }
            });
        });
    }

    /** Sends the cached answer to {@code key} if there is a current one. */
    private boolean answer(RoutingContext context, CacheKey key, String contentType) {
        byte[] answer = cache.lookup(key);
        if (answer == null) {
            return false;
        }
        // Wrapped, not copied: at tens of thousands of answers a second, a copy of each made the young collections
        // whose pauses set the latency's tail.
        context.response().setStatusCode(200).putHeader("Content-Type", contentType)
                .end(Buffer.buffer(Unpooled.wrappedBuffer(answer)));
        return true;
    }
}
