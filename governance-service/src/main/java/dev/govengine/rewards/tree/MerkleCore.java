package dev.govengine.rewards.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The complete binary tree of {@code @openzeppelin/merkle-tree}'s {@code core}, laid out as a heap: node {@code i}
 * has children {@code 2i+1} and {@code 2i+2}, the root is at 0, and the leaves fill the end in reverse order.
 * Keeping the library's exact layout is what makes tree indexes and dumps interchangeable. The nodes are held in
 * one array of 32-byte slots: a million-leaf tree is then one 64 MB array instead of two million objects.
 */
final class MerkleCore {
    static final int HASH = 32;
    /** Below this many independent hashes, a task per core costs more than it saves. */
    static final int PARALLEL_THRESHOLD = 2048;
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private MerkleCore() {
    }

    /**
     * Builds the node array from leaf hashes in value order ({@code count} of them, 32 bytes each), sorted as
     * {@code StandardMerkleTree.of} sorts them: ascending, equal hashes in value order. {@code treeIndexOfValue}
     * receives each value's leaf index in the array.
     */
    static byte[] sortedTree(byte[] leafHashes, int count, int[] treeIndexOfValue) {
        if (count < 1) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        int[] order = sortedOrder(leafHashes, count);
        int length = 2 * count - 1;
        byte[] tree = new byte[length * HASH];
        for (int leafIndex = 0; leafIndex < count; leafIndex++) {
            int treeIndex = length - 1 - leafIndex;
            System.arraycopy(leafHashes, order[leafIndex] * HASH, tree, treeIndex * HASH, HASH);
            treeIndexOfValue[order[leafIndex]] = treeIndex;
        }
        hashInnerNodes(tree, length - count);
        return tree;
    }

    /**
     * The value indexes in the order of their hashes. A million boxed indexes sorted by a comparator over byte ranges
     * took most of a second; instead each hash's leading bits and its index share one long, so a primitive sort
     * orders them, and only hashes that agree in those leading bits (about one pair in a million leaves) are
     * compared further.
     */
    private static int[] sortedOrder(byte[] hashes, int count) {
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(count - 1));
        long indexMask = (1L << indexBits) - 1;
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            long leading = (long) BIG_ENDIAN_LONG.get(hashes, i * HASH);
            // Flipping the sign bit makes the signed sort order the unsigned one.
            keys[i] = ((leading >>> indexBits) << indexBits | i) ^ Long.MIN_VALUE;
        }
        Arrays.parallelSort(keys);
        int[] order = new int[count];
        int runStart = 0;
        for (int i = 0; i < count; i++) {
            order[i] = (int) (keys[i] & indexMask);
            if (i + 1 == count || (keys[i + 1] ^ keys[runStart]) >>> indexBits != 0) {
                if (i > runStart) {
                    sortRun(hashes, order, runStart, i + 1);
                }
                runStart = i + 1;
            }
        }
        return order;
    }

    /** Orders {@code order[from..to)}, in value order so far, by whole hash; stable, so equal hashes stay so. */
    private static void sortRun(byte[] hashes, int[] order, int from, int to) {
        Integer[] run = new Integer[to - from];
        for (int i = from; i < to; i++) {
            run[i - from] = order[i];
        }
        Arrays.sort(run, (a, b) -> Arrays.compareUnsigned(hashes, a * HASH, a * HASH + HASH, hashes, b * HASH, b * HASH + HASH));
        for (int i = from; i < to; i++) {
            order[i] = run[i - from];
        }
    }

    /**
     * Hashes the inner nodes {@code 0..innerCount-1} of a tree whose leaves are in place. Nodes {@code a..b} with
     * {@code 2a+1 > b} have all their children beyond {@code b}, so each such band is hashed on every core before
     * the band above it.
     */
    private static void hashInnerNodes(byte[] tree, int innerCount) {
        int high = innerCount - 1;
        while (high >= 0) {
            int low = (high + 1) / 2;
            int bandLow = low;
            int bandHigh = high;
            int slices = bandHigh - bandLow + 1 < PARALLEL_THRESHOLD ? 1 : Runtime.getRuntime().availableProcessors();
            IntStream.range(0, slices).parallel().forEach(slice -> {
                long span = bandHigh - bandLow + 1L;
                int from = (int) (bandLow + span * slice / slices);
                int to = (int) (bandLow + span * (slice + 1) / slices);
                for (int i = from; i < to; i++) {
                    StandardHashes.nodeHash(tree, leftChild(i) * HASH, tree, rightChild(i) * HASH, tree, i * HASH);
                }
            });
            high = low - 1;
        }
    }

    /** The siblings from the leaf at {@code treeIndex} up to the root ({@code getProof}), concatenated. */
    static byte[] getProof(byte[] tree, int treeIndex) {
        int nodes = tree.length / HASH;
        if (treeIndex < 0 || treeIndex >= nodes || leftChild(treeIndex) < nodes) {
            throw new IllegalArgumentException("tree index " + treeIndex + " is not a leaf");
        }
        int depth = 0;
        for (int index = treeIndex; index > 0; index = parent(index)) {
            depth++;
        }
        byte[] proof = new byte[depth * HASH];
        int at = 0;
        for (int index = treeIndex; index > 0; index = parent(index)) {
            System.arraycopy(tree, sibling(index) * HASH, proof, at, HASH);
            at += HASH;
        }
        return proof;
    }

    /** The root that {@code leaf} and the concatenated {@code proof} lead to ({@code processProof}). */
    static byte[] processProof(byte[] leaf, byte[] proof) {
        byte[] node = Arrays.copyOf(leaf, HASH);
        for (int at = 0; at < proof.length; at += HASH) {
            StandardHashes.nodeHash(node, 0, proof, at, node, 0);
        }
        return node;
    }

    private static int leftChild(int i) {
        return 2 * i + 1;
    }

    private static int rightChild(int i) {
        return 2 * i + 2;
    }

    private static int parent(int i) {
        return (i - 1) / 2;
    }

    private static int sibling(int i) {
        return i % 2 == 1 ? i + 1 : i - 1;
    }
}
