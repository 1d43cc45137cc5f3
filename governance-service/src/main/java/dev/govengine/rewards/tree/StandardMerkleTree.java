package dev.govengine.rewards.tree;

import dev.govengine.chain.ChecksumAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java twin of {@code StandardMerkleTree.of(values, ["address","uint256"])} from {@code @openzeppelin/merkle-tree}:
 * the same leaves, the same sorted layout, the same root and proofs, and the values kept in the order given.
 * Each account appears once, because the distributor pays per account and a second leaf would be a second claim.
 */
public final class StandardMerkleTree {
    public static final List<String> LEAF_ENCODING = List.of("address", "uint256");

    private final List<Bytes32> tree;
    private final List<IndexedValue> values;
    private final Map<ChecksumAddress, Integer> valueIndexByAccount;

    private StandardMerkleTree(List<Bytes32> tree, List<IndexedValue> values, Map<ChecksumAddress, Integer> valueIndexByAccount) {
        this.tree = tree;
        this.values = values;
        this.valueIndexByAccount = valueIndexByAccount;
    }

    /** Builds the tree; leaves are sorted by hash, values keep their order. */
    public static StandardMerkleTree of(List<LeafValue> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one value");
        }
        Map<ChecksumAddress, Integer> indexByAccount = new HashMap<>();
        List<Bytes32> hashes = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            LeafValue value = values.get(i);
            Integer previous = indexByAccount.putIfAbsent(value.account(), i);
            if (previous != null) {
                throw new IllegalArgumentException("account " + value.account() + " appears twice (values "
                        + previous + " and " + i + ")");
            }
            hashes.add(StandardHashes.leafHash(value));
        }
        List<Integer> byHash = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            byHash.add(i);
        }
        byHash.sort(Comparator.comparing(hashes::get));
        List<Bytes32> sortedLeaves = new ArrayList<>(values.size());
        for (int valueIndex : byHash) {
            sortedLeaves.add(hashes.get(valueIndex));
        }
        List<Bytes32> tree = MerkleCore.makeMerkleTree(sortedLeaves);
        int[] treeIndexOfValue = new int[values.size()];
        for (int leafIndex = 0; leafIndex < byHash.size(); leafIndex++) {
            treeIndexOfValue[byHash.get(leafIndex)] = tree.size() - 1 - leafIndex;
        }
        List<IndexedValue> indexed = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            indexed.add(new IndexedValue(values.get(i), treeIndexOfValue[i]));
        }
        return new StandardMerkleTree(tree, List.copyOf(indexed), Map.copyOf(indexByAccount));
    }

    public Bytes32 root() {
        return tree.get(0);
    }

    /** The whole array, root first, as the dump's {@code tree}. */
    public List<Bytes32> tree() {
        return tree;
    }

    /** The values in the order they were given, each with its leaf's tree index. */
    public List<IndexedValue> values() {
        return values;
    }

    public int size() {
        return values.size();
    }

    /** The proof of the value at {@code valueIndex} (its position in {@link #values()}). */
    public List<Bytes32> proof(int valueIndex) {
        if (valueIndex < 0 || valueIndex >= values.size()) {
            throw new IndexOutOfBoundsException("value index " + valueIndex + " of " + values.size());
        }
        return MerkleCore.getProof(tree, values.get(valueIndex).treeIndex());
    }

    /** The proof of the value at {@code valueIndex}, its nodes concatenated: 32 bytes each, leaf side first. */
    public byte[] proofBytes(int valueIndex) {
        List<Bytes32> proof = proof(valueIndex);
        byte[] bytes = new byte[proof.size() * 32];
        for (int i = 0; i < proof.size(); i++) {
            System.arraycopy(proof.get(i).toArray(), 0, bytes, i * 32, 32);
        }
        return bytes;
    }

    /** The proof of {@code account}'s leaf. */
    public List<Bytes32> proof(ChecksumAddress account) {
        Integer valueIndex = valueIndexByAccount.get(account);
        if (valueIndex == null) {
            throw new IllegalArgumentException("account " + account + " is not in the tree");
        }
        return proof(valueIndex);
    }

    /** Whether {@code proof} proves {@code value} under {@code root}, as the distributor checks a claim. */
    public static boolean verify(Bytes32 root, LeafValue value, List<Bytes32> proof) {
        return root.equals(MerkleCore.processProof(StandardHashes.leafHash(value), proof));
    }
}
