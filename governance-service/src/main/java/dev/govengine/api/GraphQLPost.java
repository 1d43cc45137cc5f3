package dev.govengine.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How a GraphQL POST carries its query, read as SmallRye GraphQL reads it: a body of type application/graphql is the
 * document itself; any other body is a JSON object with {@code query}, {@code operationName} and {@code variables}.
 * The routes in front of SmallRye's (the request guard, the response cache) read requests through this class.
 */
public final class GraphQLPost {
    private GraphQLPost() {
    }

    /** Whether the body is the bare document (Content-Type application/graphql). */
    public static boolean bareDocument(RoutingContext context) {
        String contentType = context.request().getHeader("Content-Type");
        return contentType != null && contentType.startsWith("application/graphql");
    }

    /** The JSON request; null for a bare document or a body that is not a JSON object. */
    public static JsonObject json(RoutingContext context) {
        if (bareDocument(context)) {
            return null;
        }
        try {
            return context.body().asJsonObject();
        } catch (DecodeException | ClassCastException unreadable) {
            return null;
        }
    }

    /** The query of a JSON request, or the body of an application/graphql one; null when neither can be read. */
    public static String document(RoutingContext context) {
        if (bareDocument(context)) {
            return context.body().asString();
        }
        JsonObject request = json(context);
        return request != null && request.getValue("query") instanceof String query ? query : null;
    }
}
