package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives {@code POST /receipts} its own body bound, {@code gov.receipts.max-bytes} (64 MiB by default), while every
 * other request keeps Quarkus's one global bound, {@code quarkus.http.limits.max-body-size} (10 MiB by default),
 * enforced by Quarkus as before and answered as before. Quarkus enforces it in two places: a route at order
 * {@value RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT} answers an empty 413 to a Content-Length over it, before the
 * request goes further; a body without Content-Length finds the bound in the routing context, where the body stream
 * of a Quarkus REST resource reads it and answers the same 413 once the bytes pass it.
 *
 * <p>For an upload, two routes here go around both: before Quarkus's, a Content-Length over gov.receipts.max-bytes is
 * answered 413 LIMIT_EXCEEDED in {@link ReceiptUploadResource}'s words, with nothing read, and one over the global
 * bound but within the upload's is taken off the request's headers, which Quarkus's check reads (the body is framed by
 * the connection's own record of the length, which stays); after Quarkus's, the global bound is taken out of the
 * routing context, and the resource counts the bytes against its own. ReceiptEndpointsTest checks both sides: an
 * upload over 10 MiB is taken, a GraphQL request, or one to another path, over it is not.
 */
@ApplicationScoped
public class ReceiptUploadLimit {
    /** After the rate limit ({@link RateLimiter#ORDER}), before Quarkus's body bound. */
    private static final int BEFORE_QUARKUS = -108;
    private static final int AFTER_QUARKUS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;

    @Inject
    EngineConfig config;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize globalBound;

    void install(@Observes Router router) {
        if (config.receipts().enabled()) {
            router.post(ReceiptUploadResource.PATH).order(BEFORE_QUARKUS).handler(this::contentLength);
            router.post(ReceiptUploadResource.PATH).order(AFTER_QUARKUS).handler(routing -> {
                routing.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
                routing.next();
            });
        }
    }

    private void contentLength(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            // Vert.x refuses a malformed length before any route; nothing to bound here.
            routing.next();
            return;
        }
        long maxBytes = config.receipts().maxBytes().asLongValue();
        if (length > maxBytes) {
            refuse(routing, ReceiptUploadResource.tooLong(maxBytes));
            return;
        }
        if (length > globalBound.asLongValue()) {
            request.headers().remove(HttpHeaders.CONTENT_LENGTH);
        }
        routing.next();
    }

    /** 413 LIMIT_EXCEEDED, and the body never read: the connection closed, or on HTTP/2 this stream reset. */
    private static void refuse(RoutingContext routing, String message) {
        HttpServerRequest request = routing.request();
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (!http2) {
            routing.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        routing.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("code", "LIMIT_EXCEEDED").put("message", message).encode())
                .onComplete(sent -> {
                    if (http2) {
                        routing.response().reset(0x8);
                    } else {
                        request.connection().close();
                    }
                });
    }
}
