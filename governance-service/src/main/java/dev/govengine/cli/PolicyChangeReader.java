package dev.govengine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.deployment.Deployer;
import dev.govengine.rewards.tree.Uint256Decimal;
import dev.govengine.submission.GovernorProposal;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * Reads a {@code governance propose-policy} file (format in docs/GOVERNANCE.md) into the RewardPolicy setter calls
 * it asks for. Only the fields present change; each is checked here against the same rules the contract enforces,
 * so a mistake is named by its field before anything reaches a chain. Unknown fields are refused, so a misspelt key
 * cannot silently change nothing. The calls come in a fixed order (the order of {@link #FIELDS}; classes, kinds and
 * verifiers sorted), so the same file always gives the same proposal id.
 */
final class PolicyChangeReader {
    private static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final List<String> FIELDS = List.of("description", "epochLength", "budgetPerEpoch", "programSplit",
            "gpuClassWeights", "rollupKindWeights", "recipientCapBps", "minPayout", "governanceMode", "verifiers");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final int BPS = 10_000;

    /** The file's description and the calls, before a policy address is known. */
    record PolicyChange(String description, List<Function> calls) {
        GovernorProposal proposal(ChecksumAddress governor, ChecksumAddress policy) {
            return new GovernorProposal(governor, calls.stream().map(call -> GovernorProposal.Action.call(policy, call)).toList(),
                    description);
        }
    }

    private PolicyChangeReader() {
    }

    static PolicyChange read(String text) throws InvalidPolicyFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyFileException("$", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyFileException("$", "expected an object");
        }
        known(root, "$", FIELDS);
        JsonNode description = root.get("description");
        if (description == null || !description.isTextual() || description.textValue().isBlank()) {
            throw new InvalidPolicyFileException("description", "expected the proposal's text (Markdown, first line the title)");
        }
        List<Function> calls = new ArrayList<>();
        if (root.has("epochLength")) {
            BigInteger seconds = integer(root.get("epochLength"), "epochLength", BigInteger.ONE, UINT64_MAX);
            calls.add(call("setEpochLength", new Uint64(seconds)));
        }
        if (root.has("budgetPerEpoch")) {
            calls.add(call("setBudgetPerEpoch", new Uint256(amount(root.get("budgetPerEpoch"), "budgetPerEpoch"))));
        }
        if (root.has("programSplit")) {
            calls.add(programSplit(root.get("programSplit")));
        }
        if (root.has("gpuClassWeights")) {
            Map<Integer, BigInteger> weights = new TreeMap<>();
            for (Map.Entry<String, JsonNode> entry : fields(root.get("gpuClassWeights"), "gpuClassWeights")) {
                String path = "gpuClassWeights." + entry.getKey();
                if (!entry.getKey().matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(entry.getKey()) > 255) {
                    throw new InvalidPolicyFileException(path, "a GPU class is an integer from 0 to 255");
                }
                weights.put(Integer.parseInt(entry.getKey()), amount(entry.getValue(), path));
            }
            weights.forEach((gpuClass, weight) -> calls.add(call("setGpuClassWeight", new Uint8(gpuClass), new Uint256(weight))));
        }
        if (root.has("rollupKindWeights")) {
            Map<String, BigInteger> weights = new TreeMap<>();
            for (Map.Entry<String, JsonNode> entry : fields(root.get("rollupKindWeights"), "rollupKindWeights")) {
                String path = "rollupKindWeights." + entry.getKey();
                if (entry.getKey().isBlank()) {
                    throw new InvalidPolicyFileException(path, "a rollup kind needs a name");
                }
                weights.put(entry.getKey(), amount(entry.getValue(), path));
            }
            weights.forEach((kind, weight) -> calls.add(call("setRollupKindWeight",
                    new Bytes32(Deployer.rollupKind(kind)), new Uint256(weight))));
        }
        if (root.has("recipientCapBps")) {
            BigInteger cap = integer(root.get("recipientCapBps"), "recipientCapBps", BigInteger.ONE, BigInteger.valueOf(BPS));
            calls.add(call("setRecipientCap", new Uint16(cap)));
        }
        if (root.has("minPayout")) {
            calls.add(call("setMinPayout", new Uint256(amount(root.get("minPayout"), "minPayout"))));
        }
        if (root.has("governanceMode")) {
            JsonNode mode = root.get("governanceMode");
            int ordinal;
            if (mode.isTextual() && mode.textValue().equals("linear")) {
                ordinal = 0;
            } else if (mode.isTextual() && mode.textValue().equals("squareRoot")) {
                ordinal = 1;
            } else {
                throw new InvalidPolicyFileException("governanceMode", "expected \"linear\" or \"squareRoot\", found " + mode);
            }
            calls.add(call("setGovernanceMode", new Uint8(ordinal)));
        }
        if (root.has("verifiers")) {
            verifiers(root.get("verifiers"), calls);
        }
        if (calls.isEmpty()) {
            throw new InvalidPolicyFileException("$", "no change: give at least one of " + FIELDS.subList(1, FIELDS.size()));
        }
        return new PolicyChange(description.textValue(), calls);
    }

    private static Function programSplit(JsonNode split) throws InvalidPolicyFileException {
        List<String> programs = List.of("depin", "rollup", "governance");
        if (split == null || !split.isObject()) {
            throw new InvalidPolicyFileException("programSplit", "expected an object with depin, rollup and governance (bps)");
        }
        known(split, "programSplit", programs);
        List<Uint16> bps = new ArrayList<>();
        int sum = 0;
        for (String program : programs) {
            if (!split.has(program)) {
                throw new InvalidPolicyFileException("programSplit." + program, "missing: the split sets all three programs");
            }
            BigInteger share = integer(split.get(program), "programSplit." + program, BigInteger.ZERO, BigInteger.valueOf(BPS));
            sum += share.intValueExact();
            bps.add(new Uint16(share));
        }
        if (sum != BPS) {
            throw new InvalidPolicyFileException("programSplit", "the shares sum to " + sum + " bps, not " + BPS);
        }
        return new Function("setProgramSplit", List.copyOf(bps), List.of());
    }

    private static void verifiers(JsonNode node, List<Function> calls) throws InvalidPolicyFileException {
        if (node == null || !node.isObject()) {
            throw new InvalidPolicyFileException("verifiers", "expected an object with \"add\" and/or \"remove\" lists");
        }
        known(node, "verifiers", List.of("add", "remove"));
        TreeSet<String> remove = addresses(node.get("remove"), "verifiers.remove");
        TreeSet<String> add = addresses(node.get("add"), "verifiers.add");
        for (String both : remove) {
            if (add.contains(both)) {
                throw new InvalidPolicyFileException("verifiers", both + " is both added and removed");
            }
        }
        remove.forEach(verifier -> calls.add(call("removeVerifier", new Address(verifier))));
        add.forEach(verifier -> calls.add(call("addVerifier", new Address(verifier))));
    }

    private static TreeSet<String> addresses(JsonNode list, String path) throws InvalidPolicyFileException {
        TreeSet<String> addresses = new TreeSet<>();
        if (list == null) {
            return addresses;
        }
        if (!list.isArray()) {
            throw new InvalidPolicyFileException(path, "expected a list of addresses");
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isTextual()) {
                throw new InvalidPolicyFileException(at, "expected an address string, found " + item);
            }
            ChecksumAddress address;
            try {
                address = ChecksumAddress.of(item.textValue());
            } catch (InvalidAddressException e) {
                throw new InvalidPolicyFileException(at, e.getMessage());
            }
            if (address.lowerCase().equals("0x0000000000000000000000000000000000000000")) {
                throw new InvalidPolicyFileException(at, "the zero address cannot be a verifier");
            }
            if (!addresses.add(address.toString())) {
                throw new InvalidPolicyFileException(at, address + " is listed twice");
            }
        }
        return addresses;
    }

    private static Function call(String name, org.web3j.abi.datatypes.Type<?>... arguments) {
        return new Function(name, List.of(arguments), List.of());
    }

    private static void known(JsonNode node, String path, List<String> allowed) throws InvalidPolicyFileException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidPolicyFileException(path.equals("$") ? name : path + "." + name,
                        "unknown field (known: " + allowed + ")");
            }
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node, String path) throws InvalidPolicyFileException {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new InvalidPolicyFileException(path, "expected a non-empty object of weights (decimal strings)");
        }
        return node::fields;
    }

    /** Amounts and weights are decimal strings in base units, as everywhere money is written. */
    private static BigInteger amount(JsonNode node, String path) throws InvalidPolicyFileException {
        if (node == null || !node.isTextual()) {
            throw new InvalidPolicyFileException(path, "expected a decimal string in base units, found " + node);
        }
        try {
            return Uint256Decimal.parse(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyFileException(path, e.getMessage());
        }
    }

    /** Small counters (seconds, bps) are JSON integers. */
    private static BigInteger integer(JsonNode node, String path, BigInteger min, BigInteger max)
            throws InvalidPolicyFileException {
        if (node == null || !node.isIntegralNumber()) {
            throw new InvalidPolicyFileException(path, "expected an integer, found " + node);
        }
        BigInteger value = node.bigIntegerValue();
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidPolicyFileException(path, value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }
}
