package dev.govengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** What the operator routes share: the bearer token checked first, and JSON answers with a {@code code}. */
final class OperatorResponses {
    static final ObjectMapper JSON = new ObjectMapper();

    private OperatorResponses() {
    }

    /** Passes the request on with the operator's token; otherwise answers 401 before anything else is looked at. */
    static void authenticate(OperatorToken token, RoutingContext routing) {
        if (token.accepts(routing.request().getHeader("Authorization"))) {
            routing.next();
            return;
        }
        routing.response().putHeader("WWW-Authenticate", "Bearer");
        fail(routing.response(), 401, "UNAUTHORIZED", "a bearer token is required (gov.operator.token-file)");
    }

    static void fail(HttpServerResponse response, int status, String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        send(response, status, error);
    }

    static void send(HttpServerResponse response, int status, ObjectNode body) {
        if (response.ended()) {
            return;
        }
        try {
            response.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
