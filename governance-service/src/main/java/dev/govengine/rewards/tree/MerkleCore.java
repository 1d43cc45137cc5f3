package dev.govengine.rewards.tree;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The complete binary tree of {@code @openzeppelin/merkle-tree}'s {@code core}, laid out as a heap: node {@code i}
 * has children {@code 2i+1} and {@code 2i+2}, the root is at 0, and the leaves fill the end in reverse order.
 * Keeping the library's exact layout is what makes tree indexes and dumps interchangeable. The nodes are held in
 * one array of 32-byte slots: a million-leaf tree is then one 64 MB array instead of two million objects.
 */
final class MerkleCore {
    static final int HASH = 32;

    private MerkleCore() {
    }

    /**
     * Builds the node array from leaves already in the order the tree should hold them ({@code makeMerkleTree}):
     * {@code leaves} holds {@code count} hashes, 32 bytes each.
     */
    static byte[] makeMerkleTree(byte[] leaves, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        int length = 2 * count - 1;
        byte[] tree = new byte[length * HASH];
        for (int i = 0; i < count; i++) {
            System.arraycopy(leaves, i * HASH, tree, (length - 1 - i) * HASH, HASH);
        }
        KeccakDigest keccak = new KeccakDigest(256);
        for (int i = length - 1 - count; i >= 0; i--) {
            StandardHashes.nodeHash(tree, leftChild(i) * HASH, tree, rightChild(i) * HASH, keccak, tree, i * HASH);
        }
        return tree;
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
        KeccakDigest keccak = new KeccakDigest(256);
        for (int at = 0; at < proof.length; at += HASH) {
            StandardHashes.nodeHash(node, 0, proof, at, keccak, node, 0);
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
