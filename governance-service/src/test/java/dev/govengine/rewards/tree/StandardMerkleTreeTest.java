package dev.govengine.rewards.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class StandardMerkleTreeTest {
    private static final ChecksumAddress A = ChecksumAddress.of("0x0000000000000000000000000000000000002001");
    private static final ChecksumAddress B = ChecksumAddress.of("0x0000000000000000000000000000000000002002");

    @Test
    void leafIsTheDoubleKeccakOfTheAbiEncoding() {
        String encoded = "0x" + "0".repeat(24) + "0000000000000000000000000000000000002001" + "0".repeat(63) + "1";
        byte[] expected = Hash.sha3(Hash.sha3(Numeric.hexStringToByteArray(encoded)));
        assertEquals(Numeric.toHexString(expected), StandardHashes.leafHash(new LeafValue(A, BigInteger.ONE)).toHex());
    }

    @Test
    void oneLeafIsItsOwnRootWithAnEmptyProof() {
        LeafValue only = new LeafValue(A, LeafValue.MAX_UINT256);
        StandardMerkleTree tree = StandardMerkleTree.of(List.of(only));
        assertEquals(StandardHashes.leafHash(only), tree.root());
        assertEquals(List.of(), tree.proof(0));
        assertEquals(0, tree.values().get(0).treeIndex());
        assertTrue(StandardMerkleTree.verify(tree.root(), only, List.of()));
    }

    @Test
    void twoLeavesHashAsASortedPairAndProveEachOther() {
        LeafValue a = new LeafValue(A, BigInteger.ONE);
        LeafValue b = new LeafValue(B, BigInteger.ZERO);
        StandardMerkleTree tree = StandardMerkleTree.of(List.of(a, b));
        Bytes32 leafA = StandardHashes.leafHash(a);
        Bytes32 leafB = StandardHashes.leafHash(b);
        assertEquals(StandardHashes.nodeHash(leafA, leafB), tree.root());
        assertEquals(StandardHashes.nodeHash(leafB, leafA), tree.root());
        assertEquals(List.of(leafB), tree.proof(A));
        assertEquals(List.of(leafA), tree.proof(B));
        Bytes32 lower = leafA.compareTo(leafB) < 0 ? leafA : leafB;
        Bytes32 higher = lower.equals(leafA) ? leafB : leafA;
        assertEquals(List.of(tree.root(), higher, lower), tree.tree(), "sorted leaf 0 (the lower hash) is stored last");
        assertFalse(StandardMerkleTree.verify(tree.root(), new LeafValue(A, BigInteger.TWO), tree.proof(A)));
    }

    @Test
    void refusesDuplicateAccountsEmptyTreesAndOutOfRangeAmounts() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StandardMerkleTree.of(List.of(
                new LeafValue(A, BigInteger.ONE), new LeafValue(B, BigInteger.ONE), new LeafValue(A, BigInteger.TWO))))
                .getMessage().contains("appears twice (values 0 and 2)"));
        assertThrows(IllegalArgumentException.class, () -> StandardMerkleTree.of(List.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LeafValue(A, BigInteger.valueOf(-1)))
                .getMessage().contains("negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LeafValue(A, LeafValue.MAX_UINT256.add(BigInteger.ONE)))
                .getMessage().contains("uint256"));
        assertThrows(IllegalArgumentException.class, () -> StandardMerkleTree.of(List.of(new LeafValue(A, BigInteger.ONE))).proof(B));
    }

    @Test
    void dumpHasTheLibrarysShape() {
        StandardMerkleTree tree = StandardMerkleTree.of(List.of(new LeafValue(A, BigInteger.ONE), new LeafValue(B, BigInteger.ZERO)));
        assertEquals("{\"format\":\"standard-v1\",\"leafEncoding\":[\"address\",\"uint256\"],\"tree\":["
                        + "\"0xcde5e6743d133e8bf40c782e0ad123c11d7d1dc77f6312a5bfb126a4742241ad\","
                        + "\"0x6484da572f9fab8f3543b3c5c581198ad3a375293fb2ff7369d15af999e25a35\","
                        + "\"0x0e2fdd469991917efab67678c307adbd4a865006fd0466f3f63b07b38c247a50\"],"
                        + "\"values\":[{\"value\":[\"0x0000000000000000000000000000000000002001\",\"1\"],\"treeIndex\":1},"
                        + "{\"value\":[\"0x0000000000000000000000000000000000002002\",\"0\"],\"treeIndex\":2}]}",
                StandardTreeDump.write(tree));
    }

    @Test
    void readingRefusesADumpWhoseTreeDoesNotFollowFromItsValues() {
        String dump = StandardTreeDump.write(StandardMerkleTree.of(List.of(new LeafValue(A, BigInteger.ONE), new LeafValue(B, BigInteger.ZERO))));
        assertTrue(assertThrows(InvalidTreeDumpException.class, () -> StandardTreeDump.read(dump.replace("\"1\"]", "\"2\"]")))
                .getMessage().contains("tree does not match its values"));
        assertTrue(assertThrows(InvalidTreeDumpException.class, () -> StandardTreeDump.read(dump.replace("\"treeIndex\":1", "\"treeIndex\":2")))
                .getMessage().contains("values[0].treeIndex is 2"));
        assertTrue(assertThrows(InvalidTreeDumpException.class, () -> StandardTreeDump.read(dump.replace("standard-v1", "simple-v1")))
                .getMessage().contains("format"));
        assertTrue(assertThrows(InvalidTreeDumpException.class, () -> StandardTreeDump.read(dump.replace("\"1\"]", "\"01\"]")))
                .getMessage().contains("leading zeros"));
        assertTrue(assertThrows(InvalidTreeDumpException.class, () -> StandardTreeDump.read(dump.replace("\"1\"]", "1]")))
                .getMessage().contains("two strings"));
        assertThrows(InvalidTreeDumpException.class, () -> StandardTreeDump.read("{"));
    }

    @Test
    void leavesThatShareTheirLeadingBytesAreOrderedByTheWholeHash() {
        // The sort orders by each hash's leading bits first; real hashes almost never tie there, so ties are made:
        // three groups of hashes equal in their first 8 bytes (one group also in all 32), in shuffled value order.
        int count = 600;
        Random random = new Random(7);
        byte[] hashes = new byte[count * MerkleCore.HASH];
        random.nextBytes(hashes);
        for (int i = 0; i < count; i++) {
            int group = random.nextInt(4);
            if (group > 0) {
                Arrays.fill(hashes, i * MerkleCore.HASH, i * MerkleCore.HASH + 8, (byte) (group * 0x40));
            }
            if (group == 3) {
                Arrays.fill(hashes, i * MerkleCore.HASH, i * MerkleCore.HASH + MerkleCore.HASH, (byte) 0xC0);
            }
        }
        Integer[] expected = new Integer[count];
        Arrays.setAll(expected, i -> i);
        // The library's order: ascending by the whole hash, equal hashes in the order given (a stable sort).
        Arrays.sort(expected, (a, b) -> Arrays.compareUnsigned(hashes, a * MerkleCore.HASH, a * MerkleCore.HASH + MerkleCore.HASH,
                hashes, b * MerkleCore.HASH, b * MerkleCore.HASH + MerkleCore.HASH));
        int[] treeIndexOfValue = new int[count];
        MerkleCore.sortedTree(hashes, count, treeIndexOfValue);
        for (int leaf = 0; leaf < count; leaf++) {
            assertEquals(2 * count - 2 - leaf, treeIndexOfValue[expected[leaf]], "leaf " + leaf);
        }
    }
}
