package dev.govengine.rewards.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The committed trees that {@code contracts/test/merkle/build-tree.mjs} built with {@code @openzeppelin/merkle-tree}
 * (the same ones the Solidity fixture test claims against): the Java tree gives the same roots and proofs.
 */
class OzFixtureTest {
    @Test
    void rebuildsEveryFixtureRootAndProof() throws Exception {
        JsonNode fixture = new ObjectMapper().readTree(RepositoryFiles.resolve("contracts/test/fixtures/oz-tree.json").toFile());
        JsonNode trees = fixture.get("trees");
        List<String> names = new ArrayList<>();
        trees.fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(List.of("singleLeafMax", "twoLeaves", "sevenLeaves", "maxAmongOthers")), names.toString());
        for (String name : names) {
            JsonNode expected = trees.get(name);
            List<LeafValue> values = new ArrayList<>();
            for (JsonNode entry : expected.get("entries")) {
                values.add(new LeafValue(fixtureAccount(entry.get("account").asText()), new BigInteger(entry.get("amount").asText())));
            }
            StandardMerkleTree tree = StandardMerkleTree.of(values);
            assertEquals(expected.get("root").asText(), tree.root().toHex(), name + ": root");
            for (int i = 0; i < values.size(); i++) {
                List<String> proof = new ArrayList<>();
                expected.get("entries").get(i).get("proof").forEach(node -> proof.add(node.asText()));
                assertEquals(proof, tree.proof(i).stream().map(Bytes32::toHex).toList(), name + ": proof of entry " + i);
                assertEquals(proof, tree.proof(values.get(i).account()).stream().map(Bytes32::toHex).toList());
            }
        }
    }

    /**
     * The JS library hashes an address's 20 bytes and never checks its EIP-55 case, and one fixture address
     * (0x90F79bf6EB2c4F87...) carries a wrong checksum that {@link ChecksumAddress} rightly refuses; reading the
     * fixture by its bytes keeps the comparison about the tree.
     */
    private static ChecksumAddress fixtureAccount(String address) {
        return ChecksumAddress.of(address.toLowerCase(Locale.ROOT));
    }
}
