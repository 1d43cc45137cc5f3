package dev.govengine.api.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@link CacheKey} of each GraphQL POST body the response cache has read, remembered by the body's bytes, so that
 * a repeated request is looked up without parsing its JSON or building its key again: a hit then costs a hash of the
 * bytes and one comparison with the remembered copy, where parsing the body and building the key were about a fifth of
 * the garbage per request, whose young collections stall every connection at once. The key is a function of the bytes
 * and of whether they are a bare document, so a remembered one is exactly what reading the body again would give. A
 * body is remembered only once the request guard, which runs first, has let it through, so the guard may let the same
 * bytes through again unread ({@link #known}).
 */
@ApplicationScoped
public class KnownRequests {
    /** What the remembered bodies and their keys may weigh: thousands of different wallet requests. */
    static final long MAX_BYTES = 8L << 20;
    /** Where {@link #known} leaves the key it found, so that {@link #key} does not hash the same bytes again. */
    private static final String FOUND = KnownRequests.class.getName() + ".found";

    private record Body(boolean bareDocument, Buffer bytes) {
    }

    private final Cache<Body, CacheKey> keys = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Body body, CacheKey key) -> body.bytes().length() + key.weight())
            .build();

    /** Whether this request's body, byte for byte and of the same type, was read before and let through then. */
    public boolean known(RoutingContext context) {
        Buffer bytes = context.body().buffer();
        CacheKey found = bytes == null ? null : keys.getIfPresent(new Body(GraphQLPost.bareDocument(context), bytes));
        if (found != null) {
            context.put(FOUND, found);
        }
        return found != null;
    }

    /** The key of the request, or null when its body is not one {@link CacheKey} reads; remembered when read. */
    CacheKey key(RoutingContext context) {
        CacheKey found = context.get(FOUND);
        if (found != null) {
            return found;
        }
        Buffer bytes = context.body().buffer();
        if (bytes == null) {
            return CacheKey.of(context);
        }
        Body body = new Body(GraphQLPost.bareDocument(context), bytes);
        CacheKey known = keys.getIfPresent(body);
        if (known != null) {
            return known;
        }
        CacheKey key = CacheKey.of(context);
        if (key != null) {
            // A copy of its own: nothing a later handler does to the request's buffer can then change a remembered key.
            keys.put(new Body(body.bareDocument(), bytes.copy()), key);
        }
        return key;
    }
}
