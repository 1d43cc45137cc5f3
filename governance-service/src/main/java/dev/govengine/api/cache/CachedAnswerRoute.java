package dev.govengine.api.cache;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a GraphQL POST from the {@link ResponseCache} when it holds a current answer, before SmallRye GraphQL
 * parses anything; every other request goes on to SmallRye, whose execution fills the cache ({@link
 * CacheableAnswers}). A cached answer goes out as SmallRye would send it: status 200, the same bytes, and the content
 * type SmallRye derives from the Accept header ({@link SmallRyeGraphQL#answerContentType}). Requests whose Accept
 * SmallRye would refuse, or answer in a charset other than UTF-8, are left to it. The route runs after the request
 * guard, which reads the body and refuses oversized or unparseable documents, and before SmallRye's execution
 * ({@link SmallRyeGraphQL#CACHED_ANSWER_ORDER}).
 */
@ApplicationScoped
public class CachedAnswerRoute {
    @Inject
    ResponseCache cache;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String graphqlPath;

    void install(@Observes Router router) {
        if (cache.enabled()) {
            router.post(graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath)
                    .order(SmallRyeGraphQL.CACHED_ANSWER_ORDER).handler(this::serve);
        }
    }

    private void serve(RoutingContext context) {
        String contentType = SmallRyeGraphQL.answerContentType(context.parsedHeaders().accept());
        CacheKey key = contentType == null ? null : CacheKey.of(context);
        byte[] answer = key == null ? null : cache.lookup(key);
        if (answer == null) {
            context.next();
            return;
        }
        context.response().setStatusCode(200).putHeader("Content-Type", contentType).end(Buffer.buffer(answer));
    }
}
