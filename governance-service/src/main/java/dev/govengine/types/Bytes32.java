package dev.govengine.types;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.utils.Numeric;

/**
 * A 32-byte hash: a leaf, an inner node or a root. Ordered as an unsigned 256-bit number, the order in which
 * OpenZeppelin's library sorts leaves and the two halves of a pair.
 */
public final class Bytes32 implements Comparable<Bytes32> {
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{64}");

    private final byte[] bytes;

    private Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes32 wrap(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("expected 32 bytes, got " + bytes.length);
        }
        return new Bytes32(bytes.clone());
    }

    /** Parses {@code 0x} followed by 64 hex digits, in any case. */
    public static Bytes32 fromHex(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("'" + hex + "' is not a 32-byte hash: expected 0x followed by 64 hex digits");
        }
        return new Bytes32(Numeric.hexStringToByteArray(hex));
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    /** Lower-case {@code 0x}-prefixed hex, the form the JS library prints. */
    public String toHex() {
        return Numeric.toHexString(bytes).toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(Bytes32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes32 && Arrays.equals(((Bytes32) other).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
