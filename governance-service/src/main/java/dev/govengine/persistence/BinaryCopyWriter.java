package dev.govengine.persistence;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Rows for {@code COPY ... FROM STDIN (FORMAT binary)} in PostgreSQL's binary copy format, sent a buffer at a time,
 * so that memory stays bounded however many rows go in. Binary rather than text, because PostgreSQL then parses no
 * decimal amounts and no hex proofs: at a million reward leaves, text took over three times as long. One writer per
 * COPY, used by one thread.
 *
 * <p>Rows can also be encoded apart from the COPY, into a chunk writer ({@link #chunk}) on another thread, and then
 * sent whole ({@link #send}): at a million rows, encoding them on the COPY's own thread left PostgreSQL idle half the
 * time.
 */
public final class BinaryCopyWriter {
    /** Large enough that the per-message cost vanishes, small enough to be nothing in the heap. */
    private static final int BUFFER_BYTES = 1 << 20;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final short END_OF_DATA = -1;
    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    /** Four base-10000 digits: the largest power of 10,000 whose remainders fit a long. */
    private static final BigInteger TEN_TO_THE_16 = BigInteger.TEN.pow(16);
    /** A base-10000 digit carries log2(10000) > 13 bits. */
    private static final int BITS_PER_DIGIT_AT_MOST = 13;

    /** Null for a chunk writer, which has nowhere to flush to. */
    private final CopyIn copy;
    private final ByteBuffer buffer;
    /** Base-10000 digits of the NUMERIC being written, least significant first; reused from row to row. */
    private short[] digits = new short[0];

    /** Starts the data of {@code copy}, which must be a binary COPY FROM STDIN whose columns the rows will match. */
    public BinaryCopyWriter(CopyIn copy) {
        this.copy = copy;
        this.buffer = ByteBuffer.allocate(BUFFER_BYTES);
        buffer.put(SIGNATURE).putInt(0).putInt(0); // no flags (no OIDs), no header extension
    }

    private BinaryCopyWriter(int capacity) {
        this.copy = null;
        this.buffer = ByteBuffer.allocate(capacity);
    }

    /**
     * A writer of rows alone, into an array of {@code capacity} bytes that the rows must fit; {@link #clear} empties it
     * for the next rows.
     */
    public static BinaryCopyWriter chunk(int capacity) {
        return new BinaryCopyWriter(capacity);
    }

    /** Empties a chunk writer. */
    public void clear() {
        buffer.clear();
    }

    /** Sends the rows of {@code chunk} after the rows written so far; {@code chunk} may be cleared once this returns. */
    public void send(BinaryCopyWriter chunk) throws SQLException {
        flush();
        copy.writeToCopy(chunk.buffer.array(), 0, chunk.buffer.position());
    }

    public void startRow(int fields) throws SQLException {
        room(Short.BYTES);
        buffer.putShort((short) fields);
    }

    public void int4(int value) throws SQLException {
        room(Integer.BYTES + Integer.BYTES);
        buffer.putInt(Integer.BYTES).putInt(value);
    }

    public void int8(long value) throws SQLException {
        room(Integer.BYTES + Long.BYTES);
        buffer.putInt(Long.BYTES).putLong(value);
    }

    public void text(String value) throws SQLException {
        bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Text of ASCII characters only, as an address is: written as it is read, without an array per value. */
    public void ascii(String value) throws SQLException {
        int length = value.length();
        room(Integer.BYTES + length);
        buffer.putInt(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("'" + value + "' is not ASCII");
            }
            buffer.put((byte) c);
        }
    }

    /** Text already in ASCII bytes: the {@code length} bytes of {@code text} at index {@code at}. */
    public void ascii(ByteBuffer text, int at, int length) throws SQLException {
        room(Integer.BYTES + length);
        buffer.putInt(length).put(buffer.position(), text, at, length);
        buffer.position(buffer.position() + length);
    }

    public void bytea(byte[] value) throws SQLException {
        bytes(value);
    }

    /**
     * NUMERIC's own binary form: digit count, weight (of the first digit, in powers of 10,000), sign, display scale,
     * then the base-10000 digits without trailing zero digits; zero has no digits at all.
     */
    public void numeric(BigInteger value) throws SQLException {
        int count = base10000Digits(value.abs());
        int lowest = 0;
        while (lowest < count && digits[lowest] == 0) {
            lowest++;
        }
        int stored = count - lowest;
        room(Integer.BYTES + 4 * Short.BYTES + stored * Short.BYTES);
        buffer.putInt(4 * Short.BYTES + stored * Short.BYTES)
                .putShort((short) stored)
                .putShort((short) Math.max(0, count - 1))
                .putShort(value.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE)
                .putShort((short) 0);
        for (int i = count - 1; i >= lowest; i--) {
            buffer.putShort(digits[i]);
        }
    }

    /** Ends the data and the COPY; the rows are in once this returns, to be committed with the transaction. */
    public void finish() throws SQLException {
        room(Short.BYTES);
        buffer.putShort(END_OF_DATA);
        flush();
        copy.endCopy();
    }

    /**
     * Fills {@link #digits} with the digits of {@code magnitude}, least significant first, and returns how many. Four
     * digits come off per division by 10^16 while the value exceeds a long, then the rest in long arithmetic: most
     * amounts fit a long, and those cost no BigInteger at all.
     */
    private int base10000Digits(BigInteger magnitude) {
        int capacity = magnitude.bitLength() / BITS_PER_DIGIT_AT_MOST + 2;
        if (digits.length < capacity) {
            digits = new short[capacity];
        }
        int count = 0;
        BigInteger high = magnitude;
        while (high.bitLength() >= Long.SIZE) {
            BigInteger[] quotientAndRemainder = high.divideAndRemainder(TEN_TO_THE_16);
            long low = quotientAndRemainder[1].longValue();
            for (int i = 0; i < 4; i++) {
                digits[count++] = (short) (low % 10_000);
                low /= 10_000;
            }
            high = quotientAndRemainder[0];
        }
        for (long rest = high.longValue(); rest != 0; rest /= 10_000) {
            digits[count++] = (short) (rest % 10_000);
        }
        return count;
    }

    private void bytes(byte[] value) throws SQLException {
        room(Integer.BYTES);
        buffer.putInt(value.length);
        if (value.length > buffer.capacity() && copy != null) {
            flush();
            copy.writeToCopy(value, 0, value.length);
        } else {
            room(value.length);
            buffer.put(value);
        }
    }

    private void room(int bytes) throws SQLException {
        if (buffer.remaining() < bytes) {
            if (copy == null) {
                throw new IllegalStateException("the rows do not fit the chunk's " + buffer.capacity() + " bytes");
            }
            flush();
        }
    }

    private void flush() throws SQLException {
        if (buffer.position() > 0) {
            copy.writeToCopy(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }
}
