package dev.govengine.rewards.tree;

import dev.govengine.types.Bytes32;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The hashes of OpenZeppelin's StandardMerkleTree. A leaf is hashed twice, so that no 64-byte leaf preimage can
 * also be read as the concatenation of two inner nodes (a second-preimage attack on the proof).
 *
 * <p>Besides the {@link Bytes32} forms, each hash has a form that writes into a caller's array: a million-leaf tree
 * hashes three million times, and fresh arrays for each dominated its time. Every one of these messages fits one
 * Keccak block, so they go through {@link Keccak256}.
 */
public final class StandardHashes {
    private static final int HASH = 32;

    private StandardHashes() {
    }

    /** {@code keccak256(bytes.concat(keccak256(abi.encode(account, amount))))}. */
    public static Bytes32 leafHash(LeafValue value) {
        byte[] out = new byte[HASH];
        leafHash(value, new byte[64], out, 0);
        return Bytes32.wrap(out);
    }

    /** {@code keccak256} of the pair in ascending order, so that a proof needs no left/right flags. */
    public static Bytes32 nodeHash(Bytes32 a, Bytes32 b) {
        byte[] out = new byte[HASH];
        nodeHash(a.toArray(), 0, b.toArray(), 0, out, 0);
        return Bytes32.wrap(out);
    }

    /** The leaf hash of {@code value} into {@code out} at {@code offset}; {@code scratch} holds 64 bytes. */
    static void leafHash(LeafValue value, byte[] scratch, byte[] out, int offset) {
        Arrays.fill(scratch, (byte) 0);
        value.account().putBytes(scratch, 12);
        putUint256(value.amount(), scratch, HASH);
        leafHashOfEncoding(scratch, out, offset);
    }

    /** {@code amount} (at most 2^256-1) as 32 big-endian bytes at {@code offset}, over zeros already there. */
    public static void putUint256(BigInteger amount, byte[] target, int offset) {
        if (amount.bitLength() < Long.SIZE) {
            // Most amounts fit a long: written from it, with no array per amount (a million of them showed in the
            // tree's profile beside Keccak itself).
            long value = amount.longValue();
            for (int i = 0; i < Long.BYTES; i++) {
                target[offset + HASH - 1 - i] = (byte) (value >>> (8 * i));
            }
            return;
        }
        byte[] magnitude = amount.toByteArray();
        // toByteArray adds a sign byte when the top bit is set; uint256 has none.
        int skip = magnitude.length > HASH ? magnitude.length - HASH : 0;
        System.arraycopy(magnitude, skip, target, offset + HASH - (magnitude.length - skip), magnitude.length - skip);
    }

    /**
     * The leaf hash of a value given as its 64-byte {@code abi.encode(account, amount)} in {@code encoding}, which
     * it overwrites, into {@code out} at {@code offset}: for callers that hold values as bytes, not objects.
     */
    public static void leafHashOfEncoding(byte[] encoding, byte[] out, int offset) {
        Keccak256.hash(encoding, 0, 2 * HASH, encoding, 0);
        Keccak256.hash(encoding, 0, HASH, out, offset);
    }

    /** The node hash of the hashes at {@code a[aOffset]} and {@code b[bOffset]} into {@code out} at {@code offset}. */
    static void nodeHash(byte[] a, int aOffset, byte[] b, int bOffset, byte[] out, int offset) {
        if (Arrays.compareUnsigned(a, aOffset, aOffset + HASH, b, bOffset, bOffset + HASH) <= 0) {
            Keccak256.hashPair(a, aOffset, b, bOffset, out, offset);
        } else {
            Keccak256.hashPair(b, bOffset, a, aOffset, out, offset);
        }
    }
}
