package dev.govengine.rewards.tree;

import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.stream.IntStream;

/**
 * The Java twin of {@code StandardMerkleTree.of(values, ["address","uint256"])} from {@code @openzeppelin/merkle-tree}:
 * the same leaves, the same sorted layout, the same root and proofs, and the values kept in the order given.
 * Each account appears once, because the distributor pays per account and a second leaf would be a second claim.
 */
public final class StandardMerkleTree {
    public static final List<String> LEAF_ENCODING = List.of("address", "uint256");
    private static final int HASH = MerkleCore.HASH;

    /** Width of an account in {@link #accountText()}: {@code 0x} and 40 hex digits. */
    public static final int ACCOUNT_CHARS = 42;

    private final byte[] nodes;
    /**
     * A view of the values and their leaves' tree indexes: an object per value, a million of them live through an
     * epoch's store, were that many more for the collector to mark and copy.
     */
    private final IndexedValues values;
    /** The values' checksummed accounts, {@link #ACCOUNT_CHARS} ASCII bytes each, in value order. */
    private final byte[] accountText;
    /** Built on the first look-up by account: an epoch's store and dump go by value index and never need it. */
    private volatile Map<ChecksumAddress, Integer> valueIndexByAccount;

    private StandardMerkleTree(byte[] nodes, IndexedValues values, byte[] accountText) {
        this.nodes = nodes;
        this.values = values;
        this.accountText = accountText;
    }

    /** Builds the tree; leaves are sorted by hash, values keep their order. */
    public static StandardMerkleTree of(List<LeafValue> values) {
        return of(values, accountText(values));
    }

    /**
     * As {@link #of(List)}, with the values' {@link #accountText(List)} taken already: an epoch's store sends its
     * rows from that text while this tree is still being hashed, and the tree keeps the same array.
     */
    public static StandardMerkleTree of(List<LeafValue> values, byte[] accountText) {
        int n = values.size();
        if (n == 0) {
            throw new IllegalArgumentException("a Merkle tree needs at least one value");
        }
        if (accountText.length != n * ACCOUNT_CHARS) {
            throw new IllegalArgumentException("the account text holds " + accountText.length + " bytes, not "
                    + n * ACCOUNT_CHARS + " for " + n + " values");
        }
        if (!inAddressOrder(values)) {
            indexByAccount(values);
        }
        int[] treeIndexOfValue = new int[n];
        byte[] nodes = MerkleCore.sortedTree(leafHashes(values), n, treeIndexOfValue);
        return new StandardMerkleTree(nodes, new IndexedValues(List.copyOf(values), treeIndexOfValue), accountText);
    }

