package dev.govengine.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.govengine.types.ChecksumAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Array;
import org.web3j.abi.datatypes.BytesType;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Names the function a proposal action calls, from its 4-byte selector, and decodes its arguments: every function of
 * every contract whose ABI ships in the contracts jar (the DAO's own contracts, OpenZeppelin's timelock, ERC-20,
 * ERC-721 and Governor interfaces). A selector no known ABI declares stays unnamed rather than guessed. Where two ABIs
 * declare one selector with different parameter names (ERC-20's and ERC-721's {@code approve} and
 * {@code transferFrom}), the contracts jar's decoding order decides: the DAO's own contracts first, so ERC-20's.
 */
public final class FunctionSelectors {
    private static final String DECODING_ORDER = "contracts/decoding-order.txt";
    private static final String INDEX = "contracts/index.txt";
    private static final FunctionSelectors KNOWN = load();

    private final Map<String, KnownFunction> functionBySelector;

    /** A function as its ABI declares it; a parameter the ABI leaves unnamed has a null name. */
    private record KnownFunction(String name, String signature, List<String> types, List<String> parameterNames) {
    }

    private FunctionSelectors(Map<String, KnownFunction> functionBySelector) {
        this.functionBySelector = functionBySelector;
    }

    public static FunctionSelectors known() {
        return KNOWN;
    }

    /**
     * The most parameters a function of a known ABI has: the most arguments a call decodes to, but for a signature
     * only a GovernorBravo proposal declares.
     */
    public int mostParameters() {
        return functionBySelector.values().stream().mapToInt(function -> function.types().size()).max().orElse(0);
    }

    /** The canonical signature, such as {@code mint(address,uint256)}, of the function {@code calldata} calls. */
    public Optional<String> signatureOf(String calldata) {
        String hex = Numeric.cleanHexPrefix(calldata).toLowerCase(Locale.ROOT);
        if (hex.length() < 8) {
            return Optional.empty();
        }
        return Optional.ofNullable(functionBySelector.get(hex.substring(0, 8))).map(KnownFunction::signature);
    }

    /**
     * The arguments of the call {@code calldata} makes, by the ABI that declares its selector, or else by
     * {@code declaredSignature} (a GovernorBravo proposal's own, whose parameter names nobody declares). Empty when
     * neither names the function, a type is one this reads not (tuples), or the calldata is not the standard ABI
     * encoding of the function's parameters: decoded values re-encode to exactly the calldata's arguments, so a
     * short, long or otherwise malformed calldata decodes to nothing rather than to a guess.
     */
    public Optional<DecodedCall> decode(String calldata, Optional<String> declaredSignature) {
        String hex = Numeric.cleanHexPrefix(calldata).toLowerCase(Locale.ROOT);
        if (hex.length() < 8) {
            return Optional.empty();
        }
        return Optional.ofNullable(functionBySelector.get(hex.substring(0, 8)))
                .or(() -> declaredSignature.flatMap(FunctionSelectors::unnamedParameters))
                .flatMap(function -> decode(function, hex.substring(8)));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Optional<DecodedCall> decode(KnownFunction function, String arguments) {
        List<Type> values;
        try {
            List<TypeReference<Type>> types = new ArrayList<>();
            for (String type : function.types()) {
                types.add(TypeReference.makeTypeReference(type));
            }
            values = FunctionReturnDecoder.decode(arguments, types);
            if (values.size() != types.size() || !FunctionEncoder.encodeConstructor(values).equals(arguments)) {
                return Optional.empty();
            }
        } catch (ClassNotFoundException | RuntimeException notThisEncoding) {
            // Web3j reports a type it cannot read, or calldata too short for its types, by throwing: neither decodes.
            return Optional.empty();
        }
        List<DecodedCall.DecodedArgument> decoded = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            JsonNode rendered = render(values.get(i));
            decoded.add(new DecodedCall.DecodedArgument(function.parameterNames().get(i), function.types().get(i),
                    rendered.isTextual() ? rendered.textValue() : rendered.toString()));
        }
        return Optional.of(new DecodedCall(function.name(), function.signature(), List.copyOf(decoded)));
    }

    @SuppressWarnings("rawtypes")
    private static JsonNode render(Type value) {
        if (value instanceof Array<?> array) {
            ArrayNode elements = JsonNodeFactory.instance.arrayNode();
            for (Type element : array.getValue()) {
                elements.add(render(element));
            }
            return elements;
        }
        String text;
        if (value instanceof Address address) {
            text = ChecksumAddress.of(address.getValue()).toString();
        } else if (value instanceof BytesType bytes) {
            text = Numeric.toHexString(bytes.getValue());
        } else {
            // Integers (decimal BigInteger), bool and string read as they are.
            text = value.getValue().toString();
        }
        return JsonNodeFactory.instance.textNode(text);
    }

    /** A declared signature such as {@code setDelay(uint256)}: its types, no names; tuples are not read. */
    private static Optional<KnownFunction> unnamedParameters(String signature) {
        int open = signature.indexOf('(');
        if (open <= 0 || !signature.endsWith(")") || signature.indexOf('(', open + 1) >= 0) {
            return Optional.empty();
        }
        String list = signature.substring(open + 1, signature.length() - 1);
        List<String> types = list.isEmpty() ? List.of() : List.of(list.split(",", -1));
        return Optional.of(new KnownFunction(signature.substring(0, open), signature, types,
                Collections.nCopies(types.size(), null)));
    }

    private static FunctionSelectors load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, KnownFunction> functions = new HashMap<>();
        Set<String> abis = new LinkedHashSet<>();
        for (String index : List.of(DECODING_ORDER, INDEX)) {
            resource(index).lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(abis::add);
        }
        for (String contract : abis) {
            try {
                for (JsonNode entry : json.readTree(resource("contracts/" + contract + ".abi"))) {
                    if ("function".equals(entry.path("type").asText())) {
                        KnownFunction function = function(entry);
                        functions.putIfAbsent(selector(function.signature()), function);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable ABI of " + contract, e);
            }
        }
        return new FunctionSelectors(Map.copyOf(functions));
    }

    private static KnownFunction function(JsonNode entry) {
        List<String> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode input : entry.path("inputs")) {
            types.add(canonicalType(input));
            names.add(input.path("name").asText().isEmpty() ? null : input.path("name").asText());
        }
        String name = entry.path("name").asText();
        return new KnownFunction(name, name + "(" + String.join(",", types) + ")", List.copyOf(types),
                Collections.unmodifiableList(names));
    }

    /** ABI canonical form: tuples spell out their components, arrays keep their suffix. */
    private static String canonicalType(JsonNode input) {
        String type = input.path("type").asText();
        if (!type.startsWith("tuple")) {
            return type;
        }
        StringJoiner components = new StringJoiner(",", "(", ")");
        input.path("components").forEach(component -> components.add(canonicalType(component)));
        return components + type.substring("tuple".length());
    }

    private static String selector(String signature) {
        return Numeric.toHexStringNoPrefix(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    }

    private static String resource(String name) {
        try (InputStream in = FunctionSelectors.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath: the contracts module builds it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
