package dev.govengine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A GraphQL client over WebSocket, as a wallet's subscription client talks: {@code graphql-transport-ws} (the
 * graphql-ws library's protocol) or the legacy {@code graphql-ws} of subscriptions-transport-ws. Messages for every
 * operation arrive in one queue, in the order the server sent them, and so does a close by the server; keep-alives are
 * answered or dropped.
 */
public final class GraphQLOverWebSocket implements AutoCloseable {
    public static final String TRANSPORT_WS = "graphql-transport-ws";
    public static final String LEGACY_WS = "graphql-ws";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String subprotocol;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

    private GraphQLOverWebSocket(String subprotocol, URI endpoint) {
        this.subprotocol = subprotocol;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols(subprotocol)
                .buildAsync(endpoint, new Collector())
                .join();
    }

    /** Opens the socket on {@code http://host:port/graphql} (as ws://) and completes the connection_init handshake. */
    public static GraphQLOverWebSocket connect(String subprotocol, URI httpEndpoint) {
        GraphQLOverWebSocket client = new GraphQLOverWebSocket(subprotocol,
                URI.create(httpEndpoint.toString().replaceFirst("^http", "ws")));
        try {
            client.send(Map.of("type", "connection_init", "payload", Map.of()));
        } catch (CompletionException closedFirst) {
            // The server may close the socket (a refused connection) before the init goes out: its close is next.
        }
        JsonNode ack = client.next(Duration.ofSeconds(10));
        if (!"connection_ack".equals(ack.path("type").asText())) {
            throw new IllegalStateException("expected connection_ack, got " + ack);
        }
        return client;
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void subscribe(String id, String query, Map<String, Object> variables) {
        send(Map.of("id", id, "type", subprotocol.equals(TRANSPORT_WS) ? "subscribe" : "start",
                "payload", Map.of("query", query, "variables", variables)));
    }

    public void complete(String id) {
        send(Map.of("id", id, "type", subprotocol.equals(TRANSPORT_WS) ? "complete" : "stop"));
    }

    /** The next message from the server; fails if none arrives in time. */
    public JsonNode next(Duration timeout) {
        try {
            JsonNode message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + timeout);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails if any message arrives within {@code wait}. */
    public void expectNothingFor(Duration wait) {
        try {
            JsonNode message = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (message != null) {
                throw new AssertionError("unexpected message " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void send(Map<String, Object> message) {
        try {
            sendText(JSON.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text} as it is, as one message: what a broken client might send. */
    public synchronized void sendText(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    switch (message.path("type").asText()) {
                        case "ka", "pong" -> {
                        }
                        case "ping" -> send(Map.of("type", "pong"));
                        default -> received.add(message);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        /** A close from the server arrives in the queue as {@code {"type": "close", "code": ..., "reason": ...}}. */
        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(JSON.createObjectNode().put("type", "close").put("code", statusCode).put("reason", reason));
            return null;
        }
    }
}