    /**
     * The values' checksummed accounts as ASCII, {@link #ACCOUNT_CHARS} bytes each in value order, copied out once on
     * every core: an epoch's store reads them three times (row order, rows, dump), and reading them from a million
     * strings scattered over the heap was most of the store's own CPU.
     */
    public static byte[] accountText(List<LeafValue> values) {
        int n = values.size();
        byte[] accountText = new byte[n * ACCOUNT_CHARS];
        inSlices(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                String account = values.get(i).account().toString();
                for (int c = 0; c < ACCOUNT_CHARS; c++) {
                    accountText[i * ACCOUNT_CHARS + c] = (byte) account.charAt(c);
                }
            }
        });
        return accountText;
    }

    /** Work on the values {@code from} (inclusive) to {@code to}, one slice of them. */
    @FunctionalInterface
    private interface SliceWork {
        void run(int from, int to);
    }

    /** {@code n} values cut into one slice per core (one slice when they are few), the slices run in parallel. */
    private static void inSlices(int n, SliceWork work) {
        int slices = Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, n / MerkleCore.PARALLEL_THRESHOLD));
        IntStream.range(0, slices).parallel().forEach(slice ->
                work.run((int) ((long) n * slice / slices), (int) ((long) n * (slice + 1) / slices)));
    }

    private static final class IndexedValues extends AbstractList<IndexedValue> implements RandomAccess {
        private final List<LeafValue> values;
        private final int[] treeIndexOfValue;

        IndexedValues(List<LeafValue> values, int[] treeIndexOfValue) {
            this.values = values;
            this.treeIndexOfValue = treeIndexOfValue;
        }

        @Override
        public IndexedValue get(int index) {
            return new IndexedValue(values.get(index), treeIndexOfValue[index]);
        }

        @Override
        public int size() {
            return treeIndexOfValue.length;
        }
    }

    /** Strictly ascending accounts, as an epoch's tree has them, cannot repeat: no map is needed to check that. */
    private static boolean inAddressOrder(List<LeafValue> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i - 1).account().compareTo(values.get(i).account()) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Each account's value index; refuses an account that appears twice. */
    private static Map<ChecksumAddress, Integer> indexByAccount(List<LeafValue> values) {
        Map<ChecksumAddress, Integer> indexByAccount = new HashMap<>(values.size() * 4 / 3 + 1);
        for (int i = 0; i < values.size(); i++) {
            Integer previous = indexByAccount.putIfAbsent(values.get(i).account(), i);
            if (previous != null) {
                throw new IllegalArgumentException("account " + values.get(i).account() + " appears twice (values "
                        + previous + " and " + i + ")");
            }
        }
        return indexByAccount;
    }

    /** Two hashes per leaf make the leaves most of the work: they are hashed on every core. */
    private static byte[] leafHashes(List<LeafValue> values) {
        int n = values.size();
        byte[] hashes = new byte[n * HASH];
        inSlices(n, (from, to) -> {
            byte[] scratch = new byte[2 * HASH];
            for (int i = from; i < to; i++) {
                StandardHashes.leafHash(values.get(i), scratch, hashes, i * HASH);
            }
        });
        return hashes;
    }

    public Bytes32 root() {
        return node(0);
    }

    /** The whole array, root first, as the dump's {@code tree}. */
    public List<Bytes32> tree() {
        return new AbstractList<>() {
            @Override
            public Bytes32 get(int index) {
                return node(index);
            }

            @Override
            public int size() {
                return nodes.length / HASH;
            }
        };
    }

    /**
     * The node array, root first, 32 bytes a node (the dump's {@code tree} as bytes), read in place: an epoch's store
     * writes it whole without copying 64 MB.
     */
    public InputStream nodeStream() {
        return new ByteArrayInputStream(nodes);
    }

    /** The node array itself, for the dump: not to be changed. */
    byte[] nodes() {
        return nodes;
    }

    /**
     * The values' checksummed accounts as ASCII, {@link #ACCOUNT_CHARS} bytes each in value order (value {@code i}'s
     * at {@code i * ACCOUNT_CHARS}), read in place.
     */
    public ByteBuffer accountText() {
        return ByteBuffer.wrap(accountText).asReadOnlyBuffer();
    }

    /** The account text itself, for the dump: not to be changed. */
    byte[] accountTextArray() {
        return accountText;
    }

    private Bytes32 node(int index) {
        return Bytes32.wrap(Arrays.copyOfRange(nodes, index * HASH, index * HASH + HASH));
    }

    /** The values in the order they were given, each with its leaf's tree index. */
    public List<IndexedValue> values() {
        return values;
    }

    /**
     * The value at {@code valueIndex} in {@link #values()}, read without the pair's object: an epoch's store reads a
     * million of them, and the pairs were 28 MB of its garbage.
     */
    public LeafValue value(int valueIndex) {
        return values.values.get(valueIndex);
    }

    /**
     * Each value's tree index, 4 bytes big-endian in value order: stored beside the node array, it lets an epoch's
     * leaf rows, which carry their value index, go in before the tree is hashed.
     */
    public InputStream treeIndexStream() {
        int[] treeIndexOfValue = values.treeIndexOfValue;
        ByteBuffer bytes = ByteBuffer.allocate(treeIndexOfValue.length * Integer.BYTES);
        bytes.asIntBuffer().put(treeIndexOfValue);
        return new ByteArrayInputStream(bytes.array());
    }

    /** The tree index of the leaf of the value at {@code valueIndex}, as {@link #value(int)} reads it. */
    public int treeIndex(int valueIndex) {
        return values.treeIndexOfValue[valueIndex];
    }

    public int size() {
        return values.size();
    }

    /** The proof of the value at {@code valueIndex} (its position in {@link #values()}). */
    public List<Bytes32> proof(int valueIndex) {
        byte[] proof = proofBytes(valueIndex);
        List<Bytes32> nodes = new ArrayList<>(proof.length / HASH);
        for (int at = 0; at < proof.length; at += HASH) {
            nodes.add(Bytes32.wrap(Arrays.copyOfRange(proof, at, at + HASH)));
        }
        return List.copyOf(nodes);
    }

    /** The proof of the value at {@code valueIndex}, its nodes concatenated: 32 bytes each, leaf side first. */
    public byte[] proofBytes(int valueIndex) {
        if (valueIndex < 0 || valueIndex >= values.size()) {
            throw new IndexOutOfBoundsException("value index " + valueIndex + " of " + values.size());
        }
        return MerkleCore.getProof(nodes, treeIndex(valueIndex));
    }

    /** The proof of {@code account}'s leaf. */
    public List<Bytes32> proof(ChecksumAddress account) {
        Map<ChecksumAddress, Integer> byAccount = valueIndexByAccount;
        if (byAccount == null) {
            byAccount = indexByAccount(values.stream().map(IndexedValue::value).toList());
            valueIndexByAccount = byAccount;
        }
        Integer valueIndex = byAccount.get(account);
        if (valueIndex == null) {
            throw new IllegalArgumentException("account " + account + " is not in the tree");
        }
        return proof(valueIndex);
    }

    /** Whether {@code proof} proves {@code value} under {@code root}, as the distributor checks a claim. */
    public static boolean verify(Bytes32 root, LeafValue value, List<Bytes32> proof) {
        byte[] nodes = new byte[proof.size() * HASH];
        for (int i = 0; i < proof.size(); i++) {
            System.arraycopy(proof.get(i).toArray(), 0, nodes, i * HASH, HASH);
        }
        return root.equals(Bytes32.wrap(MerkleCore.processProof(StandardHashes.leafHash(value).toArray(), nodes)));
    }
}
