package dev.govengine.rewards.tree;

import dev.govengine.types.Bytes32;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The same tree as {@link StandardMerkleTree}, built from the leaf hashes alone, for a caller that holds its values
 * as text rather than as {@code LeafValue} objects: {@code merkle build} over a file of a million rows, where an
 * object graph per row cost more time and memory than the hashing. Hash each value with
 * {@link StandardHashes#leafHashOfEncoding}.
 */
public final class LeafHashTree {
    private final byte[] nodes;
    private final int[] treeIndexOfValue;

    private LeafHashTree(byte[] nodes, int[] treeIndexOfValue) {
        this.nodes = nodes;
        this.treeIndexOfValue = treeIndexOfValue;
    }

    /** The tree of {@code count} leaf hashes, 32 bytes each, in value order. */
    public static LeafHashTree of(byte[] leafHashes, int count) {
        int[] treeIndexOfValue = new int[count];
        return new LeafHashTree(MerkleCore.sortedTree(leafHashes, count, treeIndexOfValue), treeIndexOfValue);
    }

    public Bytes32 root() {
        return Bytes32.wrap(Arrays.copyOf(nodes, MerkleCore.HASH));
    }

    /**
     * Writes the {@code standard-v1} dump, the same bytes as {@link StandardTreeDump#write} for the same values. Value
     * {@code i}'s account, EIP-55 checksummed with its {@code 0x}, is the 42 ASCII bytes of {@code text} at
     * {@code accountAt[i]}; its amount, canonical decimal, the bytes from {@code amountAt[i]} to {@code amountEnd[i]}.
     */
    public void writeDump(OutputStream out, byte[] text, int[] accountAt, int[] amountAt, int[] amountEnd)
            throws IOException {
        DumpWriter.write(out, nodes, treeIndexOfValue.length, (segment, i) ->
                segment.value(i, text, accountAt[i], text, amountAt[i], amountEnd[i] - amountAt[i], treeIndexOfValue[i]));
    }
}
