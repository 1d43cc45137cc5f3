package dev.govengine.contributions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One line of an NDJSON receipt upload: a JSON object with the fields of the GraphQL {@code WorkReceiptInput}, in
 * the same forms (epoch and gpuSeconds decimal strings, gpuClass and qualityBps JSON integers). A line that is not
 * such an object is refused BAD_INPUT, with the reason.
 */
public final class NdjsonReceipts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("provider", "epoch", "jobId", "gpuClass", "gpuSeconds",
            "qualityBps", "signature");

    private NdjsonReceipts() {
    }

    /** A parsed line: the submission, or why the line is refused. */
    public record Line(long number, ReceiptSubmission submission, ReceiptOutcome refusal) {
    }

    public static Line parse(long number, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return refused(number, null, "not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            return refused(number, null, "not a JSON object");
        }
        String jobId = object.path("jobId").isTextual() ? object.get("jobId").textValue() : null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            String name = fields.next().getKey();
            if (!FIELDS.contains(name)) {
                return refused(number, jobId, "unknown field '" + name + "'");
            }
        }
        try {
            return new Line(number, new ReceiptSubmission(text(object, "provider"), text(object, "epoch"),
                    text(object, "jobId"), integer(object, "gpuClass"), text(object, "gpuSeconds"),
                    integer(object, "qualityBps"), text(object, "signature")), null);
        } catch (WrongType e) {
            return refused(number, jobId, e.getMessage());
        }
    }

    private static Line refused(long number, String jobId, String message) {
        return new Line(number, null, ReceiptOutcome.refused(jobId, ReceiptCode.BAD_INPUT, message));
    }

    private static String text(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new WrongType(field + ": expected a string, got " + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
    }

    /** Integers beyond a long are as out of range as any other above the field's maximum. */
    private static Long integer(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new WrongType(field + ": expected an integer, got " + (value.isNumber() ? value.toString()
                    : value.getNodeType().name().toLowerCase()));
        }
        return value.canConvertToLong() ? value.longValue() : Long.MAX_VALUE;
    }

    private static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }
}
