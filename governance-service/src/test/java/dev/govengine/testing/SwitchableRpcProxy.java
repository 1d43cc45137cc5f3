package dev.govengine.testing;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy in front of a real node that a test switches off and on: while down, it drops every request's
 * connection without an answer, as a crashed node behind a load balancer does.
 */
public final class SwitchableRpcProxy implements AutoCloseable {
    private final HttpClient upstreamClient = HttpClient.newHttpClient();
    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();

    public SwitchableRpcProxy(String upstreamUrl) throws IOException {
        this(0, upstreamUrl);
    }

    /** On a fixed port, for a chain a test profile configured before the proxy runs; 0 picks a free one. */
    public SwitchableRpcProxy(int port, String upstreamUrl) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Once this returns, no request reaches the node: one taken before is still forwarded, and is waited for, or a
     * test could see the node answer after it went down.
     */
    public void down() {
        down.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (taken.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a request to the node has not ended in 30 s");
            }
            Thread.onSpinWait();
        }
    }

    public void up() {
        down.set(false);
    }

    /** Requests dropped while down. */
    public int refused() {
        return refused.get();
    }

    /** HTTP requests forwarded to the node: a JSON-RPC batch is one, as it is one round trip. */
    public int forwarded() {
        return forwarded.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        taken.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (down.get()) {
                refused.incrementAndGet();
                return; // closes the connection without a response
            }
            forwarded.incrementAndGet();
            byte[] answer = upstreamClient.send(HttpRequest.newBuilder(upstream)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            taken.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
