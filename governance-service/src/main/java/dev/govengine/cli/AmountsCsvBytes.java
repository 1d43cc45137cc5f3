package dev.govengine.cli;

import dev.govengine.rewards.tree.Keccak256;
import dev.govengine.rewards.tree.StandardHashes;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * The {@code merkle build} input read as bytes, for the file of a million rows: no string, address or amount object
 * per row, each address checksummed in place in the file's own bytes (which the dump then copies), and every row's
 * hashing spread over the cores. It takes only the plain form: the header, then rows {@code 0x<40 hex>,<decimal>}
 * with LF or CRLF line ends, all valid. Anything else, spaces around a field or an error of any kind, gives
 * {@code null}, and the command reads the file again through {@link AmountsCsv}, which accepts the rest of the
 * format and names the first bad line and its fault.
 */
final class AmountsCsvBytes {
    private static final byte[] HEADER = AmountsCsv.HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int HASH = 32;
    /** 2^256-1 has 78 digits. */
    private static final int MAX_DIGITS = 78;
    private static final int ROWS_PER_SLICE = 4096;

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
        if (at < 0) {
            return null;
        }
        int capacity = 0;
        for (int i = at; i < text.length; i++) {
            if (text[i] == '\n') {
                capacity++;
            }
        }
        capacity++;
        int[] accountAt = new int[capacity];
        int[] amountAt = new int[capacity];
        int[] amountEnd = new int[capacity];
        int count = 0;
        while (at < text.length) {
            int digitsAt = at + 43;
            if (digitsAt > text.length || text[at] != '0' || text[at + 1] != 'x' || text[at + 42] != ',') {
                return null;
            }
            int end = digitsAt;
            while (end < text.length && text[end] >= '0' && text[end] <= '9') {
                end++;
            }
            int digits = end - digitsAt;
            if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && text[digitsAt] == '0')) {
                return null;
            }
            accountAt[count] = at;
            amountAt[count] = digitsAt;
            amountEnd[count] = end;
            count++;
            at = lineEnd(text, end);
            if (at < 0) {
                return null;
            }
        }
        if (count == 0) {
            return null;
        }
        return hash(text, count, accountAt, amountAt, amountEnd);
    }

    /** Checksums the accounts and hashes the leaves on every core; {@code null} if a row is refused. */
    private static AmountsCsvBytes hash(byte[] text, int count, int[] accountAt, int[] amountAt, int[] amountEnd) {
        byte[] leafHashes = new byte[count * HASH];
        long[] accountKeys = new long[count];
        int slices = Math.max(1, (count + ROWS_PER_SLICE - 1) / ROWS_PER_SLICE);
        BigInteger[] totals = new BigInteger[slices];
        AtomicBoolean refused = new AtomicBoolean();
        IntStream.range(0, slices).parallel().forEach(slice -> {
            byte[] lower = new byte[40];
            byte[] checksum = new byte[HASH];
            byte[] encoding = new byte[2 * HASH];
            BigInteger total = BigInteger.ZERO;
            int to = Math.min(count, (slice + 1) * ROWS_PER_SLICE);
            for (int row = slice * ROWS_PER_SLICE; row < to && !refused.get(); row++) {
                int hex = accountAt[row] + 2;
                if (!checksumInPlace(text, hex, lower, checksum)) {
                    refused.set(true);
                    return;
                }
                Arrays.fill(encoding, (byte) 0);
                long key = 0;
                for (int i = 0; i < 20; i++) {
                    encoding[12 + i] = (byte) (Character.digit(lower[2 * i], 16) << 4 | Character.digit(lower[2 * i + 1], 16));
                    if (i < 8) {
                        key = key << 8 | (encoding[12 + i] & 0xFF);
                    }
                }
                accountKeys[row] = key;
                BigInteger amount = new BigInteger(new String(text, amountAt[row], amountEnd[row] - amountAt[row],
                        StandardCharsets.US_ASCII));
                if (amount.compareTo(LeafValue.MAX_UINT256) > 0) {
                    refused.set(true);
                    return;
                }
                total = total.add(amount);
                StandardHashes.putUint256(amount, encoding, HASH);
                StandardHashes.leafHashOfEncoding(encoding, leafHashes, row * HASH);
            }
            totals[slice] = total;
        });
        if (refused.get() || hasRepeatedAccount(text, count, accountAt, accountKeys)) {
            return null;
        }
        BigInteger total = Arrays.stream(totals).reduce(BigInteger.ZERO, BigInteger::add);
        if (total.compareTo(LeafValue.MAX_UINT256) > 0) {
            return null;
        }
        return new AmountsCsvBytes(text, count, accountAt, amountAt, amountEnd, leafHashes, total);
    }

    /**
     * Rewrites the 40 hex digits at {@code hex} in their EIP-55 case, leaving them lower case in {@code lower};
     * false if they are not hex, or mix cases without being the checksum (what {@code ChecksumAddress} refuses).
     */
    private static boolean checksumInPlace(byte[] text, int hex, byte[] lower, byte[] checksum) {
        boolean upper = false;
        boolean lowerCase = false;
        for (int i = 0; i < 40; i++) {
            byte c = text[hex + i];
            if (c >= 'a' && c <= 'f') {
                lowerCase = true;
            } else if (c >= 'A' && c <= 'F') {
                upper = true;
                c += 'a' - 'A';
            } else if (c < '0' || c > '9') {
                return false;
            }
            lower[i] = c;
        }
        Keccak256.hash(lower, 0, 40, checksum, 0);
        boolean mixed = upper && lowerCase;
        for (int i = 0; i < 40; i++) {
            byte c = lower[i];
            if (c >= 'a' && ((checksum[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF) >= 8) {
                c -= 'a' - 'A';
            }
            if (mixed && text[hex + i] != c) {
                return false;
            }
            text[hex + i] = c;
        }
        return true;
    }

    /** Whether two rows name one account; their checksummed forms are then equal. */
    private static boolean hasRepeatedAccount(byte[] text, int count, int[] accountAt, long[] accountKeys) {
        int mask = Integer.highestOneBit(Math.max(1, count) * 2) * 2 - 1;
        int[] slots = new int[mask + 1];
        Arrays.fill(slots, -1);
        for (int row = 0; row < count; row++) {
            // Mixed, since whoever writes the file chooses the addresses and so their leading bits.
            int slot = (int) (accountKeys[row] * 0x9E3779B97F4A7C15L >>> 32) & mask;
            while (slots[slot] >= 0) {
                int other = slots[slot];
                if (Arrays.equals(text, accountAt[row], accountAt[row] + 42, text, accountAt[other], accountAt[other] + 42)) {
                    return true;
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = row;
        }
        return false;
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
