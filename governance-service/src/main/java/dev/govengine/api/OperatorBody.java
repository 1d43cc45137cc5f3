package dev.govengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Set;

/** An operator endpoint's JSON body: an object of the named fields only, or BAD_INPUT saying what is wrong. */
final class OperatorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OperatorBody() {
    }

    static JsonNode object(String body, Set<String> fields) {
        JsonNode node;
        try {
            node = body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadInputException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadInputException("the body must be a JSON object with " + fields);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new BadInputException(name + ": unknown field; expected " + fields);
            }
        }
        return node;
    }
}
