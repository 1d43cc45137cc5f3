package dev.govengine.api.cache;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

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

    /**
     * What is wrong with a JSON request before any GraphQL is read: a body that is not a JSON object, a query that is
     * not a string, variables that are not an object, an operation name that is not a string. Empty for a well-formed
     * request, and for a bare document.
     */
    public static Optional<String> malformed(RoutingContext context) {
        if (bareDocument(context)) {
            return Optional.empty();
        }
        JsonObject request;
        try {
            // The body's JSON object is parsed once and kept for SmallRye and the response cache; only a refused
            // body is parsed a second time, to say what it is.
            request = context.body().asJsonObject();
        } catch (DecodeException | ClassCastException notAnObject) {
            return Optional.of(notAnObject(context));
        }
        if (request == null) {
            return Optional.of("the request body is empty: a GraphQL request is a JSON object with a query");
        }
        if (!(request.getValue("query") instanceof String)) {
            return Optional.of("query must be a string holding the GraphQL document, not "
                    + kind(request.getValue("query")));
        }
        Object variables = request.getValue("variables");
        if (variables != null && !(variables instanceof JsonObject)) {
            return Optional.of("variables must be a JSON object of the operation's variables, not " + kind(variables));
        }
        Object operationName = request.getValue("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            return Optional.of("operationName must be a string, not " + kind(operationName));
        }
        return Optional.empty();
    }

    private static String notAnObject(RoutingContext context) {
        try {
            return "the request body is " + kind(Json.decodeValue(context.body().buffer()))
                    + ", not a JSON object with a query";
        } catch (DecodeException notJson) {
            return "the request body is not JSON: a GraphQL request is a JSON object with a query";
        }
    }

    private static String kind(Object value) {
        if (value == null) {
            return "missing";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof JsonArray ? "an array" : "an object";
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
