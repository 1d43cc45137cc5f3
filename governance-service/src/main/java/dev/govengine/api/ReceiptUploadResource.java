package dev.govengine.api;

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
import dev.govengine.persistence.WorkerDb;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code POST /receipts}: the bulk path for work receipts, one JSON object per line (NDJSON), under the same rules
 * as the GraphQL mutation. A blocking method reads the body as an {@code InputStream} while it streams in (Quarkus
 * REST buffers no body of a blocking method: its stream reads the request as it arrives); each line is checked at
 * once and kept only in its compact parsed form (or as its refusal), never as the text sent. The answer is NDJSON
 * too, one report per non-blank line in line order: {@code line}, {@code status} (ACCEPTED or REFUSED),
 * {@code jobId}, and {@code verifier} or {@code code} and {@code message}.
 *
 * <p>No credentials: each receipt carries its verifier's signature, which is what authenticates it, and a forged or
 * replayed one is refused whatever the sender. {@code gov.receipts.enabled=false} removes the endpoint (404, as for
 * any unknown path). Since anyone may send, every upload is bounded, and refused whole with nothing stored beyond a
 * bound, each refusal a JSON object {@code {code, message}} as the operator endpoints answer:
 * <ul>
 *   <li>another content type than {@value #NDJSON}: 415 BAD_INPUT;</li>
 *   <li>{@code gov.receipts.max-uploads} uploads in flight already: 503 BUSY; {@code gov.receipts.max-uploads-per-client}
 *   from the same client address: 429 TOO_MANY_UPLOADS (both with Retry-After), decided before a byte of the body is
 *   read;</li>
 *   <li>more than {@code gov.receipts.max-bytes} bytes: 413 LIMIT_EXCEEDED, at once for a Content-Length over it
 *   ({@link ReceiptUploadLimit}), otherwise as soon as they arrive;</li>
 *   <li>more than {@code gov.receipts.max-lines} non-blank lines: 413 LIMIT_EXCEEDED, as soon as they arrive;</li>
 *   <li>a line longer than {@value #MAX_LINE_BYTES} bytes: 400 BAD_INPUT, as the line split cannot resynchronize;</li>
 *   <li>a body that stops arriving for {@code quarkus.http.read-timeout}: 400 BAD_INPUT;</li>
 *   <li>verification longer than {@code gov.receipts.verify-timeout}: 503 TIMEOUT, the verification stopped.</li>
 * </ul>
 * A refusal while the body is still coming stops the rest of it: over HTTP/1.1 the connection is closed, over HTTP/2
 * this stream alone is reset, since the connection carries other requests.
 */
@Path(ReceiptUploadResource.PATH)
public class ReceiptUploadResource {
    public static final String PATH = "/receipts";
    static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(ReceiptUploadResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int READ_BYTES = 64 * 1024;
    private static final int LINES_PER_WRITE = 1_000;
    /** HTTP/2's CANCEL error code. */
    private static final long CANCEL = 0x8;

    @Inject
    EngineConfig config;

    @Inject
    ReceiptContexts contexts;

    @Inject
    ReceiptIngestion ingestion;

    @Inject
    WorkerDb db;

    private final AtomicInteger uploads = new AtomicInteger();
    /** Uploads in flight per client address; an address leaves the map when its last upload ends. */
    private final ConcurrentHashMap<String, Integer> uploadsByClient = new ConcurrentHashMap<>();

    /** A line as kept until the body has ended: its number, and its parsed receipt or its refusal. */
    private record Line(long number, Checked<Candidate> parsed) {
    }

    /** Why reading the body stopped before its end: the answer to give. */
    private static final class Refused extends Exception {
        final int status;
        final String code;

        Refused(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /** Blocking: the body is read on this worker thread as it arrives, and the report written from it. */
    @POST
    @Blocking
    public Response upload(@HeaderParam("Content-Type") String contentType, InputStream body,
            @Context RoutingContext routing) {
        if (!config.receipts().enabled()) {
            throw new NotFoundException();
        }
        HttpServerRequest request = routing.request();
        if (contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(NDJSON)) {
            return refusal(415, "BAD_INPUT", "send the receipts as " + NDJSON + ", one JSON object per line");
        }
        String client = client(request);
        String busy = admit(client);
        if (busy != null) {
            boolean perClient = busy.startsWith("TOO_MANY");
            return refuseAndClose(routing, Response.status(perClient ? 429 : 503).header("Retry-After", "1"), busy,
                    perClient ? "this address has " + config.receipts().maxUploadsPerClient()
                            + " uploads in flight already (gov.receipts.max-uploads-per-client); wait for them to end"
                            : config.receipts().maxUploads() + " uploads are in flight already (gov.receipts.max-uploads);"
                                    + " retry shortly");
        }
        routing.addEndHandler(ended -> release(client));
        List<Line> lines;
        try {
            lines = read(body);
        } catch (Refused refused) {
            return refuseAndClose(routing, Response.status(refused.status), refused.code, refused.getMessage());
        }
        return store(lines);
    }

    /** The refusal of a body over gov.receipts.max-bytes, whether its Content-Length or its bytes tell. */
    static String tooLong(long maxBytes) {
        return "the upload is longer than " + maxBytes + " bytes (gov.receipts.max-bytes); nothing was stored";
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

    /** The body's non-blank lines, each parsed as it arrives; a bound passed stops the read at once. */
    private List<Line> read(InputStream body) throws Refused {
        int maxLines = config.receipts().maxLines();
        long maxBytes = config.receipts().maxBytes().asLongValue();
        List<Line> lines = new ArrayList<>();
        NdjsonLineSplitter splitter = new NdjsonLineSplitter(MAX_LINE_BYTES);
        NdjsonLineSplitter.Lines parse = (number, text) -> {
            String line = text.strip();
            if (!line.isEmpty()) {
                NdjsonReceipts.Line receipt = NdjsonReceipts.parse(number, line);
                lines.add(new Line(number, receipt.submission() != null
                        ? ReceiptRules.parse(receipt.submission()) : new Checked<>(null, receipt.refusal())));
            }
        };
        byte[] buffer = new byte[READ_BYTES];
        long received = 0;
        try {
            for (int read = body.read(buffer); read != -1; read = body.read(buffer)) {
                received += read;
                if (received > maxBytes) {
                    throw new Refused(413, "LIMIT_EXCEEDED", tooLong(maxBytes));
                }
                splitter.feed(buffer, read, parse);
                checkLines(lines, maxLines);
            }
            splitter.end(parse);
        } catch (NdjsonLineSplitter.LineTooLongException e) {
            throw new Refused(400, "BAD_INPUT", e.getMessage());
        } catch (IOException e) {
            throw new Refused(400, "BAD_INPUT", "the upload stopped after " + received + " bytes ("
                    + e.getMessage() + "); nothing was stored");
        }
        checkLines(lines, maxLines);
        return lines;
    }

    private static void checkLines(List<Line> lines, int maxLines) throws Refused {
        if (lines.size() > maxLines) {
            throw new Refused(413, "LIMIT_EXCEEDED", "more than " + maxLines
                    + " receipts in one upload (gov.receipts.max-lines); nothing was stored");
        }
    }

    /**
     * Verifies and stores the receipts, waiting here with the workers' bound (the verification keeps its own,
     * gov.receipts.verify-timeout), then answers with the report written from this thread as the client takes it.
     */
    private Response store(List<Line> lines) {
        List<ReceiptOutcome> outcomes;
        if (lines.isEmpty()) {
            outcomes = List.of();
        } else {
            List<Checked<Candidate>> parsed = new ArrayList<>(lines.size());
            lines.forEach(line -> parsed.add(line.parsed()));
            try {
                outcomes = db.await(contexts.current().chain(context -> ingestion.submitParsed(context, parsed)),
                        "storing " + parsed.size() + " uploaded receipts");
            } catch (ReceiptsNotReadyException e) {
                return refusal(503, "UNAVAILABLE", e.getMessage());
            } catch (ReceiptsTimeoutException e) {
                return refusal(503, "TIMEOUT", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Receipt upload failed", e);
                return refusal(500, "INTERNAL", "the receipts could not be stored; nothing was");
            }
        }
        StreamingOutput report = out -> {
            int line = 0;
            while (line < lines.size()) {
                StringBuilder chunk = new StringBuilder();
                for (int end = Math.min(lines.size(), line + LINES_PER_WRITE); line < end; line++) {
                    chunk.append(reportLine(lines.get(line).number(), outcomes.get(line))).append('\n');
                }
                out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
            }
        };
        return Response.ok(report, NDJSON).build();
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

    /**
     * The refusal, after which the rest of the body is not read: over HTTP/1.1 the connection closes once the answer
     * is sent, over HTTP/2 this stream alone is reset, since the connection carries other requests.
     */
    private static Response refuseAndClose(RoutingContext routing, Response.ResponseBuilder answer, String code,
            String message) {
        HttpServerRequest request = routing.request();
        if (request.version() == HttpVersion.HTTP_2) {
            routing.addEndHandler(sent -> request.response().reset(CANCEL));
        } else {
            answer.header("Connection", "close");
            routing.addEndHandler(sent -> request.connection().close());
        }
        return answer.type(MediaType.APPLICATION_JSON).entity(new OperatorErrors.Refusal(code, message)).build();
    }

    private static Response refusal(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new OperatorErrors.Refusal(code, message))
                .build();
    }
}
