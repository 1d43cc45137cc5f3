package dev.govengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a GraphQL-over-WebSocket message that is not one its subprotocol defines by closing the connection with
 * 4400 (graphql-transport-ws's "bad request") and a reason that starts with BAD_REQUEST and names the fault: JSON
 * that does not parse, a message that is no object, a missing or unknown {@code type}, an operation without a string
 * {@code id} or without a {@code payload} object with a string {@code query}. SmallRye closes with 4400 only for JSON
 * that does not parse, ignores unknown types and wrong shapes in silence (a client waits forever), and answers a
 * missing query without {@code extensions.code}.
 * <p>
 * SmallRye takes the socket over in its own route and offers no hook on its messages, so this looks at them one step
 * earlier: the route, before SmallRye's WebSocket route, puts a Netty handler in front of Vert.x's on the
 * connection's pipeline, where the upgrade leaves it between the WebSocket frame decoder and Vert.x. A message sent in
 * several frames passes unchecked, to SmallRye's own checks.
 */
@ApplicationScoped
public class GraphQLWebSocketGuard {
    static final int CLOSE_CODE = 4400;
    private static final int ORDER = -104;
    private static final String NAME = "gov-graphql-message-check";
    private static final String TRANSPORT_WS = "graphql-transport-ws";
    private static final String LEGACY_WS = "graphql-ws";
    private static final Set<String> TRANSPORT_WS_TYPES = Set.of("connection_init", "ping", "pong", "subscribe",
            "complete");
    private static final Set<String> LEGACY_WS_TYPES = Set.of("connection_init", "start", "stop",
            "connection_terminate");
    /** A close frame's reason is at most 123 bytes of UTF-8. */
    private static final int MAX_REASON_BYTES = 123;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String graphqlPath;

    void install(@Observes Router router) {
        router.get(graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath).order(ORDER).handler(this::guard);
    }

    private void guard(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
                && request.connection() instanceof ConnectionBase connection) {
            ChannelPipeline pipeline = connection.channelHandlerContext().pipeline();
            if (pipeline.get(NAME) == null && pipeline.get("handler") != null) {
                pipeline.addBefore("handler", NAME, new MessageCheck(subprotocol(request)));
            }
        }
        routing.next();
    }

    /** The subprotocol Vert.x picks: the client's first one the service speaks. */
    private static String subprotocol(HttpServerRequest request) {
        return Optional.ofNullable(request.getHeader("Sec-WebSocket-Protocol")).stream()
                .flatMap(header -> Arrays.stream(header.split(","))).map(String::strip)
                .filter(offered -> offered.equals(TRANSPORT_WS) || offered.equals(LEGACY_WS))
                .findFirst().orElse(TRANSPORT_WS);
    }

    /** What is wrong with {@code text} as a client message of {@code subprotocol}; empty when nothing. */
    static Optional<String> fault(String subprotocol, String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.of("the message is not JSON: " + e.getOriginalMessage());
        }
        if (message == null || !message.isObject()) {
            return Optional.of("a message must be a JSON object");
        }
        JsonNode type = message.get("type");
        if (type == null || !type.isTextual()) {
            return Optional.of("a message needs a string \"type\"");
        }
        Set<String> known = subprotocol.equals(LEGACY_WS) ? LEGACY_WS_TYPES : TRANSPORT_WS_TYPES;
        if (!known.contains(type.textValue())) {
            return Optional.of("unknown message type \"" + type.textValue() + "\" for " + subprotocol);
        }
        boolean operation = Set.of("subscribe", "start").contains(type.textValue());
        if ((operation || Set.of("complete", "stop").contains(type.textValue()))
                && (!message.path("id").isTextual() || message.path("id").textValue().isEmpty())) {
            return Optional.of("a " + type.textValue() + " message needs a non-empty string \"id\"");
        }
        if (operation) {
            JsonNode payload = message.get("payload");
            if (payload == null || !payload.isObject() || !payload.path("query").isTextual()) {
                return Optional.of("a " + type.textValue() + " message needs a \"payload\" object with a string"
                        + " \"query\"");
            }
            JsonNode variables = payload.get("variables");
            if (variables != null && !variables.isNull() && !variables.isObject()) {
                return Optional.of("\"variables\" must be an object");
            }
        }
        return Optional.empty();
    }

    private static String reason(String fault) {
        byte[] reason = ("BAD_REQUEST: " + fault).getBytes(StandardCharsets.UTF_8);
        if (reason.length <= MAX_REASON_BYTES) {
            return new String(reason, StandardCharsets.UTF_8);
        }
        String cut = new String(reason, 0, MAX_REASON_BYTES - 3, StandardCharsets.UTF_8);
        // A cut through a multi-byte character decodes to U+FFFD: drop it.
        return cut.replaceAll("\uFFFD+$", "") + "...";
    }

    private static final class MessageCheck extends ChannelInboundHandlerAdapter {
        private final String subprotocol;

        MessageCheck(String subprotocol) {
            this.subprotocol = subprotocol;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof TextWebSocketFrame frame && frame.isFinalFragment()) {
                Optional<String> fault = fault(subprotocol, frame.text());
                if (fault.isPresent()) {
                    frame.release();
                    context.writeAndFlush(new CloseWebSocketFrame(CLOSE_CODE, reason(fault.get())))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            context.fireChannelRead(message);
        }
    }
}
