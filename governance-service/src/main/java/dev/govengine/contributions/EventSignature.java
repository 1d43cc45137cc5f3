package dev.govengine.contributions;

import dev.govengine.chain.ChainLog;
import dev.govengine.chain.EventLogs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;

/**
 * An event declared as in Solidity, with its parameters' names and indexed marks, e.g.
 * {@code BatchSubmitted(uint256 indexed batchIndex,address indexed submitter,uint256 txCount,bytes32 dataHash)}.
 * It decodes logs through web3j's ABI decoder; the topic is computed once, from the canonical signature.
 */
public final class EventSignature {
    private static final Pattern DECLARATION = Pattern.compile("\\s*([A-Za-z_$][A-Za-z0-9_$]*)\\s*\\((.*)\\)\\s*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** One parameter; {@code type} is canonical ({@code uint} reads as {@code uint256}). */
    public record Parameter(String type, boolean indexed, String name) {
        /** Whether the value can be read from the log: an indexed dynamic value is only its hash there. */
        public boolean readable() {
            return !indexed || !(type.equals("string") || type.equals("bytes") || type.endsWith("]"));
        }
    }

    private final String name;
    private final List<Parameter> parameters;
    private final Event event;
    private final String topic;

    private EventSignature(String name, List<Parameter> parameters, Event event) {
        this.name = name;
        this.parameters = List.copyOf(parameters);
        this.event = event;
        this.topic = EventLogs.topic(event);
    }

    /** Parses a declaration; throws IllegalArgumentException saying what is wrong with it. */
    public static EventSignature parse(String declaration) {
        Matcher matcher = DECLARATION.matcher(declaration == null ? "" : declaration);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + declaration + "' is not an event declaration such as "
                    + "Name(address indexed who,uint256 amount)");
        }
        List<Parameter> parameters = new ArrayList<>();
        List<TypeReference<?>> references = new ArrayList<>();
        String list = matcher.group(2).trim();
        if (!list.isEmpty()) {
            for (String declared : list.split(",", -1)) {
                Parameter parameter = declaredParameter(declared.trim());
                if (parameters.stream().anyMatch(p -> p.name().equals(parameter.name()))) {
                    throw new IllegalArgumentException("parameter '" + parameter.name() + "' is declared twice");
                }
                parameters.add(parameter);
                references.add(reference(parameter));
            }
        }
        return new EventSignature(matcher.group(1), parameters, new Event(matcher.group(1), references));
    }

    private static Parameter declaredParameter(String declared) {
        String[] words = declared.split("\\s+");
        boolean indexed = words.length == 3 && words[1].equals("indexed");
        if (!(words.length == 2 || indexed) || !IDENTIFIER.matcher(words[words.length - 1]).matches()) {
            throw new IllegalArgumentException("parameter '" + declared + "' is not 'type name' or 'type indexed name'");
        }
        if (words[0].contains("(")) {
            throw new IllegalArgumentException("parameter '" + declared + "': tuples are not supported");
        }
        String type = words[0].replaceAll("^uint(?=$|\\[)", "uint256").replaceAll("^int(?=$|\\[)", "int256");
        return new Parameter(type, indexed, words[words.length - 1]);
    }

    private static TypeReference<?> reference(Parameter parameter) {
        try {
            return TypeReference.makeTypeReference(parameter.type(), parameter.indexed(), false);
        } catch (ClassNotFoundException | RuntimeException unknown) {
            throw new IllegalArgumentException("parameter '" + parameter.name() + "': '" + parameter.type()
                    + "' is not a Solidity type");
        }
    }

    public String name() {
        return name;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public Optional<Parameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** {@code Name(type1,type2)}: what the topic hashes. */
    public String canonical() {
        return name + parameters.stream().map(Parameter::type).collect(Collectors.joining(",", "(", ")"));
    }

    /** keccak256 of the canonical signature, lower-case hex. */
    public String topic() {
        return topic;
    }

    /** The log's values by parameter name; the log must carry this event's topic. */
    public Map<String, Type> decode(ChainLog log) {
        List<Type> values = EventLogs.values(log, event);
        Map<String, Type> byName = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            byName.put(parameters.get(i).name(), values.get(i));
        }
        return byName;
    }

    @Override
    public String toString() {
        return canonical();
    }
}
