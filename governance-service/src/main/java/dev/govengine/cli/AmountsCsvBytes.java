package dev.govengine.cli;

import dev.govengine.rewards.tree.Keccak256;
import dev.govengine.rewards.tree.StandardHashes;
import dev.govengine.types.LeafValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The {@code merkle build} input read as bytes, for the file of a million rows: no string, address or amount object
 * per row, each address checksummed in place in the file's own bytes (which the dump then copies), and the file cut
 * into chunks at line starts that are parsed and hashed on every core. It takes only the plain form: the header, then
 * rows {@code 0x<40 hex>,<decimal>} with LF or CRLF line ends, all valid. Anything else, spaces around a field or an
 * error of any kind, gives {@code null}, and the command reads the file again through {@link AmountsCsv}, which
 * accepts the rest of the format and names the first bad line and its fault.
 */
final class AmountsCsvBytes {
    private static final byte[] HEADER = AmountsCsv.HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int HASH = 32;
    /** 2^256-1 has 78 digits. */
    private static final int MAX_DIGITS = 78;
    /** About 900 rows: chunks small enough that every core stays busy to the end, and a test's file has several. */
    private static final int CHUNK_BYTES = 1 << 16;
    /** Each hex digit's value, -1 for any other byte. */
    private static final byte[] HEX_VALUE = new byte[256];
    private static final long[] POWERS_OF_TEN = new long[10];
    private static final long LIMB = 0xFFFF_FFFFL;
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    static {
        Arrays.fill(HEX_VALUE, (byte) -1);
        for (int digit = 0; digit < 16; digit++) {
            HEX_VALUE["0123456789abcdef".charAt(digit)] = (byte) digit;
            HEX_VALUE["0123456789ABCDEF".charAt(digit)] = (byte) digit;
        }
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /** The file's bytes, with every account rewritten in its EIP-55 form. */
    final byte[] text;
    final int count;
    final int[] accountAt;
    final int[] amountAt;
    final int[] amountEnd;
    /** Each row's leaf hash, 32 bytes each, in row order. */
    final byte[] leafHashes;
    final BigInteger total;

    private AmountsCsvBytes(byte[] text, int count, int[] accountAt, int[] amountAt, int[] amountEnd, byte[] leafHashes,
            BigInteger total) {
        this.text = text;
        this.count = count;
        this.accountAt = accountAt;
        this.amountAt = amountAt;
        this.amountEnd = amountEnd;
        this.leafHashes = leafHashes;
        this.total = total;
    }

    /** The rows of {@code text}, which it changes; {@code null} unless the file is in the plain form and valid. */
    static AmountsCsvBytes read(byte[] text) {
        int at = startsWith(text, 0, BYTE_ORDER_MARK) ? BYTE_ORDER_MARK.length : 0;
        if (!startsWith(text, at, HEADER)) {
            return null;
        }
        at = lineEnd(text, at + HEADER.length);
        if (at < 0 || at == text.length) {
            return null;
        }
        int[] chunkAt = chunks(text, at);
        int chunks = chunkAt.length - 1;
        int[] firstRow = new int[chunks + 1];
        IntStream.range(0, chunks).parallel().forEach(c -> firstRow[c + 1] = lineStarts(text, chunkAt[c], chunkAt[c + 1]));
        Arrays.parallelPrefix(firstRow, Integer::sum);
        Rows rows = new Rows(text, firstRow[chunks]);
        long[][] limbTotals = new long[chunks][];
        boolean valid = IntStream.range(0, chunks).parallel()
                .allMatch(c -> rows.read(chunkAt[c], chunkAt[c + 1], firstRow[c], firstRow[c + 1], limbTotals, c));
        if (!valid || rows.hasRepeatedAccount()) {
            return null;
        }
        BigInteger total = BigInteger.ZERO;
        for (long[] limbs : limbTotals) {
            for (int k = 0; k < limbs.length; k++) {
                total = total.add(BigInteger.valueOf(limbs[k]).shiftLeft(32 * k));
            }
        }
        if (total.compareTo(LeafValue.MAX_UINT256) > 0) {
            return null;
        }
        return new AmountsCsvBytes(text, rows.count, rows.accountAt, rows.amountAt, rows.amountEnd, rows.leafHashes,
                total);
    }

    /** Where the chunks from {@code start} begin, each at a line start, and the file's length last. */
    private static int[] chunks(byte[] text, int start) {
        int[] at = new int[(text.length - start) / CHUNK_BYTES + 2];
        int chunks = 0;
        at[0] = start;
        while (at[chunks] < text.length) {
            int next = Math.min(text.length, at[chunks] + CHUNK_BYTES);
            while (next < text.length && text[next - 1] != '\n') {
                next++;
            }
            at[++chunks] = next;
        }
        return Arrays.copyOf(at, chunks + 1);
    }

    /** How many lines start in {@code text[from..to)}, given that one starts at {@code from}. */
    private static int lineStarts(byte[] text, int from, int to) {
        int starts = 1;
        for (int i = from; i < to - 1; i++) {
            if (text[i] == '\n') {
                starts++;
            }
        }
        return starts;
    }

    /** The rows being read, each chunk's into its own range of every array. */
    private static final class Rows {
        final byte[] text;
        final int count;
        final int[] accountAt;
        final int[] amountAt;
        final int[] amountEnd;
        final byte[] leafHashes;
        /** Each row's address's leading eight bytes, for the repeated-account check. */
        final long[] accountKeys;

        Rows(byte[] text, int count) {
            this.text = text;
            this.count = count;
            accountAt = new int[count];
            amountAt = new int[count];
            amountEnd = new int[count];
            leafHashes = new byte[count * HASH];
            accountKeys = new long[count];
        }

        /**
         * Reads, checksums and hashes the rows of {@code text[from..to)}, which are rows {@code row..endRow}, adding
         * their amounts into {@code limbTotals[chunk]}; false if a row is not in the plain form or is refused.
         */
        boolean read(int from, int to, int row, int endRow, long[][] limbTotals, int chunk) {
            byte[] lower = new byte[40];
            byte[] checksum = new byte[HASH];
            byte[] encoding = new byte[2 * HASH];
            long[] limbs = new long[8];
            long[] totals = new long[8];
            int at = from;
            for (; at < to; row++) {
                int digitsAt = at + 43;
                if (row == endRow || digitsAt > to || text[at] != '0' || text[at + 1] != 'x' || text[at + 42] != ',') {
                    return false;
                }
                int end = digitsAt;
                while (end < to && text[end] >= '0' && text[end] <= '9') {
                    end++;
                }
                int digits = end - digitsAt;
                if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && text[digitsAt] == '0')
                        || !checksumInPlace(text, at + 2, lower, checksum, encoding)
                        || !uint256(text, digitsAt, end, limbs)) {
                    return false;
                }
                accountAt[row] = at;
                amountAt[row] = digitsAt;
                amountEnd[row] = end;
                accountKeys[row] = (long) BIG_ENDIAN_LONG.get(encoding, 12);
                Arrays.fill(encoding, 0, 12, (byte) 0);
                for (int k = 0; k < 8; k++) {
                    BIG_ENDIAN_INT.set(encoding, 2 * HASH - 4 * (k + 1), (int) limbs[k]);
                    totals[k] += limbs[k];
                }
                StandardHashes.leafHashOfEncoding(encoding, leafHashes, row * HASH);
                at = lineEnd(text, end);
                if (at < 0) {
                    return false;
                }
            }
            limbTotals[chunk] = totals;
            return at == to && row == endRow;
        }

