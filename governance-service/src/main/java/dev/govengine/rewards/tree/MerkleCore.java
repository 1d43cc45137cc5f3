package dev.govengine.rewards.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * The complete binary tree of {@code @openzeppelin/merkle-tree}'s {@code core}, laid out in one array as a heap:
 * node {@code i} has children {@code 2i+1} and {@code 2i+2}, the root is at 0, and the leaves fill the end of the
 * array in reverse order. Keeping the library's exact layout is what makes tree indexes and dumps interchangeable.
 */
public final class MerkleCore {
    private MerkleCore() {
    }

    /** Builds the array from leaves already in the order the tree should hold them ({@code makeMerkleTree}). */
    public static List<Bytes32> makeMerkleTree(List<Bytes32> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        int length = 2 * leaves.size() - 1;
        Bytes32[] tree = new Bytes32[length];
        for (int i = 0; i < leaves.size(); i++) {
            tree[length - 1 - i] = leaves.get(i);
        }
        for (int i = length - 1 - leaves.size(); i >= 0; i--) {
            tree[i] = StandardHashes.nodeHash(tree[leftChild(i)], tree[rightChild(i)]);
        }
        return List.of(tree);
    }

    /** The siblings from the leaf at {@code treeIndex} up to the root ({@code getProof}). */
    public static List<Bytes32> getProof(List<Bytes32> tree, int treeIndex) {
        if (!isLeaf(tree, treeIndex)) {
            throw new IllegalArgumentException("tree index " + treeIndex + " is not a leaf");
        }
        List<Bytes32> proof = new ArrayList<>();
        int index = treeIndex;
        while (index > 0) {
            proof.add(tree.get(sibling(index)));
            index = parent(index);
        }
        return List.copyOf(proof);
    }

    /** The root that {@code leaf} and {@code proof} lead to ({@code processProof}). */
    public static Bytes32 processProof(Bytes32 leaf, List<Bytes32> proof) {
        Bytes32 node = leaf;
        for (Bytes32 sibling : proof) {
            node = StandardHashes.nodeHash(node, sibling);
        }
        return node;
    }

    private static boolean isLeaf(List<Bytes32> tree, int index) {
        return index >= 0 && index < tree.size() && leftChild(index) >= tree.size();
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
