package dev.govengine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.policy.GovernanceMode;
import dev.govengine.rewards.policy.ScoringPolicy;
import dev.govengine.rewards.scoring.DepinReceipt;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.RollupEvent;
import dev.govengine.rewards.tree.Uint256Decimal;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code epoch compute} JSON (format in docs/REWARDS.md). Amounts and weights are decimal strings, as
 * everywhere money is written; small counters (bps, classes, seconds) are JSON integers. Every refusal names the
 * field's path, and unknown fields are refused too, so a misspelt key cannot silently fall back to a default.
 */
final class EpochFileReader {
    private static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private EpochFileReader() {
    }

    static EpochFile read(String text) throws InvalidEpochFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidEpochFileException("$", "not JSON: " + e.getOriginalMessage());
        }
        requireObject(root, "$", "epoch", "policy", "carryIn", "previousCumulative", "contributions");
        JsonNode policy = root.get("policy");
        requireObject(policy, "policy", "budgetPerEpoch", "split", "leftoverProgram", "recipientCapBps", "minPayout",
                "gpuClassWeights", "rollupKindWeights", "governanceMode");
        JsonNode contributions = root.get("contributions");
        requireObject(contributions, "contributions", "depin", "rollup", "governance");
        return new EpochFile(
                integer(root.get("epoch"), "epoch"),
                amount(policy.get("budgetPerEpoch"), "policy.budgetPerEpoch"),
                amount(root.get("carryIn"), "carryIn"),
                allocationPolicy(policy),
                scoringPolicy(policy),
                previousCumulative(root.get("previousCumulative")),
                depin(contributions.get("depin")),
                rollup(contributions.get("rollup")),
                governance(contributions.get("governance")));
    }

    private static AllocationPolicy allocationPolicy(JsonNode policy) throws InvalidEpochFileException {
        JsonNode split = policy.get("split");
        requireObject(split, "policy.split", "depin", "rollup", "governance");
        Map<Program, Integer> bps = new EnumMap<>(Program.class);
        for (Program program : Program.values()) {
            String name = programName(program);
            bps.put(program, smallInt(split.get(name), "policy.split." + name));
        }
        try {
            return new AllocationPolicy(bps, program(policy.get("leftoverProgram"), "policy.leftoverProgram"),
                    smallInt(policy.get("recipientCapBps"), "policy.recipientCapBps"),
                    amount(policy.get("minPayout"), "policy.minPayout"));
        } catch (IllegalArgumentException e) {
            throw new InvalidEpochFileException("policy", e.getMessage());
        }
    }

    private static ScoringPolicy scoringPolicy(JsonNode policy) throws InvalidEpochFileException {
        Map<Integer, BigInteger> gpuClassWeights = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : fields(policy.get("gpuClassWeights"), "policy.gpuClassWeights")) {
            String path = "policy.gpuClassWeights." + entry.getKey();
            int gpuClass;
            try {
                gpuClass = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw new InvalidEpochFileException(path, "a GPU class is a number 0..255");
            }
            if (gpuClass < 0 || gpuClass > 255) {
                throw new InvalidEpochFileException(path, "a GPU class is a number 0..255");
            }
            gpuClassWeights.put(gpuClass, amount(entry.getValue(), path));
        }
        Map<String, BigInteger> rollupKindWeights = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : fields(policy.get("rollupKindWeights"), "policy.rollupKindWeights")) {
            rollupKindWeights.put(entry.getKey(), amount(entry.getValue(), "policy.rollupKindWeights." + entry.getKey()));
        }
        JsonNode mode = policy.get("governanceMode");
        GovernanceMode governanceMode;
        if (mode != null && "linear".equals(mode.textValue())) {
            governanceMode = GovernanceMode.LINEAR;
        } else if (mode != null && "squareRoot".equals(mode.textValue())) {
            governanceMode = GovernanceMode.SQUARE_ROOT;
        } else {
            throw new InvalidEpochFileException("policy.governanceMode", "expected \"linear\" or \"squareRoot\", found " + mode);
        }
        return new ScoringPolicy(gpuClassWeights, rollupKindWeights, governanceMode);
    }

    private static CumulativeAmounts previousCumulative(JsonNode node) throws InvalidEpochFileException {
        Map<ChecksumAddress, BigInteger> amounts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : fields(node, "previousCumulative")) {
            String path = "previousCumulative." + entry.getKey();
            ChecksumAddress account = address(entry.getKey(), path);
            if (amounts.put(account, amount(entry.getValue(), path)) != null) {
                throw new InvalidEpochFileException(path, "account " + account + " appears twice");
            }
        }
        return CumulativeAmounts.of(amounts);
    }

    private static List<DepinReceipt> depin(JsonNode node) throws InvalidEpochFileException {
        List<DepinReceipt> receipts = new ArrayList<>();
        for (int i = 0; i < array(node, "contributions.depin").size(); i++) {
            String path = "contributions.depin[" + i + "]";
            JsonNode receipt = node.get(i);
            requireObject(receipt, path, "provider", "gpuClass", "gpuSeconds", "qualityBps");
            try {
                receipts.add(new DepinReceipt(address(receipt.get("provider"), path + ".provider"),
                        smallInt(receipt.get("gpuClass"), path + ".gpuClass"),
                        integer(receipt.get("gpuSeconds"), path + ".gpuSeconds"),
                        smallInt(receipt.get("qualityBps"), path + ".qualityBps")));
            } catch (IllegalArgumentException e) {
                throw new InvalidEpochFileException(path, e.getMessage());
            }
        }
        return receipts;
    }

    private static List<RollupEvent> rollup(JsonNode node) throws InvalidEpochFileException {
        List<RollupEvent> events = new ArrayList<>();
        for (int i = 0; i < array(node, "contributions.rollup").size(); i++) {
            String path = "contributions.rollup[" + i + "]";
            JsonNode event = node.get(i);
            // The amount is optional: most mapped events count once each.
            boolean hasAmount = event != null && event.has("amount");
            if (hasAmount) {
                requireObject(event, path, "contributor", "kind", "amount");
            } else {
                requireObject(event, path, "contributor", "kind");
            }
            if (!event.get("kind").isTextual() || event.get("kind").textValue().isBlank()) {
                throw new InvalidEpochFileException(path + ".kind", "expected a kind name such as \"sequencer\"");
            }
            events.add(new RollupEvent(address(event.get("contributor"), path + ".contributor"), event.get("kind").textValue(),
                    hasAmount ? amount(event.get("amount"), path + ".amount") : BigInteger.ONE));
        }
        return events;
    }

    private static List<GovernanceVote> governance(JsonNode node) throws InvalidEpochFileException {
        List<GovernanceVote> votes = new ArrayList<>();
        for (int i = 0; i < array(node, "contributions.governance").size(); i++) {
            String path = "contributions.governance[" + i + "]";
            JsonNode vote = node.get(i);
            requireObject(vote, path, "proposal", "voter", "weight");
            votes.add(new GovernanceVote(amount(vote.get("proposal"), path + ".proposal"),
                    address(vote.get("voter"), path + ".voter"), amount(vote.get("weight"), path + ".weight")));
        }
        return votes;
    }

    static String programName(Program program) {
        return program.name().toLowerCase(Locale.ROOT);
    }

    private static Program program(JsonNode node, String path) throws InvalidEpochFileException {
        for (Program program : Program.values()) {
            if (node != null && programName(program).equals(node.textValue())) {
                return program;
            }
        }
        throw new InvalidEpochFileException(path, "expected \"depin\", \"rollup\" or \"governance\", found " + node);
    }

    /** Requires an object holding exactly {@code keys}: all of them, and nothing else. */
    private static void requireObject(JsonNode node, String path, String... keys) throws InvalidEpochFileException {
        if (node == null || !node.isObject()) {
            throw new InvalidEpochFileException(path, "expected an object");
        }
        for (String key : keys) {
            if (!node.has(key)) {
                throw new InvalidEpochFileException(path, "\"" + key + "\" is missing");
            }
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!List.of(keys).contains(name)) {
                throw new InvalidEpochFileException(path + "." + name, "unknown field");
            }
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node, String path) throws InvalidEpochFileException {
        if (node == null || !node.isObject()) {
            throw new InvalidEpochFileException(path, "expected an object");
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }

    private static JsonNode array(JsonNode node, String path) throws InvalidEpochFileException {
        if (node == null || !node.isArray()) {
            throw new InvalidEpochFileException(path, "expected an array");
        }
        return node;
    }

    private static BigInteger amount(JsonNode node, String path) throws InvalidEpochFileException {
        if (node == null || !node.isTextual()) {
            throw new InvalidEpochFileException(path, "expected a decimal string in base units, found " + node);
        }
        try {
            return Uint256Decimal.parse(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidEpochFileException(path, e.getMessage());
        }
    }

    private static BigInteger integer(JsonNode node, String path) throws InvalidEpochFileException {
        if (node == null || !node.isIntegralNumber() || node.bigIntegerValue().signum() < 0) {
            throw new InvalidEpochFileException(path, "expected a JSON integer >= 0, found " + node);
        }
        return node.bigIntegerValue();
    }

    private static int smallInt(JsonNode node, String path) throws InvalidEpochFileException {
        if (node == null || !node.isInt()) {
            throw new InvalidEpochFileException(path, "expected a JSON integer, found " + node);
        }
        return node.intValue();
    }

    private static ChecksumAddress address(JsonNode node, String path) throws InvalidEpochFileException {
        if (node == null || !node.isTextual()) {
            throw new InvalidEpochFileException(path, "expected an address string, found " + node);
        }
        return address(node.textValue(), path);
    }

    private static ChecksumAddress address(String text, String path) throws InvalidEpochFileException {
        try {
            return ChecksumAddress.of(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEpochFileException(path, e.getMessage());
        }
    }
}