        /**
         * Whether two rows name one account; their checksummed forms are then equal. The rows are sorted by their
         * addresses' leading bits with the row number in the low bits, so that a primitive sort does it on every
         * core, and only rows that agree in those bits (none, or a pair or two, in a million random addresses) are
         * compared whole.
         */
        boolean hasRepeatedAccount() {
            int rowBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(count - 1));
            long rowMask = (1L << rowBits) - 1;
            long[] keys = new long[count];
            for (int row = 0; row < count; row++) {
                keys[row] = (accountKeys[row] >>> rowBits) << rowBits | row;
            }
            Arrays.parallelSort(keys);
            int runStart = 0;
            for (int i = 1; i <= count; i++) {
                if (i == count || (keys[i] ^ keys[runStart]) >>> rowBits != 0) {
                    if (i - runStart > 1 && hasRepeatedAccount(keys, runStart, i, rowMask)) {
                        return true;
                    }
                    runStart = i;
                }
            }
            return false;
        }

        /** Whether two of the rows in {@code keys[from..to)} have one account: sorted by account, they are neighbours. */
        private boolean hasRepeatedAccount(long[] keys, int from, int to, long rowMask) {
            Integer[] rows = new Integer[to - from];
            for (int i = from; i < to; i++) {
                rows[i - from] = (int) (keys[i] & rowMask);
            }
            Arrays.sort(rows, (a, b) -> Arrays.compare(text, accountAt[a], accountAt[a] + 42, text, accountAt[b], accountAt[b] + 42));
            for (int i = 1; i < rows.length; i++) {
                if (Arrays.equals(text, accountAt[rows[i]], accountAt[rows[i]] + 42,
                        text, accountAt[rows[i - 1]], accountAt[rows[i - 1]] + 42)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Rewrites the 40 hex digits at {@code hex} in their EIP-55 case, leaving them lower case in {@code lower} and
     * the address's 20 bytes at {@code encoding[12..32)}; false if they are not hex, or mix cases without being the
     * checksum (what {@code ChecksumAddress} refuses).
     */
    private static boolean checksumInPlace(byte[] text, int hex, byte[] lower, byte[] checksum, byte[] encoding) {
        int letters = 0;
        int upper = 0;
        for (int i = 0; i < 40; i += 2) {
            byte high = text[hex + i];
            byte low = text[hex + i + 1];
            int highValue = HEX_VALUE[high & 0xFF];
            int lowValue = HEX_VALUE[low & 0xFF];
            if ((highValue | lowValue) < 0) {
                return false;
            }
            encoding[12 + i / 2] = (byte) (highValue << 4 | lowValue);
            // A letter has 0x40; a digit none. 0x20 is what lower case adds.
            letters += (high >> 6) + (low >> 6);
            upper += (high >> 6 & ~high >> 5 & 1) + (low >> 6 & ~low >> 5 & 1);
            lower[i] = (byte) (high | 0x20);
            lower[i + 1] = (byte) (low | 0x20);
        }
        Keccak256.hash(lower, 0, 40, checksum, 0);
        boolean mixed = upper > 0 && upper < letters;
        for (int i = 0; i < 40; i++) {
            byte c = lower[i];
            if (c >= 'a' && ((checksum[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x8) != 0) {
                c -= 'a' - 'A';
            }
            if (mixed && text[hex + i] != c) {
                return false;
            }
            text[hex + i] = c;
        }
        return true;
    }

    /**
     * The decimal digits {@code text[from..to)}, at most 78, as eight 32-bit limbs, least significant first; false if
     * the number is above 2^256-1. Nine digits at a time, each step multiplying the limbs so far by 10^9.
     */
    private static boolean uint256(byte[] text, int from, int to, long[] limbs) {
        Arrays.fill(limbs, 0);
        int used = 0;
        int step = (to - from) % 9 == 0 ? 9 : (to - from) % 9;
        for (int at = from; at < to; at += step, step = 9) {
            long carry = 0;
            for (int i = at; i < at + step; i++) {
                carry = carry * 10 + (text[i] - '0');
            }
            for (int k = 0; k < used; k++) {
                long product = limbs[k] * POWERS_OF_TEN[step] + carry;
                limbs[k] = product & LIMB;
                carry = product >>> 32;
            }
            for (; carry != 0; carry >>>= 32) {
                if (used == limbs.length) {
                    return false;
                }
                limbs[used++] = carry & LIMB;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] text, int at, byte[] prefix) {
        return text.length - at >= prefix.length && Arrays.equals(text, at, at + prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Where the next line starts, given where this one's content ends: after LF or CRLF, or the end of the file;
     * -1 if anything else follows the content, or if the next line is empty but not the file's end (an empty row).
     */
    private static int lineEnd(byte[] text, int contentEnd) {
        int at = contentEnd;
        if (at == text.length) {
            return at;
        }
        if (text[at] == '\r' && at + 1 < text.length && text[at + 1] == '\n') {
            at++;
        }
        if (text[at] != '\n') {
            return -1;
        }
        at++;
        if (at < text.length && (text[at] == '\n' || text[at] == '\r')) {
            return -1;
        }
        return at;
    }
}
