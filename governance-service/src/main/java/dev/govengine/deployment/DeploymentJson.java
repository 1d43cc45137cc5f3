package dev.govengine.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The deployment JSON (docs/DEPLOYMENT.md): written by the deployer, read by the service. The tree is built and
 * walked by hand rather than bound to the records, so that every problem in a hand-edited file is reported with
 * the path of the field that is wrong.
 */
public final class DeploymentJson {
    /** The shape's version; a reader refuses any other, so a future change of shape cannot be misread. */
    public static final int FORMAT = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern TRANSACTION_HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

    private DeploymentJson() {
    }

    public static void write(Deployment deployment, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, toJson(deployment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static String toJson(Deployment deployment) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("chainId", deployment.chainId());
        ObjectNode contracts = root.putObject("contracts");
        for (Map.Entry<String, DeployedContract> entry : deployment.contracts().entrySet()) {
            DeployedContract contract = entry.getValue();
            ObjectNode node = contracts.putObject(entry.getKey());
            node.put("address", contract.address().toString());
            node.put("block", contract.block());
            node.put("transactionHash", contract.transactionHash());
        }
        Deployment.Settings settings = deployment.settings();
        ObjectNode settingsNode = root.putObject("settings");
        settingsNode.put("updater", settings.updater().toString());
        settingsNode.put("guardian", settings.guardian().toString());
        ArrayNode verifiers = settingsNode.putArray("verifiers");
        settings.verifiers().forEach(verifier -> verifiers.add(verifier.toString()));
        settingsNode.put("timelockDelaySeconds", settings.timelockDelaySeconds().toString());
        settingsNode.put("votingDelayBlocks", settings.votingDelayBlocks().toString());
        settingsNode.put("votingPeriodBlocks", settings.votingPeriodBlocks().toString());
        settingsNode.put("disputePeriodSeconds", settings.disputePeriodSeconds().toString());
        settingsNode.put("resolutionPeriodSeconds", settings.resolutionPeriodSeconds().toString());
        settingsNode.put("minDisputeBond", settings.minDisputeBond().toString());
        settingsNode.put("disputeBond", settings.disputeBond().toString());
        settingsNode.put("maxEpochSkip", settings.maxEpochSkip().toString());
        settingsNode.put("policyMinEpochLengthSeconds", settings.policyMinEpochLengthSeconds().toString());
        settingsNode.put("rollupPermissionless", settings.rollupPermissionless());
        settingsNode.put("rewardFunding", settings.rewardFunding().toString());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    /** Reads and validates a deployment file; {@link InvalidDeploymentException} names the first bad field. */
    public static Deployment read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidDeploymentException("no such file " + file, e);
        } catch (IOException e) {
            throw new InvalidDeploymentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text);
    }

    public static Deployment parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDeploymentException("not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDeploymentException("not a JSON object");
        }
        long format = integer(root, "format", "format");
        if (format != FORMAT) {
            throw new InvalidDeploymentException("format: " + format + " is not supported (expected " + FORMAT + ")");
        }
        long chainId = integer(root, "chainId", "chainId");
        if (chainId < 1) {
            throw new InvalidDeploymentException("chainId: must be at least 1, was " + chainId);
        }
        JsonNode contracts = object(root, "contracts", "contracts");
        List<DeployedContract> deployed = new ArrayList<>();
        for (String name : Deployment.CONTRACT_NAMES) {
            deployed.add(contract(object(contracts, name, "contracts." + name), "contracts." + name));
        }
        JsonNode settings = object(root, "settings", "settings");
        return new Deployment(chainId, deployed.get(0), deployed.get(1), deployed.get(2), deployed.get(3),
                deployed.get(4), deployed.get(5), new Deployment.Settings(
                        address(settings, "updater", "settings.updater"),
                        address(settings, "guardian", "settings.guardian"),
                        verifiers(settings),
                        quantity(settings, "timelockDelaySeconds", "settings.timelockDelaySeconds"),
                        quantity(settings, "votingDelayBlocks", "settings.votingDelayBlocks"),
                        quantity(settings, "votingPeriodBlocks", "settings.votingPeriodBlocks"),
                        quantity(settings, "disputePeriodSeconds", "settings.disputePeriodSeconds"),
                        quantity(settings, "resolutionPeriodSeconds", "settings.resolutionPeriodSeconds"),
                        quantity(settings, "minDisputeBond", "settings.minDisputeBond"),
                        quantity(settings, "disputeBond", "settings.disputeBond"),
                        quantity(settings, "maxEpochSkip", "settings.maxEpochSkip"),
                        quantity(settings, "policyMinEpochLengthSeconds", "settings.policyMinEpochLengthSeconds"),
                        bool(settings, "rollupPermissionless", "settings.rollupPermissionless"),
                        quantity(settings, "rewardFunding", "settings.rewardFunding")));
    }

    private static DeployedContract contract(JsonNode node, String path) {
        long block = integer(node, "block", path + ".block");
        if (block < 0) {
            throw new InvalidDeploymentException(path + ".block: must not be negative, was " + block);
        }
        String hash = text(node, "transactionHash", path + ".transactionHash");
        if (!TRANSACTION_HASH.matcher(hash).matches()) {
            throw new InvalidDeploymentException(path + ".transactionHash: '" + hash
                    + "' is not a transaction hash: expected 0x followed by 64 hex digits");
        }
        return new DeployedContract(address(node, "address", path + ".address"), block, hash);
    }

    private static List<ChecksumAddress> verifiers(JsonNode settings) {
        JsonNode array = settings.get("verifiers");
        if (array == null || !array.isArray()) {
            throw new InvalidDeploymentException("settings.verifiers: " + (array == null ? "is missing" : "must be an array"));
        }
        List<ChecksumAddress> verifiers = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            verifiers.add(address(array.get(i), "settings.verifiers[" + i + "]"));
        }
        return verifiers;
    }

    private static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw new InvalidDeploymentException(path + ": is missing");
        }
        if (!node.isObject()) {
            throw new InvalidDeploymentException(path + ": must be an object");
        }
        return node;
    }

    private static long integer(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw new InvalidDeploymentException(path + ": is missing");
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new InvalidDeploymentException(path + ": '" + node + "' is not an integer");
        }
        return node.asLong();
    }

    private static boolean bool(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw new InvalidDeploymentException(path + ": is missing");
        }
        if (!node.isBoolean()) {
            throw new InvalidDeploymentException(path + ": must be true or false");
        }
        return node.asBoolean();
    }

    private static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw new InvalidDeploymentException(path + ": is missing");
        }
        if (!node.isTextual()) {
            throw new InvalidDeploymentException(path + ": must be a string");
        }
        return node.asText();
    }

    private static ChecksumAddress address(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw new InvalidDeploymentException(path + ": is missing");
        }
        return address(node, path);
    }

    private static ChecksumAddress address(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidDeploymentException(path + ": must be a string");
        }
        try {
            return ChecksumAddress.of(node.asText());
        } catch (InvalidAddressException e) {
            throw new InvalidDeploymentException(path + ": " + e.getMessage(), e);
        }
    }

    /** Quantities are decimal strings, as in the GraphQL API, because a JSON number loses precision past 2^53. */
    private static BigInteger quantity(JsonNode parent, String field, String path) {
        String value = text(parent, field, path);
        if (!DECIMAL.matcher(value).matches()) {
            throw new InvalidDeploymentException(path + ": '" + value + "' is not a non-negative decimal integer");
        }
        return new BigInteger(value);
    }
}
