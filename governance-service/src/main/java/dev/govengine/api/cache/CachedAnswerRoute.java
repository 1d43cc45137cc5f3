package dev.govengine.api.cache;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a GraphQL POST from the {@link ResponseCache} when it holds a current answer, before SmallRye GraphQL
 * parses anything; every other request goes on to SmallRye, whose execution fills the cache ({@link
 * CacheableAnswers}). A cached answer goes out as SmallRye would send it: status 200, the same bytes, and the content
 * type SmallRye derives from the Accept header. Requests whose Accept SmallRye would refuse, or answer in a charset
 * other than UTF-8, are left to it.
 */
@ApplicationScoped
public class CachedAnswerRoute {
    /** After the request guard (-100), which reads the body and refuses oversized or unparseable documents. */
    private static final int ORDER = -95;
    private static final String DEFAULT_CONTENT_TYPE = "application/graphql+json; charset=UTF-8";

    @Inject
    ResponseCache cache;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String graphqlPath;

    void install(@Observes Router router) {
        if (cache.enabled()) {
            router.post(graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath).order(ORDER).handler(this::serve);
        }
    }

    private void serve(RoutingContext context) {
        String contentType = contentType(context);
        CacheKey key = contentType == null ? null : CacheKey.of(context);
        byte[] answer = key == null ? null : cache.lookup(key);
        if (answer == null) {
            context.next();
            return;
        }
        context.response().setStatusCode(200).putHeader("Content-Type", contentType).end(Buffer.buffer(answer));
    }

    /**
     * The content type SmallRye answers with: the first acceptable type the client lists, its default for a wildcard
     * or no Accept; null when that would be a refusal or a charset other than UTF-8.
     */
    private static String contentType(RoutingContext context) {
        List<MIMEHeader> accepted = context.parsedHeaders().accept();
        if (accepted.isEmpty()) {
            return DEFAULT_CONTENT_TYPE;
        }
        for (MIMEHeader type : accepted) {
            String raw = type.rawValue();
            if (raw.startsWith("application/json") || raw.startsWith("application/graphql+json")) {
                String charset = type.parameter("charset");
                return charset == null || charset.equalsIgnoreCase("UTF-8") ? raw : null;
            }
            if (raw.startsWith("*/*")) {
                return DEFAULT_CONTENT_TYPE;
            }
        }
        return null;
    }
}
