package dev.govengine.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Names the function a proposal action calls, from its 4-byte selector: every function of every contract whose
 * ABI ships in the contracts jar (the DAO's own contracts, OpenZeppelin's timelock, and therefore ERC-20 and the
 * Governor's settings). A selector no known ABI declares stays unnamed rather than guessed.
 */
public final class FunctionSelectors {
    private static final String INDEX = "contracts/index.txt";
    private static final FunctionSelectors KNOWN = load();

    private final Map<String, String> signatureBySelector;

    private FunctionSelectors(Map<String, String> signatureBySelector) {
        this.signatureBySelector = signatureBySelector;
    }

    public static FunctionSelectors known() {
        return KNOWN;
    }

    /** The canonical signature, such as {@code mint(address,uint256)}, of the function {@code calldata} calls. */
    public Optional<String> signatureOf(String calldata) {
        String hex = Numeric.cleanHexPrefix(calldata).toLowerCase(Locale.ROOT);
        if (hex.length() < 8) {
            return Optional.empty();
        }
        return Optional.ofNullable(signatureBySelector.get(hex.substring(0, 8)));
    }

    private static FunctionSelectors load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> signatures = new HashMap<>();
        for (String contract : resource(INDEX).split("\\R")) {
            if (contract.isBlank()) {
                continue;
            }
            try {
                for (JsonNode entry : json.readTree(resource("contracts/" + contract.strip() + ".abi"))) {
                    if ("function".equals(entry.path("type").asText())) {
                        String signature = entry.path("name").asText() + parameterList(entry.path("inputs"));
                        signatures.putIfAbsent(selector(signature), signature);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable ABI of " + contract, e);
            }
        }
        return new FunctionSelectors(Map.copyOf(signatures));
    }

    /** ABI canonical form: tuples spell out their components, arrays keep their suffix. */
    private static String parameterList(JsonNode inputs) {
        StringJoiner types = new StringJoiner(",", "(", ")");
        for (JsonNode input : inputs) {
            String type = input.path("type").asText();
            types.add(type.startsWith("tuple")
                    ? parameterList(input.path("components")) + type.substring("tuple".length())
                    : type);
        }
        return types.toString();
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
