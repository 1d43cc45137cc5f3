package dev.govengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.config.EngineConfig;
import dev.govengine.contributions.NdjsonReceipts;
import dev.govengine.contributions.ReceiptContext;
import dev.govengine.contributions.ReceiptContexts;
import dev.govengine.contributions.ReceiptIngestion;
import dev.govengine.contributions.ReceiptOutcome;
import dev.govengine.contributions.ReceiptSubmission;
import dev.govengine.contributions.ReceiptsNotReadyException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code POST /receipts}: the bulk path for work receipts, one JSON object per line (NDJSON), under the same rules
 * as the GraphQL mutation. The body is split into lines as it streams in, and only the parsed receipts are kept;
 * the answer is NDJSON too, one report per non-blank line in line order: {@code line}, {@code status} (ACCEPTED or
 * REFUSED), {@code jobId}, and {@code verifier} or {@code code} and {@code message}.
 *
 * <p>No credentials: each receipt carries its verifier's signature, which is what authenticates it, and a forged or
 * replayed one is refused whatever the sender. {@code gov.receipts.enabled=false} removes the route.
 * More than {@code gov.receipts.max-lines} lines refuse the whole upload (413, LIMIT_EXCEEDED) before anything is
 * stored; a line longer than {@value #MAX_LINE_BYTES} bytes is BAD_INPUT for the whole upload (400), as the line
 * split cannot resynchronize.
 */
@ApplicationScoped
public class ReceiptUploadRoute {
    public static final String PATH = "/receipts";
    static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(ReceiptUploadRoute.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int LINES_PER_WRITE = 1_000;

    @Inject
    EngineConfig config;

    @Inject
    ReceiptContexts contexts;

    @Inject
    ReceiptIngestion ingestion;

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
        request.pause();
        Context vertx = Vertx.currentContext();
        contexts.current().subscribe().with(
                context -> vertx.runOnContext(v -> receive(routing, context)),
                failure -> vertx.runOnContext(v -> failed(routing.response(), failure)));
    }

    private void receive(RoutingContext routing, ReceiptContext context) {
        HttpServerRequest request = routing.request();
        HttpServerResponse response = routing.response();
        int maxLines = config.receipts().maxLines();
        List<NdjsonReceipts.Line> lines = new ArrayList<>();
        long[] lineNumber = {0};
        boolean[] stopped = {false};
        RecordParser parser = RecordParser.newDelimited("\n", request).maxRecordSize(MAX_LINE_BYTES);
        parser.exceptionHandler(e -> {
            if (!stopped[0]) {
                stopped[0] = true;
                fail(response, 400, "BAD_INPUT", "line " + (lineNumber[0] + 1) + " is longer than " + MAX_LINE_BYTES
                        + " bytes");
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
                fail(response, 413, "LIMIT_EXCEEDED", "more than " + maxLines
                        + " receipts in one upload (gov.receipts.max-lines); nothing was stored");
                return;
            }
            lines.add(NdjsonReceipts.parse(lineNumber[0], text));
        });
        parser.endHandler(v -> {
            if (!stopped[0]) {
                store(routing, context, lines);
            }
        });
        request.resume();
    }

    private void store(RoutingContext routing, ReceiptContext context, List<NdjsonReceipts.Line> lines) {
        List<ReceiptSubmission> submissions = new ArrayList<>(lines.size());
        for (NdjsonReceipts.Line line : lines) {
            if (line.submission() != null) {
                submissions.add(line.submission());
            }
        }
        Context vertx = Vertx.currentContext();
        ingestion.submit(context, submissions).subscribe().with(
                outcomes -> vertx.runOnContext(v -> report(routing.response(), lines, outcomes)),
                failure -> vertx.runOnContext(v -> failed(routing.response(), failure)));
    }

    private void report(HttpServerResponse response, List<NdjsonReceipts.Line> lines, List<ReceiptOutcome> outcomes) {
        response.setStatusCode(200).putHeader("Content-Type", NDJSON).setChunked(true);
        writeFrom(response, lines, outcomes, 0, 0);
    }

    /** Writes the reports a thousand lines at a time, waiting for the client to drain when the queue is full. */
    private void writeFrom(HttpServerResponse response, List<NdjsonReceipts.Line> lines, List<ReceiptOutcome> outcomes,
            int lineIndex, int outcomeIndex) {
        int line = lineIndex;
        int outcome = outcomeIndex;
        while (line < lines.size()) {
            StringBuilder chunk = new StringBuilder();
            for (int end = Math.min(lines.size(), line + LINES_PER_WRITE); line < end; line++) {
                NdjsonReceipts.Line each = lines.get(line);
                ReceiptOutcome result = each.submission() != null ? outcomes.get(outcome++) : each.refusal();
                chunk.append(reportLine(each.number(), result)).append('\n');
            }
            response.write(Buffer.buffer(chunk.toString()));
            if (response.writeQueueFull()) {
                int nextLine = line;
                int nextOutcome = outcome;
                response.drainHandler(v -> writeFrom(response, lines, outcomes, nextLine, nextOutcome));
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
        } else {
            LOG.error("Receipt upload failed", failure);
            fail(response, 500, "INTERNAL", "the receipts could not be stored; nothing was");
        }
    }

    private static void fail(HttpServerResponse response, int status, String code, String message) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        try {
            response.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
