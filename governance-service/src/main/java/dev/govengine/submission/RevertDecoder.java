package dev.govengine.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.types.ChecksumAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Turns revert data into a readable reason: Solidity's {@code Error(string)} and {@code Panic(uint256)}, and every
 * custom error declared in the ABIs the contracts jar ships (the distributor's {@code PendingRootExists(uint256)},
 * OpenZeppelin's {@code AccessControlUnauthorizedAccount(address,bytes32)}, ...), with argument names.
 */
public final class RevertDecoder {
    private static final String INDEX = "contracts/index.txt";
    private static final String ERROR_STRING = "08c379a0";
    private static final String PANIC = "4e487b71";
    private static final RevertDecoder KNOWN = load();

    private record ErrorAbi(String name, List<String> parameterNames, List<String> types) {
    }

    private final Map<String, ErrorAbi> errorsBySelector;

    private RevertDecoder(Map<String, ErrorAbi> errorsBySelector) {
        this.errorsBySelector = errorsBySelector;
    }

    public static RevertDecoder known() {
        return KNOWN;
    }

    /** A reason such as {@code PendingRootExists(pendingEpoch=1)}; never throws, whatever the data. */
    public String decode(String revertData) {
        String hex = revertData == null ? "" : Numeric.cleanHexPrefix(revertData).toLowerCase(Locale.ROOT);
        if (hex.isEmpty()) {
            return "reverted without a reason";
        }
        if (hex.length() < 8) {
            return "unreadable revert data 0x" + hex;
        }
        String selector = hex.substring(0, 8);
        String arguments = hex.substring(8);
        try {
            return switch (selector) {
                case ERROR_STRING -> "Error(\"" + decode(arguments, List.of("string")).get(0).getValue() + "\")";
                case PANIC -> "Panic(0x" + ((BigInteger) decode(arguments, List.of("uint256")).get(0).getValue()).toString(16) + ")";
                default -> custom(selector, arguments);
            };
        } catch (RuntimeException malformed) {
            return "unreadable revert data 0x" + hex;
        }
    }

    private String custom(String selector, String arguments) {
        ErrorAbi error = errorsBySelector.get(selector);
        if (error == null) {
            return "unknown error 0x" + selector + (arguments.isEmpty() ? "" : " with data 0x" + arguments);
        }
        List<Type> values = decode(arguments, error.types());
        if (values.size() != error.types().size()) {
            throw new IllegalArgumentException("argument count");
        }
        StringJoiner rendered = new StringJoiner(", ", error.name() + "(", ")");
        for (int i = 0; i < values.size(); i++) {
            String name = error.parameterNames().get(i);
            rendered.add((name.isEmpty() ? "" : name + "=") + render(values.get(i)));
        }
        return rendered.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Type> decode(String arguments, List<String> types) {
        List<TypeReference<Type>> references = new ArrayList<>();
        for (String type : types) {
            try {
                references.add((TypeReference) TypeReference.makeTypeReference(type));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("unsupported ABI type " + type, e);
            }
        }
        return FunctionReturnDecoder.decode(arguments, references);
    }

    private static String render(Type value) {
        if (value instanceof Address address) {
            return ChecksumAddress.of(address.getValue()).toString();
        }
        Object raw = value.getValue();
        if (raw instanceof byte[] bytes) {
            return Numeric.toHexString(bytes);
        }
        if (raw instanceof String text) {
            return "\"" + text + "\"";
        }
        return String.valueOf(raw);
    }

    private static RevertDecoder load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, ErrorAbi> errors = new HashMap<>();
        for (String contract : resource(INDEX).split("\\R")) {
            if (contract.isBlank()) {
                continue;
            }
            try {
                for (JsonNode entry : json.readTree(resource("contracts/" + contract.strip() + ".abi"))) {
                    if (!"error".equals(entry.path("type").asText())) {
                        continue;
                    }
                    List<String> names = new ArrayList<>();
                    List<String> types = new ArrayList<>();
                    for (JsonNode input : entry.path("inputs")) {
                        names.add(input.path("name").asText());
                        types.add(input.path("type").asText());
                    }
                    String signature = entry.path("name").asText() + "(" + String.join(",", types) + ")";
                    errors.putIfAbsent(selector(signature), new ErrorAbi(entry.path("name").asText(), names, types));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable ABI of " + contract, e);
            }
        }
        return new RevertDecoder(Map.copyOf(errors));
    }

    private static String selector(String signature) {
        return Numeric.toHexStringNoPrefix(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    }

    private static String resource(String name) {
        try (InputStream in = RevertDecoder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath (the contracts jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
