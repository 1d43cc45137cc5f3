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
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
    private static final int BYTES_PER_BATCH = 256 * 1024;
    private static final int BATCHES_IN_FLIGHT = 4;
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

    /**
     * Counts the body's bytes on the event loop and hands its chunks, about {@value #BYTES_PER_BATCH} bytes at a
     * time, to a worker thread that splits and parses them in order, while the event loop goes on receiving and
     * serving other requests: with the parse on the event loop, other requests' p90 during a 34 MB upload was 7 to
     * 51 ms, against 3 to 9 ms now (docs/BENCHMARKS.md, "Receipt ingestion"). At most {@value #BATCHES_IN_FLIGHT}
     * batches wait for the worker; beyond that the body pauses, so a slow parse holds back the sender rather than
     * filling the heap.
     */
    private void receive(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context eventLoop = Vertx.currentContext();
        int maxLines = config.receipts().maxLines();
        long maxBytes = config.receipts().maxBytes().asLongValue();
        Upload upload = new Upload();
        request.handler(chunk -> {
            if (upload.stopped) {
                return;
            }
            upload.received += chunk.length();
            if (upload.received > maxBytes) {
                upload.stop();
                refuseAndClose(request, 413, "LIMIT_EXCEEDED", "the upload is longer than " + maxBytes
                        + " bytes (gov.receipts.max-bytes); nothing was stored");
                return;
            }
            upload.chunks.add(chunk);
            upload.batchBytes += chunk.length();
            if (upload.batchBytes >= BYTES_PER_BATCH) {
                parseBatch(eventLoop, request, upload, maxLines);
                if (upload.batchesInFlight > BATCHES_IN_FLIGHT) {
                    request.pause();
                }
            }
        });
        request.endHandler(v -> {
            upload.ended = true;
            if (upload.stopped) {
                return;
            }
            parseBatch(eventLoop, request, upload, maxLines);
            upload.parsed.onComplete(done -> {
                if (done.failed()) {
                    failed(routing.response(), done.cause());
                } else if (!upload.stopped) {
                    store(routing, upload.lines);
                }
            });
        });
    }

    /** Hands the chunks received so far to the worker; their lines join the upload's in order. */
    private void parseBatch(Context eventLoop, HttpServerRequest request, Upload upload, int maxLines) {
        List<Buffer> chunks = upload.chunks;
        boolean last = upload.ended;
        upload.chunks = new ArrayList<>();
        upload.batchBytes = 0;
        upload.batchesInFlight++;
        Future<Batch> parsing = eventLoop.executeBlocking(() -> parse(upload.splitter, chunks, last), true);
        upload.parsed = upload.parsed.compose(previous -> parsing).map(batch -> {
            if (upload.stopped) {
                return null;
            }
            if (--upload.batchesInFlight == BATCHES_IN_FLIGHT && !upload.ended) {
                request.resume();
            }
            if (batch.tooLong() != null) {
                upload.stop();
                refuseAndClose(request, 400, "BAD_INPUT", batch.tooLong());
                return null;
            }
            upload.lines.addAll(batch.lines());
            if (upload.lines.size() > maxLines) {
                upload.stop();
                refuseAndClose(request, 413, "LIMIT_EXCEEDED", "more than " + maxLines
                        + " receipts in one upload (gov.receipts.max-lines); nothing was stored");
            }
            return null;
        });
    }

    /** A batch's non-blank lines, each parsed to its receipt or its refusal; or why the split stopped. */
    private record Batch(List<Line> lines, String tooLong) {
    }

    /** Runs on the worker, one batch of an upload after the other, so the splitter is never used by two at once. */
    private static Batch parse(NdjsonLineSplitter splitter, List<Buffer> chunks, boolean last) {
        List<Line> parsed = new ArrayList<>();
        NdjsonLineSplitter.Lines lines = (number, text) -> {
            String line = text.strip();
            if (!line.isEmpty()) {
                NdjsonReceipts.Line receipt = NdjsonReceipts.parse(number, line);
                parsed.add(new Line(number, receipt.submission() != null
                        ? ReceiptRules.parse(receipt.submission()) : new Checked<>(null, receipt.refusal())));
            }
        };
        try {
            for (Buffer chunk : chunks) {
                splitter.feed(chunk.getBytes(), lines);
            }
        } catch (NdjsonLineSplitter.LineTooLongException e) {
            return new Batch(List.of(), e.getMessage());
        }
        if (last) {
            splitter.end(lines);
        }
        return new Batch(parsed, null);
    }

    /** One upload's progress; touched only on its event loop, but for the splitter, which only the worker uses. */
    private static final class Upload {
        final NdjsonLineSplitter splitter = new NdjsonLineSplitter(MAX_LINE_BYTES);
        long received;
        boolean stopped;
        boolean ended;
        int batchesInFlight;
        List<Buffer> chunks = new ArrayList<>();
        int batchBytes;
        Future<Void> parsed = Future.succeededFuture();
        final List<Line> lines = new ArrayList<>();

        void stop() {
            stopped = true;
            chunks.clear();
            lines.clear();
        }
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
     * Answers, and stops the rest of the body if more is coming: over HTTP/1.1 by closing the connection, over
     * HTTP/2 by resetting this stream only, since the connection carries other requests.
     */
    private static void refuseAndClose(HttpServerRequest request, int status, String code, String message) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return;
        }
        if (!request.isEnded()) {
            request.pause();
        }
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
