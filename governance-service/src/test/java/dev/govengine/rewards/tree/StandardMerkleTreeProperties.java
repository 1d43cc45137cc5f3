package dev.govengine.rewards.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.types.Bytes32;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class StandardMerkleTreeProperties {
    @Provide
    Arbitrary<List<LeafValue>> values() {
        return TreeArbitraries.leafLists(80);
    }

    @Property(tries = 300)
    void everyLeafsProofVerifiesAndNoOtherAmountDoes(@ForAll("values") List<LeafValue> values) {
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        for (int i = 0; i < values.size(); i++) {
            LeafValue value = values.get(i);
            List<Bytes32> proof = tree.proof(value.account());
            assertTrue(StandardMerkleTree.verify(tree.root(), value, proof), "value " + i);
            BigInteger other = value.amount().equals(LeafValue.MAX_UINT256) ? BigInteger.ZERO : value.amount().add(BigInteger.ONE);
            assertFalse(StandardMerkleTree.verify(tree.root(), new LeafValue(value.account(), other), proof));
        }
    }

    @Property(tries = 300)
    void dumpParseDumpIsByteIdentical(@ForAll("values") List<LeafValue> values) {
        String dump = StandardTreeDump.write(StandardMerkleTree.of(values));
        StandardMerkleTree parsed = StandardTreeDump.read(dump);
        assertEquals(dump, StandardTreeDump.write(parsed));
        assertEquals(values, parsed.values().stream().map(IndexedValue::value).toList());
    }

    @Property(tries = 300)
    void orderOfTheValuesChangesNeitherRootNorTreeNorProofs(@ForAll("values") List<LeafValue> values, @ForAll long shuffleSeed) {
        List<LeafValue> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        StandardMerkleTree other = StandardMerkleTree.of(shuffled);
        assertEquals(tree.root(), other.root());
        assertEquals(tree.tree(), other.tree());
        for (LeafValue value : values) {
            assertEquals(tree.proof(value.account()), other.proof(value.account()));
        }
    }
}
