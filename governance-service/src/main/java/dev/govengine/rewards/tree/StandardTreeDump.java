package dev.govengine.rewards.tree;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code standard-v1} JSON dump of {@code @openzeppelin/merkle-tree}, written exactly as
 * {@code JSON.stringify(tree.dump())} writes it: compact, keys in the library's order, hashes in lower-case hex,
 * addresses as EIP-55, amounts as decimal strings. Equal trees therefore give equal bytes, and the JS library
 * loads what this writes.
 */
public final class StandardTreeDump {
    public static final String FORMAT = "standard-v1";

    private static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private StandardTreeDump() {
    }

    public static String write(StandardMerkleTree tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(tree, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Streams the dump as UTF-8, for trees whose dump is too large to hold as one string; {@code out} stays open. */
    public static void write(StandardMerkleTree tree, OutputStream out) {
        byte[] accounts = tree.accountTextArray();
        try {
            DumpWriter.write(out, tree.nodes(), tree.size(), (segment, i) -> segment.value(i, accounts,
                    i * StandardMerkleTree.ACCOUNT_CHARS, tree.value(i).amount(), tree.treeIndex(i)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the dump of a tree given as its node array (root first, 32 bytes a node) and its values, each with its
     * leaf's tree index, as a stored epoch holds them: no hash is taken, so the caller answers for their agreeing
     * (the store checks the dump's digest).
     */
    public static void write(byte[] nodes, List<IndexedValue> values, OutputStream out) {
        if (values.isEmpty() || nodes.length != (2L * values.size() - 1) * MerkleCore.HASH) {
            throw new IllegalArgumentException(nodes.length + " bytes of nodes are not the tree of " + values.size()
                    + " values");
        }
        try {
            DumpWriter.write(out, nodes, values.size(), (segment, i) -> {
                IndexedValue indexed = values.get(i);
                segment.value(i, indexed.value().account().toString(), indexed.value().amount(), indexed.treeIndex());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a dump and rebuilds its tree from the values; the dump is refused unless the rebuilt tree and leaf
     * indexes are exactly the ones it holds, so a tampered node or index cannot slip through.
     */
    public static StandardMerkleTree read(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidTreeDumpException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTreeDumpException("expected a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new InvalidTreeDumpException("format is " + root.get("format") + ", expected \"" + FORMAT + "\"");
        }
        List<String> encoding = new ArrayList<>();
        root.path("leafEncoding").forEach(type -> encoding.add(type.asText()));
        if (!encoding.equals(StandardMerkleTree.LEAF_ENCODING)) {
            throw new InvalidTreeDumpException("leafEncoding is " + root.get("leafEncoding") + ", expected [\"address\",\"uint256\"]");
        }
        List<Bytes32> nodes = readTree(root.path("tree"));
        JsonNode values = root.path("values");
        if (!values.isArray()) {
            throw new InvalidTreeDumpException("values must be an array");
        }
        List<LeafValue> leaves = new ArrayList<>();
        List<Integer> treeIndexes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode entry = values.get(i);
            leaves.add(readValue(entry.path("value"), i));
            JsonNode treeIndex = entry.path("treeIndex");
            if (!treeIndex.isInt()) {
                throw new InvalidTreeDumpException("values[" + i + "].treeIndex must be an integer");
            }
            treeIndexes.add(treeIndex.intValue());
        }
        StandardMerkleTree rebuilt;
        try {
            rebuilt = StandardMerkleTree.of(leaves);
        } catch (IllegalArgumentException e) {
            throw new InvalidTreeDumpException("values: " + e.getMessage(), e);
        }
        if (!rebuilt.tree().equals(nodes)) {
            throw new InvalidTreeDumpException("tree does not match its values (expected root " + rebuilt.root() + ")");
        }
        for (int i = 0; i < treeIndexes.size(); i++) {
            if (rebuilt.values().get(i).treeIndex() != treeIndexes.get(i)) {
                throw new InvalidTreeDumpException("values[" + i + "].treeIndex is " + treeIndexes.get(i)
                        + ", but its leaf is at " + rebuilt.values().get(i).treeIndex());
            }
        }
        return rebuilt;
    }

    private static List<Bytes32> readTree(JsonNode tree) {
        if (!tree.isArray()) {
            throw new InvalidTreeDumpException("tree must be an array");
        }
        List<Bytes32> nodes = new ArrayList<>(tree.size());
        for (int i = 0; i < tree.size(); i++) {
            try {
                nodes.add(Bytes32.fromHex(tree.get(i).isTextual() ? tree.get(i).textValue() : null));
            } catch (IllegalArgumentException e) {
                throw new InvalidTreeDumpException("tree[" + i + "]: " + e.getMessage(), e);
            }
        }
        return nodes;
    }

    private static LeafValue readValue(JsonNode value, int index) {
        if (!value.isArray() || value.size() != 2 || !value.get(0).isTextual() || !value.get(1).isTextual()) {
            throw new InvalidTreeDumpException("values[" + index + "].value must be [address, amount] as two strings");
        }
        try {
            return new LeafValue(ChecksumAddress.of(value.get(0).textValue()), Uint256Decimal.parse(value.get(1).textValue()));
        } catch (IllegalArgumentException e) {
            throw new InvalidTreeDumpException("values[" + index + "].value: " + e.getMessage(), e);
        }
    }
}
