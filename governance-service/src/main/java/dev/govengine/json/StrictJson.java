package dev.govengine.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.EnumNamingStrategies;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hibernate.validator.HibernateValidator;

/**
 * Reads a JSON file that a person writes or edits (a deployment, an epoch's inputs, a policy change) into records.
 * Jackson binds them and refuses what a hand-edited file gets wrong: unknown fields (a misspelt key would otherwise
 * fall back to a default without a word), duplicate keys, keys that name the same thing twice, nulls in lists and
 * maps, and coercions (a number for a string, a string for a number, a fraction for an integer, a number for an
 * enum). Bean Validation then checks presence and ranges. Every problem comes back in our words, with the field's
 * JSON path and, for what Jackson refused, the line and column; nothing of Jackson's own wording (class names,
 * "Source: REDACTED", reference chains) reaches a user. Works without CDI, so the offline commands can use it.
 *
 * @param <T> the file's record
 */
public final class StrictJson<T> {
    private static final String NOT_NULL_TEMPLATE = "{jakarta.validation.constraints.NotNull.message}";
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\[Source: [^\\]]*]");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) ['\"](.*)['\"]");

    private final Class<T> type;
    private final ObjectMapper mapper;
    private final String rootPath;
    private final boolean missingNamedInParent;

    private StrictJson(Class<T> type, ObjectMapper mapper, String rootPath, boolean missingNamedInParent) {
        this.type = type;
        this.mapper = mapper;
        this.rootPath = rootPath;
        this.missingNamedInParent = missingNamedInParent;
    }

    /** A reader of {@code type}; {@code modules} add the file's own value types (amounts, for example). */
    public static <T> StrictJson<T> of(Class<T> type, Module... modules) {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfigDefaults(coercion -> coercion
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                // A missing field stays null for Bean Validation to name; a null inside a list or a map is refused here.
                .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.DEFAULT, Nulls.FAIL))
                .enumNamingStrategy(EnumNamingStrategies.LOWER_CAMEL_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .addModule(JsonValues.MODULE)
                .addModules(modules)
                .build();
        return new StrictJson<>(type, mapper, "", false);
    }

    /** How a problem with the whole document is named, for example {@code $}; by default it is not named. */
    public StrictJson<T> rootPath(String path) {
        return new StrictJson<>(type, mapper, path, missingNamedInParent);
    }

    /** Names a missing field from its parent ({@code policy: "minPayout" is missing}) rather than by its own path. */
    public StrictJson<T> missingNamedInParent() {
        return new StrictJson<>(type, mapper, rootPath, true);
    }

    /** Reads {@code text} (a leading UTF-8 byte order mark is ignored), or throws naming every problem. */
    public T read(String text) throws JsonFileException {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        T value;
        try (JsonParser parser = mapper.createParser(json)) {
            try {
                value = mapper.readValue(parser, type);
                if (value == null) {
                    throw new JsonFileException(rootPath, "not a JSON object" + at(parser.currentTokenLocation()));
                }
                if (parser.nextToken() != null) {
                    throw new JsonFileException(rootPath, "more content after the end of the JSON document"
                            + at(parser.currentTokenLocation()));
                }
            } catch (JacksonException e) {
                throw refusal(e, parser);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail on I/O", e);
        }
        List<String> problems = Validators.VALIDATOR.validate(value).stream()
                .sorted(Comparator.comparing((ConstraintViolation<T> violation) -> path(violation.getPropertyPath(), true))
                        .thenComparing(ConstraintViolation::getMessage))
                .map(this::problem)
                .distinct()
                .toList();
        if (!problems.isEmpty()) {
            throw new JsonFileException(problems);
        }
        return value;
    }

    /** {@code value} as indented JSON, in the records' field order, ending with a newline. */
    public String write(T value) {
        try {
            return mapper.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of strings, numbers and lists always serialize", e);
        }
    }

    private String problem(ConstraintViolation<T> violation) {
        boolean missing = violation.getConstraintDescriptor().getAnnotation() instanceof NotNull
                && violation.getMessageTemplate().equals(NOT_NULL_TEMPLATE);
        if (missing && missingNamedInParent) {
            List<Path.Node> nodes = new ArrayList<>();
            violation.getPropertyPath().forEach(nodes::add);
            return line(path(violation.getPropertyPath(), false),
                    "\"" + nodes.get(nodes.size() - 1).getName() + "\" is missing");
        }
        return line(path(violation.getPropertyPath(), true), missing ? "is missing" : violation.getMessage());
    }

    private String line(String path, String fault) {
        String at = path.isEmpty() ? rootPath : path;
        return at.isEmpty() ? fault : at + ": " + fault;
    }

    /** The JSON path of a violation; without {@code lastName}, the path of the object that holds its field. */
    private static String path(Path path, boolean lastName) {
        StringBuilder text = new StringBuilder();
        for (Iterator<Path.Node> nodes = path.iterator(); nodes.hasNext(); ) {
            Path.Node node = nodes.next();
            // A node's index or key says where in the previous node's list or map it sits.
            if (node.getIndex() != null) {
                text.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                text.append('.').append(node.getKey());
            }
            if (node.getKind() == ElementKind.PROPERTY && (lastName || nodes.hasNext())) {
                text.append(text.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return text.toString();
    }

    private JsonFileException refusal(JacksonException e, JsonParser parser) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
        }
        // The parser knows where malformed JSON stops it; a value refused in binding is the token it is at. An
        // unknown field of a record is often reported only at the end of its object, so its path alone names it.
        boolean malformed = e instanceof StreamReadException || e.getCause() instanceof StreamReadException;
        JsonLocation location = malformed && e.getLocation() != null ? e.getLocation() : parser.currentTokenLocation();
        String where = e instanceof UnrecognizedPropertyException ? "" : at(location);
        return new JsonFileException(List.of(line(path.toString(), fault(e, parser, path.isEmpty()) + where)));
    }

    private static String fault(JacksonException e, JsonParser parser, boolean root) {
        if (e instanceof JsonValues.RefusedValue) {
            return e.getOriginalMessage();
        }
        // Binding wraps what the parser refused (malformed JSON, a number too large) with the path it had reached.
        JacksonException cause = e.getCause() instanceof JacksonException inner ? inner : e;
        if (cause instanceof InputCoercionException) {
            return "'" + text(parser) + "' is out of range";
        }
        if (cause instanceof StreamReadException parse) {
            Matcher duplicate = DUPLICATE.matcher(parse.getOriginalMessage());
            return duplicate.matches() ? "field \"" + duplicate.group(1) + "\" appears twice"
                    : "not valid JSON: " + withoutSource(parse.getOriginalMessage());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            // In the record's order, which is the documented one, rather than Jackson's hash order.
            RecordComponent[] components = unknown.getReferringClass().getRecordComponents();
            String known = components == null
                    ? unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "))
                    : Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.joining(", "));
            return "unknown field (known: " + known + ")";
        }
        if (e instanceof InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()) {
            List<String> names = Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(constant -> "\"" + EnumNamingStrategies.LOWER_CAMEL_CASE.convertEnumToExternalName(((Enum<?>) constant).name()) + "\"")
                    .toList();
            return "expected " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)
                    + ", found " + text(parser);
        }
        if (e instanceof InvalidDefinitionException) {
            throw new IllegalStateException("a file record Jackson cannot bind", e);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return expected(mismatch.getTargetType(), parser, root);
        }
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            // A record's or a map's own refusal, such as a key that names an earlier key's account again.
            return e.getCause().getMessage();
        }
        return "cannot be read";
    }

    private static String expected(Class<?> target, JsonParser parser, boolean root) {
        if (target == String.class) {
            return "must be a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "'" + text(parser) + "' is not an integer";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "must be an array";
        }
        return root ? "not a JSON object" : "must be an object";
    }

    /** The JSON value the parser stopped at, as it was written (a string with its quotes). */
    static String text(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "nothing";
        }
        try {
            return switch (token) {
                case VALUE_STRING -> new TextNode(parser.getText()).toString();
                case START_OBJECT -> "{…}";
                case START_ARRAY -> "[…]";
                default -> parser.getText();
            };
        } catch (IOException e) {
            return token.asString();
        }
    }

    private static String withoutSource(String message) {
        return SOURCE.matcher(SOURCE_LOCATION.matcher(message).replaceAll("line $1, column $2")).replaceAll("");
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Built on first use: the offline commands that never read a JSON file never pay for it. */
    private static final class Validators {
        static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
                .defaultLocale(Locale.ROOT)
                .buildValidatorFactory()
                .getValidator();
    }
}
