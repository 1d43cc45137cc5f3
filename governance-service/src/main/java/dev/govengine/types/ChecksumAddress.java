package dev.govengine.types;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * An EVM address, always held in its EIP-55 checksummed form so that equal addresses compare and print equal.
 * Input may be all lower or all upper case; mixed case must carry a valid checksum, because a mixed-case address
 * with a wrong checksum is almost always a typo.
 */
public final class ChecksumAddress implements Comparable<ChecksumAddress> {
    private static final Pattern SHAPE = Pattern.compile("0x[0-9a-fA-F]{40}");
    /**
     * Addresses by the exact text they were made from. Every log carries addresses (the emitter, voters, delegates)
     * and a backfill meets the same few thousand again and again: each checksum costs a keccak, and the shape's
     * pattern, the trim and the case checks before it were, once the keccak was cached, still the costliest step of
     * reading a range's logs and the largest method the JIT compiled during a backfill (JFR, docs/BENCHMARKS.md
     * "Indexer backfill"). Whether a text is a valid address, and which, depends on the text alone, so a text seen
     * once is answered by one lookup. Cleared when full, so memory stays bounded.
     */
    private static final int CACHE_LIMIT = 100_000;
    private static final ConcurrentHashMap<String, ChecksumAddress> KNOWN = new ConcurrentHashMap<>();

    private final String value;
    /** The address's 160 bits as 64 + 64 + 32, most significant first: comparisons are then three integer ones. */
    private final long high;
    private final long middle;
    private final int low;

    private ChecksumAddress(String value) {
        this.value = value;
        this.high = Long.parseUnsignedLong(value, 2, 18, 16);
        this.middle = Long.parseUnsignedLong(value, 18, 34, 16);
        this.low = Integer.parseUnsignedInt(value, 34, 42, 16);
    }

    public static ChecksumAddress of(String input) {
        if (input == null) {
            throw new InvalidAddressException("address is missing");
        }
        ChecksumAddress known = KNOWN.get(input);
        if (known != null) {
            return known;
        }
        ChecksumAddress address = parse(input);
        // Only the plain form is kept: padding would let one text hold any amount of memory.
        if (input.length() == 42) {
            if (KNOWN.size() >= CACHE_LIMIT) {
                KNOWN.clear();
            }
            KNOWN.put(input, address);
        }
        return address;
    }

    private static ChecksumAddress parse(String input) {
        String trimmed = input.trim();
        if (!SHAPE.matcher(trimmed).matches()) {
            throw new InvalidAddressException("'" + input + "' is not an address: expected 0x followed by 40 hex digits");
        }
        String hex = trimmed.substring(2);
        String checksummed = Keys.toChecksumAddress(hex.toLowerCase(Locale.ROOT));
        boolean singleCase = hex.equals(hex.toLowerCase(Locale.ROOT)) || hex.equals(hex.toUpperCase(Locale.ROOT));
        if (!singleCase && !checksummed.equals(trimmed)) {
            throw new InvalidAddressException("'" + input + "' has a bad EIP-55 checksum (expected " + checksummed + ")");
        }
        return new ChecksumAddress(checksummed);
    }

    /**
     * The address's leading 64 bits as an unsigned long: in the order of the addresses, and equal only for addresses
     * that share them, which makes a sort key that needs no further look at the address.
     */
    public long leadingBits() {
        return high;
    }

    /**
     * Writes the address's 20 bytes at {@code offset}, as {@code abi.encode} puts them: from the parsed integers, so
     * that hashing a million leaves does not read a million strings scattered over the heap back as hex.
     */
    public void putBytes(byte[] target, int offset) {
        for (int i = 0; i < Long.BYTES; i++) {
            target[offset + i] = (byte) (high >>> (56 - 8 * i));
            target[offset + Long.BYTES + i] = (byte) (middle >>> (56 - 8 * i));
        }
        for (int i = 0; i < Integer.BYTES; i++) {
            target[offset + 2 * Long.BYTES + i] = (byte) (low >>> (24 - 8 * i));
        }
    }

    /** The lower-case hex form, as JSON-RPC filters and ABI encoders take it. */
    public String lowerCase() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * Equal values give equal checksummed forms, so the parsed integers decide, without a look at the two strings:
     * merging a million accounts' lists compares addresses for equality millions of times.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ChecksumAddress address
                && address.high == high && address.middle == middle && address.low == low;
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /**
     * Orders by numeric value, the order that tie-breaks and sorted trees use. An epoch of a million accounts sorts
     * and files them in tree maps tens of millions of times, so the value is compared as integers parsed once, not
     * as text.
     */
    @Override
    public int compareTo(ChecksumAddress other) {
        int order = Long.compareUnsigned(high, other.high);
        if (order == 0) {
            order = Long.compareUnsigned(middle, other.middle);
        }
        return order != 0 ? order : Integer.compareUnsigned(low, other.low);
    }
}
