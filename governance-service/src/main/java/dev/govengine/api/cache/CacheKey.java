package dev.govengine.api.cache;

import graphql.ExecutionInput;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What decides a GraphQL answer: the document, the operation picked from it and the variables (as JSON). The same key
 * must come from the HTTP request, where a cached answer is looked up, and from graphql-java's execution input, where
 * one is stored; both see what SmallRye GraphQL sees, since it builds the input from the same body.
 */
record CacheKey(String document, String operationName, String variables) {
    private static final String NO_VARIABLES = "{}";

    /** The key of a GraphQL POST, or null when its body is not one this class reads as SmallRye does. */
    static CacheKey of(RoutingContext context) {
        if (GraphQLPost.bareDocument(context)) {
            return new CacheKey(SmallRyeGraphQL.bareDocument(context.body().asString()), "", NO_VARIABLES);
        }
        JsonObject request = GraphQLPost.json(context);
        if (request == null || !(request.getValue("query") instanceof String document)) {
            return null;
        }
        Object operationName = request.getValue("operationName");
        Object variables = request.getValue("variables");
        if ((operationName != null && !(operationName instanceof String))
                || (variables != null && !(variables instanceof JsonObject))) {
            return null;
        }
        return new CacheKey(document, operationName == null ? "" : (String) operationName,
                variables == null ? NO_VARIABLES : canonical(((JsonObject) variables).getMap()));
    }

    static CacheKey of(ExecutionInput input) {
        Map<String, Object> variables = input.getVariables();
        return new CacheKey(input.getQuery(), input.getOperationName() == null ? "" : input.getOperationName(),
                variables.isEmpty() ? NO_VARIABLES : canonical(variables));
    }

    /** The variables as JSON with every object's keys sorted: SmallRye hands them over in another order. */
    private static String canonical(Map<String, Object> variables) {
        return Json.encode(sorted(variables));
    }

    private static Object sorted(Object value) {
        if (value instanceof JsonObject object) {
            return sorted(object.getMap());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, item) -> sorted.put(key.toString(), sorted(item)));
            return sorted;
        }
        if (value instanceof JsonArray array) {
            return sorted(array.getList());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CacheKey::sorted).toList();
        }
        return value;
    }

    /** Bytes held for the key, roughly: two per character. */
    int weight() {
        return 2 * (document.length() + operationName.length() + variables.length());
    }
}
