package dev.govengine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy in front of a real node that a test can make answer like a node without the state of the blocks it
 * is asked about: while pruned, every eth_call gets geth's "missing trie node" error instead of an answer, and
 * everything else passes through. While its calls fail, an eth_call gets HTTP 503 instead: an outage of the calls
 * alone, after the logs were read.
 */
public final class PrunedStateProxy implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient upstreamClient = HttpClient.newHttpClient();
    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicBoolean pruned = new AtomicBoolean();
    private final AtomicBoolean callsFail = new AtomicBoolean();
    private final AtomicInteger refusedCalls = new AtomicInteger();

    public PrunedStateProxy(int port, String upstreamUrl) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public void pruned(boolean on) {
        pruned.set(on);
    }

    public void callsFail(boolean on) {
        callsFail.set(on);
    }

    /** eth_calls answered with the error while pruned. */
    public int refusedCalls() {
        return refusedCalls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (callsFail.get() && hasCall(json.readTree(body))) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] answer = pruned.get() ? refuseCalls(json.readTree(body), body) : forward(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request (or a batch) of eth_calls only is refused whole; any other passes through. */
    private byte[] refuseCalls(JsonNode request, byte[] body) throws IOException, InterruptedException {
        if (request.isObject() && isCall(request)) {
            return json.writeValueAsBytes(missingState(request));
        }
        if (request.isArray() && !request.isEmpty()) {
            boolean allCalls = true;
            for (JsonNode each : request) {
                allCalls &= isCall(each);
            }
            if (allCalls) {
                ArrayNode errors = json.createArrayNode();
                request.forEach(each -> errors.add(missingState(each)));
                return json.writeValueAsBytes(errors);
            }
        }
        return forward(body);
    }

    private static boolean hasCall(JsonNode request) {
        if (request.isArray()) {
            for (JsonNode each : request) {
                if (isCall(each)) {
                    return true;
                }
            }
            return false;
        }
        return isCall(request);
    }

    private static boolean isCall(JsonNode request) {
        return "eth_call".equals(request.path("method").asText());
    }

    private ObjectNode missingState(JsonNode request) {
        refusedCalls.incrementAndGet();
        ObjectNode error = json.createObjectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", request.get("id"));
        error.putObject("error").put("code", -32000).put("message", "missing trie node");
        return error;
    }

    private byte[] forward(byte[] body) throws IOException, InterruptedException {
        return upstreamClient.send(HttpRequest.newBuilder(upstream)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
