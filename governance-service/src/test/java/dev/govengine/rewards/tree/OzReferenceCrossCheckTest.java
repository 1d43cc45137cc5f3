package dev.govengine.rewards.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * Byte compatibility with the reference: random value lists, including one leaf, two leaves, amount 0 and
 * 2^256-1, go through both {@code @openzeppelin/merkle-tree} (in node) and the Java tree, and the two dumps must be
 * the same string: same root, same node array, same values in the same order with the same tree indexes.
 */
class OzReferenceCrossCheckTest {
    private static final int RANDOM_TREES = 150;

    @Test
    void javaDumpEqualsTheLibrarysDumpForRandomTrees() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<List<LeafValue>> trees = new ArrayList<>();
        trees.add(List.of(new LeafValue(randomAccount(random), BigInteger.ZERO)));
        trees.add(List.of(new LeafValue(randomAccount(random), LeafValue.MAX_UINT256)));
        trees.add(List.of(new LeafValue(randomAccount(random), BigInteger.ZERO),
                new LeafValue(randomAccount(random), LeafValue.MAX_UINT256)));
        trees.add(List.of(new LeafValue(randomAccount(random), BigInteger.ONE),
                new LeafValue(randomAccount(random), BigInteger.ONE)));
        // Amounts on either side of a long's range, which the leaf hash writes in two ways, and the extreme addresses.
        trees.add(List.of(new LeafValue(ChecksumAddress.of("0x" + "0".repeat(40)), BigInteger.valueOf(Long.MAX_VALUE)),
                new LeafValue(ChecksumAddress.of("0x" + "f".repeat(40)), BigInteger.ONE.shiftLeft(63)),
                new LeafValue(randomAccount(random), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
                new LeafValue(randomAccount(random), BigInteger.ONE.shiftLeft(64))));
        for (int i = 0; i < RANDOM_TREES; i++) {
            int size = 1 + random.nextInt(i < RANDOM_TREES / 2 ? 8 : 200);
            List<LeafValue> values = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                values.add(new LeafValue(randomAccount(random), randomAmount(random)));
            }
            trees.add(values);
        }

        List<String> reference = OzReference.dumps(trees);

        for (int i = 0; i < trees.size(); i++) {
            assertEquals(reference.get(i), StandardTreeDump.write(StandardMerkleTree.of(trees.get(i))),
                    "tree " + i + " of " + trees.get(i).size() + " leaves (seed " + seed + ")");
        }
    }

    static ChecksumAddress randomAccount(Random random) {
        byte[] address = new byte[20];
        random.nextBytes(address);
        return ChecksumAddress.of(Numeric.toHexString(address));
    }

    static BigInteger randomAmount(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> LeafValue.MAX_UINT256;
            case 2 -> BigInteger.valueOf(random.nextInt(1000));
            default -> new BigInteger(1 + random.nextInt(256), random);
        };
    }
}
