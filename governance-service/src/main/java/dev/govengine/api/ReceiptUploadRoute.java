package dev.govengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.config.EngineConfig;
import dev.govengine.contributions.NdjsonReceipts;
import dev.govengine.contributions.ReceiptContexts;
import dev.govengine.contributions.ReceiptIngestion;
import dev.govengine.contributions.ReceiptOutcome;
import dev.govengine.contributions.ReceiptRules;
import dev.govengine.contributions.ReceiptRules.Candidate;
import dev.govengine.contributions.ReceiptRules.Checked;
import dev.govengine.contributions.ReceiptsNotReadyException;
import dev.govengine.contributions.ReceiptsTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code POST /receipts}: the bulk path for work receipts, one JSON object per line (NDJSON), under the same rules
 * as the GraphQL mutation. The body is split into lines as it streams in, and each line is checked at once and kept
 * only in its compact parsed form (or as its refusal), never as the text sent; the answer is NDJSON too, one report
 * per non-blank line in line order: {@code line}, {@code status} (ACCEPTED or REFUSED), {@code jobId}, and
 * {@code verifier} or {@code code} and {@code message}.
 *
 * <p>No credentials: each receipt carries its verifier's signature, which is what authenticates it, and a forged or
 * replayed one is refused whatever the sender. {@code gov.receipts.enabled=false} removes the route. Since anyone
 * may send, every upload is bounded, and refused whole with nothing stored beyond a bound:
 * <ul>
 *   <li>more than {@code gov.receipts.max-bytes} bytes: 413 LIMIT_EXCEEDED as soon as they arrive, and the
 *   connection is closed rather than read to its end;</li>
 *   <li>more than {@code gov.receipts.max-lines} lines: 413 LIMIT_EXCEEDED;</li>
 *   <li>a line longer than {@value #MAX_LINE_BYTES} bytes: 400 BAD_INPUT, as the line split cannot resynchronize;</li>
 *   <li>{@code gov.receipts.max-uploads} uploads in flight already: 503 BUSY; {@code gov.receipts.max-uploads-per-client}
 *   from the same client address: 429 TOO_MANY_UPLOADS (both with Retry-After);</li>
 *   <li>verification longer than {@code gov.receipts.verify-timeout}: 503 TIMEOUT, the verification stopped.</li>
 * </ul>
 */
@ApplicationScoped
public class ReceiptUploadRoute {
    public static final String PATH = "/receipts";
    static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(ReceiptUploadRoute.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int LINES_PER_WRITE = 1_000;
    /** HTTP/2's CANCEL error code. */
    private static final long CANCEL = 0x8;

    @Inject
    EngineConfig config;

    @Inject
    ReceiptContexts contexts;

    @Inject
    ReceiptIngestion ingestion;

    private final AtomicInteger uploads = new AtomicInteger();
    /** Uploads in flight per client address; an address leaves the map when its last upload ends. */
    private final ConcurrentHashMap<String, Integer> uploadsByClient = new ConcurrentHashMap<>();

    /** A line as kept until the body has ended: its number, and its parsed receipt or its refusal. */
    private record Line(long number, Checked<Candidate> parsed) {
    }

    void install(@Observes Router router) {
        if (config.receipts().enabled()) {
            router.post(PATH).handler(this::upload);
        }
    }

    private void upload(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(NDJSON)) {
            fail(routing.response(), 415, "BAD_INPUT", "send the receipts as " + NDJSON + ", one JSON object per line");
            return;
        }
        String client = client(request);
        String busy = admit(client);
        if (busy != null) {
            routing.response().putHeader("Retry-After", "1");
            boolean perClient = busy.startsWith("TOO_MANY");
            refuseAndClose(request, perClient ? 429 : 503, busy, perClient
                    ? "this address has " + config.receipts().maxUploadsPerClient()
                            + " uploads in flight already (gov.receipts.max-uploads-per-client); wait for them to end"
                    : config.receipts().maxUploads() + " uploads are in flight already (gov.receipts.max-uploads);"
                            + " retry shortly");
            return;
        }
        routing.addEndHandler(ended -> release(client));
        receive(routing);
    }

    /** Takes an upload slot for the client; null when taken, otherwise the code of the refusal. */
    private String admit(String client) {
        if (uploads.incrementAndGet() > config.receipts().maxUploads()) {
            uploads.decrementAndGet();
            return "BUSY";
        }
        boolean[] admitted = {false};
        uploadsByClient.compute(client, (address, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < config.receipts().maxUploadsPerClient();
            return admitted[0] ? current + 1 : count;
        });
        if (!admitted[0]) {
            uploads.decrementAndGet();
            return "TOO_MANY_UPLOADS";
        }
        return null;
    }

    private void release(String client) {
        uploadsByClient.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
        uploads.decrementAndGet();
    }

    /** The remote address, which Quarkus takes from a trusted proxy's headers only (see RateLimiter). */
    private static String client(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "" : remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }

    private void receive(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        int maxLines = config.receipts().maxLines();
        long maxBytes = config.receipts().maxBytes().asLongValue();
        List<Line> lines = new ArrayList<>();
        long[] lineNumber = {0};
        long[] received = {0};
        boolean[] stopped = {false};
        RecordParser parser = RecordParser.newDelimited("\n", new CountingStream(request, buffer -> {
            received[0] += buffer.length();
            if (received[0] > maxBytes && !stopped[0]) {
                stopped[0] = true;
                lines.clear();
                refuseAndClose(request, 413, "LIMIT_EXCEEDED", "the upload is longer than " + maxBytes
                        + " bytes (gov.receipts.max-bytes); nothing was stored");
            }
            return !stopped[0];
        })).maxRecordSize(MAX_LINE_BYTES);
        parser.exceptionHandler(e -> {
            if (!stopped[0]) {
                stopped[0] = true;
                lines.clear();
                refuseAndClose(request, 400, "BAD_INPUT", "line " + (lineNumber[0] + 1) + " is longer than "
                        + MAX_LINE_BYTES + " bytes");
            }
        });
        parser.handler(record -> {
            lineNumber[0]++;
            if (stopped[0]) {
                return;
            }
            String text = record.toString(StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return;
            }
            if (lines.size() == maxLines) {
                stopped[0] = true;
                lines.clear();
                refuseAndClose(request, 413, "LIMIT_EXCEEDED", "more than " + maxLines
                        + " receipts in one upload (gov.receipts.max-lines); nothing was stored");
                return;
            }
            NdjsonReceipts.Line line = NdjsonReceipts.parse(lineNumber[0], text);
            lines.add(new Line(line.number(), line.submission() != null ? ReceiptRules.parse(line.submission())
                    : new Checked<>(null, line.refusal())));
        });
        parser.endHandler(v -> {
            if (!stopped[0]) {
                store(routing, lines);
            }
        });
    }

    private void store(RoutingContext routing, List<Line> lines) {
        if (lines.isEmpty()) {
            report(routing.response(), lines, List.of());
            return;
        }
        Context vertx = Vertx.currentContext();
        List<Checked<Candidate>> parsed = new ArrayList<>(lines.size());
        lines.forEach(line -> parsed.add(line.parsed()));
        contexts.current().chain(context -> ingestion.submitParsed(context, parsed)).subscribe().with(
                outcomes -> vertx.runOnContext(v -> report(routing.response(), lines, outcomes)),
                failure -> vertx.runOnContext(v -> failed(routing.response(), failure)));
    }

    private void report(HttpServerResponse response, List<Line> lines, List<ReceiptOutcome> outcomes) {
        response.setStatusCode(200).putHeader("Content-Type", NDJSON).setChunked(true);
        writeFrom(response, lines, outcomes, 0);
    }

    /** Writes the reports a thousand lines at a time, waiting for the client to drain when the queue is full. */
    private void writeFrom(HttpServerResponse response, List<Line> lines, List<ReceiptOutcome> outcomes, int from) {
        int line = from;
        while (line < lines.size()) {
            StringBuilder chunk = new StringBuilder();
            for (int end = Math.min(lines.size(), line + LINES_PER_WRITE); line < end; line++) {
                chunk.append(reportLine(lines.get(line).number(), outcomes.get(line))).append('\n');
            }
            response.write(Buffer.buffer(chunk.toString()));
            if (response.writeQueueFull()) {
                int next = line;
                response.drainHandler(v -> writeFrom(response, lines, outcomes, next));
                return;
            }
        }
        response.end();
    }

    private static String reportLine(long number, ReceiptOutcome outcome) {
        ObjectNode report = JSON.createObjectNode();
        report.put("line", number);
        report.put("status", outcome.isAccepted() ? "ACCEPTED" : "REFUSED");
        report.put("jobId", outcome.jobId());
        if (outcome.isAccepted()) {
            report.put("verifier", outcome.verifier().toString());
        } else {
            report.put("code", outcome.code().name());
            report.put("message", outcome.message());
        }
        return report.toString();
    }

    private static void failed(HttpServerResponse response, Throwable failure) {
        if (failure instanceof ReceiptsNotReadyException) {
            fail(response, 503, "UNAVAILABLE", failure.getMessage());
        } else if (failure instanceof ReceiptsTimeoutException) {
            fail(response, 503, "TIMEOUT", failure.getMessage());
        } else {
            LOG.error("Receipt upload failed", failure);
            fail(response, 500, "INTERNAL", "the receipts could not be stored; nothing was");
        }
    }

    /**
     * Answers before the body has ended, and stops the rest of it: over HTTP/1.1 by closing the connection, over
     * HTTP/2 by resetting this stream only, since the connection carries other requests.
     */
    private static void refuseAndClose(HttpServerRequest request, int status, String code, String message) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return;
        }
        request.pause();
        if (request.version() == HttpVersion.HTTP_2) {
            fail(response, status, code, message).onComplete(sent -> response.reset(CANCEL));
            return;
        }
        if (!response.headWritten()) {
            response.putHeader("Connection", "close");
        }
        fail(response, status, code, message).onComplete(sent -> request.connection().close());
    }

    private static Future<Void> fail(HttpServerResponse response, int status, String code, String message) {
        if (response.ended() || response.headWritten()) {
            return Future.succeededFuture();
        }
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        try {
            return response.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
