package dev.govengine.rewards.tree;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@code standard-v1} dump, written straight into a buffer. A dump holds only fixed keys, hex and
 * decimal digits, none of which JSON escapes, so a general JSON generator added nothing but a string per node: a
 * million-leaf dump is 250 MB of them.
 */
final class DumpWriter {
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD = ("{\"format\":\"" + StandardTreeDump.FORMAT + "\",\"leafEncoding\":[\""
            + String.join("\",\"", StandardMerkleTree.LEAF_ENCODING) + "\"],\"tree\":[").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUES = "],\"values\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE_START = "{\"value\":[\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BETWEEN = "\",\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TREE_INDEX = "\"],\"treeIndex\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "]}".getBytes(StandardCharsets.US_ASCII);
    /** More than any one write below needs: a value is at most 42 + 78 + 41 bytes. */
    private static final int LARGEST_WRITE = 256;

    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int size;
    private boolean firstValue = true;

    /** Writes everything up to the values: the format, the encoding and the node array. */
    DumpWriter(OutputStream out, byte[] nodes) throws IOException {
        this.out = out;
        put(HEAD, 0, HEAD.length);
        for (int at = 0; at < nodes.length; at += MerkleCore.HASH) {
            room();
            if (at > 0) {
                buffer[size++] = ',';
            }
            buffer[size++] = '"';
            buffer[size++] = '0';
            buffer[size++] = 'x';
            for (int i = at; i < at + MerkleCore.HASH; i++) {
                buffer[size++] = HEX_DIGITS[(nodes[i] >> 4) & 0xF];
                buffer[size++] = HEX_DIGITS[nodes[i] & 0xF];
            }
            buffer[size++] = '"';
        }
        put(VALUES, 0, VALUES.length);
    }

    /** The next value: its checksummed account and decimal amount as ASCII slices, and its leaf's tree index. */
    void value(byte[] account, int accountAt, byte[] amount, int amountAt, int amountLength, int treeIndex)
            throws IOException {
        room();
        if (!firstValue) {
            buffer[size++] = ',';
        }
        firstValue = false;
        put(VALUE_START, 0, VALUE_START.length);
        put(account, accountAt, 42);
        put(BETWEEN, 0, BETWEEN.length);
        put(amount, amountAt, amountLength);
        put(TREE_INDEX, 0, TREE_INDEX.length);
        writeDecimal(treeIndex);
        buffer[size++] = '}';
    }

    /** Closes the dump and flushes it; the stream stays open. */
    void end() throws IOException {
        put(END, 0, END.length);
        out.write(buffer, 0, size);
        out.flush();
        size = 0;
    }

    /** The digits of a non-negative index. */
    private void writeDecimal(int value) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        size += digits;
        int at = size;
        do {
            buffer[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
    }

    private void put(byte[] bytes, int from, int length) {
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
    }

    private void room() throws IOException {
        if (buffer.length - size < LARGEST_WRITE) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }
}
