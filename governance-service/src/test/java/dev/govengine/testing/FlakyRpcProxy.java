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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy in front of a real node that misbehaves the way public providers do, on a fixed schedule so a
 * failing run can be replayed: it answers some requests with HTTP 503, delays others past the client's timeout,
 * drops connections without answering, refuses eth_getLogs ranges wider than a few blocks, and returns every log
 * twice.
 */
public final class FlakyRpcProxy implements AutoCloseable {
    public static final long MAX_LOG_RANGE = 4;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient upstreamClient = HttpClient.newHttpClient();
    private final URI upstream;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final AtomicInteger refusedRanges = new AtomicInteger();

    public FlakyRpcProxy(int port, String upstreamUrl) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public int faults() {
        return faults.get();
    }

    public int refusedRanges() {
        return refusedRanges.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int n = requests.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (n % 7 == 3) {
                faults.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (n % 13 == 7) {
                faults.incrementAndGet();
                return; // closes the connection without a response
            }
            if (n % 17 == 11) {
                faults.incrementAndGet();
                Thread.sleep(1_500); // longer than the chain's rpc-timeout
            }
            JsonNode request = json.readTree(body);
            byte[] answer = request.isObject() && "eth_getLogs".equals(request.path("method").asText())
                    ? getLogs((ObjectNode) request, body)
                    : forward(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] getLogs(ObjectNode request, byte[] body) throws IOException, InterruptedException {
        JsonNode filter = request.path("params").path(0);
        long from = Long.decode(filter.path("fromBlock").asText());
        long to = Long.decode(filter.path("toBlock").asText());
        if (to - from + 1 > MAX_LOG_RANGE) {
            refusedRanges.incrementAndGet();
            ObjectNode error = json.createObjectNode();
            error.put("jsonrpc", "2.0");
            error.set("id", request.get("id"));
            error.putObject("error").put("code", -32005).put("message", "query returned more than 10000 results");
            return json.writeValueAsBytes(error);
        }
        ObjectNode response = (ObjectNode) json.readTree(forward(body));
        JsonNode logs = response.path("result");
        if (logs.isArray()) {
            ArrayNode doubled = json.createArrayNode();
            logs.forEach(log -> doubled.add(log).add(log.deepCopy()));
            response.set("result", doubled);
        }
        return json.writeValueAsBytes(response);
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
    }

    @Override
    public String toString() {
        return "flaky proxy to " + upstream + " (" + requests.get() + " requests, " + faults.get() + " faults)";
    }
}
