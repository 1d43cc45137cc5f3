package dev.govengine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on a loopback port (the JDK's own HTTP server): it answers a status given in advance for each
 * next request, or its standing status, or no answer for two seconds ({@link #HANG}), and records every request.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** Not a status: the request gets no answer for two seconds. */
    public static final int HANG = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as it came, with the status it was answered (or {@link #HANG}). */
    public record Request(Instant at, Map<String, List<String>> headers, byte[] raw, JsonNode body, int status) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public String toString() {
            return at + " " + status + " " + new String(raw, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Deque<Integer> next = new ArrayDeque<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile int standing;

    public WebhookReceiver(int standingStatus) throws IOException {
        standing = standingStatus;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next requests are answered these statuses, in order. */
    public synchronized void failNext(int... statuses) {
        for (int status : statuses) {
            next.add(status);
        }
    }

    /** Every later request is answered 200. */
    public void recover() {
        standing = 200;
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    /** The requests answered 2xx. */
    public List<Request> accepted() {
        return received.stream().filter(request -> request.status() / 100 == 2).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        synchronized (this) {
            status = next.isEmpty() ? standing : next.poll();
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(exchange.getRequestHeaders());
        received.add(new Request(Instant.now(), headers, body, JSON.readTree(body), status));
        if (status == HANG) {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
