package dev.govengine.rewards.tree;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;

/**
 * The bytes of a {@code standard-v1} dump, written straight into buffers. A dump holds only fixed keys, hex and
 * decimal digits, none of which JSON escapes, so a general JSON generator added nothing but a string per node: a
 * million-leaf dump is 250 MB of them. The nodes and the values are formatted in segments on every core, a few
 * segments at a time, and written in order.
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
    /** More than any one node or value needs: a value is at most 1 + 11 + 42 + 3 + 78 + 15 + 10 + 1 bytes. */
    private static final int LARGEST_ITEM = 256;
    private static final int ITEMS_PER_SEGMENT = 4096;
    /** Two segments a core at a time: a few MB of buffers however large the tree. */
    private static final int SEGMENTS_AT_ONCE = 2 * Runtime.getRuntime().availableProcessors();

    /** Writes item {@code index}, a node or a value, at the end of {@code segment}. */
    interface Item {
        void write(Segment segment, int index);
    }

    private DumpWriter() {
    }

    /**
     * Writes the dump of the node array {@code nodes} and its {@code valueCount} values, each written by
     * {@code values} with {@link Segment#value}, and flushes it; the stream stays open.
     */
    static void write(OutputStream out, byte[] nodes, int valueCount, Item values) throws IOException {
        out.write(HEAD);
        inSegments(out, nodes.length / MerkleCore.HASH, (segment, index) -> segment.node(nodes, index));
        out.write(VALUES);
        inSegments(out, valueCount, values);
        out.write(END);
        out.flush();
    }

    private static void inSegments(OutputStream out, int count, Item item) throws IOException {
        int segments = (count + ITEMS_PER_SEGMENT - 1) / ITEMS_PER_SEGMENT;
        Segment[] buffers = new Segment[Math.min(SEGMENTS_AT_ONCE, segments)];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new Segment(Math.min(count, ITEMS_PER_SEGMENT) * LARGEST_ITEM);
        }
        for (int first = 0; first < segments; first += buffers.length) {
            int start = first;
            int now = Math.min(buffers.length, segments - first);
            IntStream.range(0, now).parallel().forEach(i -> {
                Segment segment = buffers[i];
                segment.size = 0;
                int from = (start + i) * ITEMS_PER_SEGMENT;
                for (int index = from; index < Math.min(count, from + ITEMS_PER_SEGMENT); index++) {
                    item.write(segment, index);
                }
            });
            for (int i = 0; i < now; i++) {
                out.write(buffers[i].bytes, 0, buffers[i].size);
            }
        }
    }

    /** A run of nodes or values, formatted into its own buffer. */
    static final class Segment {
        private final byte[] bytes;
        private int size;

        private Segment(int capacity) {
            bytes = new byte[capacity];
        }

        private void node(byte[] nodes, int index) {
            if (index > 0) {
                bytes[size++] = ',';
            }
            bytes[size++] = '"';
            bytes[size++] = '0';
            bytes[size++] = 'x';
            for (int i = index * MerkleCore.HASH; i < (index + 1) * MerkleCore.HASH; i++) {
                bytes[size++] = HEX_DIGITS[(nodes[i] >> 4) & 0xF];
                bytes[size++] = HEX_DIGITS[nodes[i] & 0xF];
            }
            bytes[size++] = '"';
        }

        /**
         * Value {@code valueIndex}: its checksummed account and decimal amount as ASCII slices, and its leaf's tree
         * index.
         */
        void value(int valueIndex, byte[] account, int accountAt, byte[] amount, int amountAt, int amountLength,
                int treeIndex) {
            startValue(valueIndex);
            put(account, accountAt, StandardMerkleTree.ACCOUNT_CHARS);
            put(BETWEEN, 0, BETWEEN.length);
            put(amount, amountAt, amountLength);
            endValue(treeIndex);
        }

        /**
         * Value {@code valueIndex} from its checksummed account and its amount, written as they are read: an array
         * and a string per value made the dump of a million-leaf epoch, taken while it is stored, 170 MB of garbage.
         */
        void value(int valueIndex, String account, BigInteger amount, int treeIndex) {
            startValue(valueIndex);
            putAscii(account);
            endValue(amount, treeIndex);
        }

        /** Value {@code valueIndex} from its checksummed account's 42 ASCII bytes in {@code account} and its amount. */
        void value(int valueIndex, byte[] account, int accountAt, BigInteger amount, int treeIndex) {
            startValue(valueIndex);
            put(account, accountAt, StandardMerkleTree.ACCOUNT_CHARS);
            endValue(amount, treeIndex);
        }

        private void endValue(BigInteger amount, int treeIndex) {
            put(BETWEEN, 0, BETWEEN.length);
            if (amount.bitLength() < Long.SIZE) {
                writeDecimal(amount.longValue());
            } else {
                putAscii(Uint256Decimal.format(amount));
            }
            endValue(treeIndex);
        }

        private void startValue(int valueIndex) {
            if (valueIndex > 0) {
                bytes[size++] = ',';
            }
            put(VALUE_START, 0, VALUE_START.length);
        }

        private void endValue(int treeIndex) {
            put(TREE_INDEX, 0, TREE_INDEX.length);
            writeDecimal(treeIndex);
            bytes[size++] = '}';
        }

        /** The digits of a non-negative number. */
        private void writeDecimal(long value) {
            int digits = 1;
            for (long rest = value / 10; rest > 0; rest /= 10) {
                digits++;
            }
            size += digits;
            int at = size;
            do {
                bytes[--at] = (byte) ('0' + value % 10);
                value /= 10;
            } while (value > 0);
        }

        private void putAscii(String text) {
            for (int i = 0; i < text.length(); i++) {
                bytes[size++] = (byte) text.charAt(i);
            }
        }

        private void put(byte[] from, int at, int length) {
            System.arraycopy(from, at, bytes, size, length);
            size += length;
        }
    }
}
