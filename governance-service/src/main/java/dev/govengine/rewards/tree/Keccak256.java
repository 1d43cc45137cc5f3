package dev.govengine.rewards.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Keccak-256 (Ethereum's, the original padding) of a message that fits one block, at most 135 bytes: every hash of a
 * reward tree and of an EIP-55 checksum is one, and a million-leaf build hashes four million times. A general digest
 * such as BouncyCastle's queues the input, absorbs it from its queue, squeezes through another buffer and clears its
 * 200 bytes of state for the next message; here the message's lanes go straight from the caller's array into local
 * variables and the hash straight into the caller's array. Each step of a round is computed a row at a time, so that
 * fewer values are live at once, and each pass of the loop does two rounds, the first from the {@code a} lanes into
 * the {@code e} lanes and the second back, so that no lane is copied between rounds. About 30 % less CPU per hash
 * than BouncyCastle's digest (docs/BENCHMARKS.md).
 */
public final class Keccak256 {
    /** The largest message of one block: the rate, 136 bytes, less the padding's last byte. */
    public static final int MAX_LENGTH = 135;
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The padding's final bit, the top bit of the rate's last lane (lane 16). */
    private static final long LAST_BIT = 0x80L << 56;
    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };

    private Keccak256() {
    }

    /** The hash of {@code in[offset..offset+length)} into {@code out[outOffset..outOffset+32)}; length at most 135. */
    public static void hash(byte[] in, int offset, int length, byte[] out, int outOffset) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("a one-block Keccak-256 takes 0 to " + MAX_LENGTH + " bytes, not " + length);
        }
        permute(lane(in, offset, length, 0), lane(in, offset, length, 1), lane(in, offset, length, 2),
                lane(in, offset, length, 3), lane(in, offset, length, 4), lane(in, offset, length, 5),
                lane(in, offset, length, 6), lane(in, offset, length, 7), lane(in, offset, length, 8),
                lane(in, offset, length, 9), lane(in, offset, length, 10), lane(in, offset, length, 11),
                lane(in, offset, length, 12), lane(in, offset, length, 13), lane(in, offset, length, 14),
                lane(in, offset, length, 15), lane(in, offset, length, 16) ^ LAST_BIT, out, outOffset);
    }

    /** The hash of the 32 bytes at {@code a[aOffset]} followed by the 32 at {@code b[bOffset]}: a tree's inner node. */
    public static void hashPair(byte[] a, int aOffset, byte[] b, int bOffset, byte[] out, int outOffset) {
        permute(word(a, aOffset), word(a, aOffset + 8), word(a, aOffset + 16), word(a, aOffset + 24),
                word(b, bOffset), word(b, bOffset + 8), word(b, bOffset + 16), word(b, bOffset + 24),
                1, 0, 0, 0, 0, 0, 0, 0, LAST_BIT, out, outOffset);
    }

    /** Lane {@code index} of the message with its first padding byte (0x01) after its end. */
    private static long lane(byte[] in, int offset, int length, int index) {
        int at = 8 * index;
        if (at + 8 <= length) {
            return word(in, offset + at);
        }
        if (at > length) {
            return 0;
        }
        long lane = 1L << 8 * (length - at);
        for (int i = length - 1; i >= at; i--) {
            lane |= (in[offset + i] & 0xFFL) << 8 * (i - at);
        }
        return lane;
    }

    private static long word(byte[] in, int at) {
        return (long) LITTLE_ENDIAN_LONG.get(in, at);
    }

    /**
     * Keccak-f[1600] on a state whose rate lanes are {@code l0..l16} (the capacity starts at zero: one block), then
     * the first 32 bytes out. Lane {@code i} is {@code a<x><y>} with {@code i = x + 5y}.
     */
    private static void permute(long l0, long l1, long l2, long l3, long l4, long l5,
            long l6, long l7, long l8, long l9, long l10, long l11,
            long l12, long l13, long l14, long l15, long l16,
            byte[] out, int outOffset) {
        long a00 = l0;
        long a10 = l1;
        long a20 = l2;
        long a30 = l3;
        long a40 = l4;
        long a01 = l5;
        long a11 = l6;
        long a21 = l7;
        long a31 = l8;
        long a41 = l9;
        long a02 = l10;
        long a12 = l11;
        long a22 = l12;
        long a32 = l13;
        long a42 = l14;
        long a03 = l15;
        long a13 = l16;
        long a23 = 0;
        long a33 = 0;
        long a43 = 0;
        long a04 = 0;
        long a14 = 0;
        long a24 = 0;
        long a34 = 0;
        long a44 = 0;
        long e00, e10, e20, e30, e40, e01, e11, e21, e31, e41, e02, e12, e22, e32, e42, e03, e13, e23, e33, e43, e04, e14, e24, e34, e44;
        for (int round = 0; round < 24; round += 2) {
            long c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
            long c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
            long c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
            long c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
            long c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);
            long b0 = a00 ^ d0;
            long b1 = Long.rotateLeft(a11 ^ d1, 44);
            long b2 = Long.rotateLeft(a22 ^ d2, 43);
            long b3 = Long.rotateLeft(a33 ^ d3, 21);
            long b4 = Long.rotateLeft(a44 ^ d4, 14);
            e00 = b0 ^ (~b1 & b2) ^ ROUND_CONSTANTS[round];
            e10 = b1 ^ (~b2 & b3);
            e20 = b2 ^ (~b3 & b4);
            e30 = b3 ^ (~b4 & b0);
            e40 = b4 ^ (~b0 & b1);
            b0 = Long.rotateLeft(a30 ^ d3, 28);
            b1 = Long.rotateLeft(a41 ^ d4, 20);
            b2 = Long.rotateLeft(a02 ^ d0, 3);
            b3 = Long.rotateLeft(a13 ^ d1, 45);
            b4 = Long.rotateLeft(a24 ^ d2, 61);
            e01 = b0 ^ (~b1 & b2);
            e11 = b1 ^ (~b2 & b3);
            e21 = b2 ^ (~b3 & b4);
            e31 = b3 ^ (~b4 & b0);
            e41 = b4 ^ (~b0 & b1);
            b0 = Long.rotateLeft(a10 ^ d1, 1);
            b1 = Long.rotateLeft(a21 ^ d2, 6);
            b2 = Long.rotateLeft(a32 ^ d3, 25);
            b3 = Long.rotateLeft(a43 ^ d4, 8);
            b4 = Long.rotateLeft(a04 ^ d0, 18);
            e02 = b0 ^ (~b1 & b2);
            e12 = b1 ^ (~b2 & b3);
            e22 = b2 ^ (~b3 & b4);
            e32 = b3 ^ (~b4 & b0);
            e42 = b4 ^ (~b0 & b1);
            b0 = Long.rotateLeft(a40 ^ d4, 27);
            b1 = Long.rotateLeft(a01 ^ d0, 36);
            b2 = Long.rotateLeft(a12 ^ d1, 10);
            b3 = Long.rotateLeft(a23 ^ d2, 15);
            b4 = Long.rotateLeft(a34 ^ d3, 56);
            e03 = b0 ^ (~b1 & b2);
            e13 = b1 ^ (~b2 & b3);
            e23 = b2 ^ (~b3 & b4);
            e33 = b3 ^ (~b4 & b0);
            e43 = b4 ^ (~b0 & b1);
            b0 = Long.rotateLeft(a20 ^ d2, 62);
            b1 = Long.rotateLeft(a31 ^ d3, 55);
            b2 = Long.rotateLeft(a42 ^ d4, 39);
            b3 = Long.rotateLeft(a03 ^ d0, 41);
            b4 = Long.rotateLeft(a14 ^ d1, 2);
            e04 = b0 ^ (~b1 & b2);
            e14 = b1 ^ (~b2 & b3);
            e24 = b2 ^ (~b3 & b4);
            e34 = b3 ^ (~b4 & b0);
            e44 = b4 ^ (~b0 & b1);
            c0 = e00 ^ e01 ^ e02 ^ e03 ^ e04;
            c1 = e10 ^ e11 ^ e12 ^ e13 ^ e14;
            c2 = e20 ^ e21 ^ e22 ^ e23 ^ e24;
            c3 = e30 ^ e31 ^ e32 ^ e33 ^ e34;
            c4 = e40 ^ e41 ^ e42 ^ e43 ^ e44;
            d0 = c4 ^ Long.rotateLeft(c1, 1);
            d1 = c0 ^ Long.rotateLeft(c2, 1);
            d2 = c1 ^ Long.rotateLeft(c3, 1);
            d3 = c2 ^ Long.rotateLeft(c4, 1);
            d4 = c3 ^ Long.rotateLeft(c0, 1);
            b0 = e00 ^ d0;
            b1 = Long.rotateLeft(e11 ^ d1, 44);
            b2 = Long.rotateLeft(e22 ^ d2, 43);
            b3 = Long.rotateLeft(e33 ^ d3, 21);
            b4 = Long.rotateLeft(e44 ^ d4, 14);
            a00 = b0 ^ (~b1 & b2) ^ ROUND_CONSTANTS[round + 1];
            a10 = b1 ^ (~b2 & b3);
            a20 = b2 ^ (~b3 & b4);
            a30 = b3 ^ (~b4 & b0);
            a40 = b4 ^ (~b0 & b1);
            b0 = Long.rotateLeft(e30 ^ d3, 28);
            b1 = Long.rotateLeft(e41 ^ d4, 20);
            b2 = Long.rotateLeft(e02 ^ d0, 3);
            b3 = Long.rotateLeft(e13 ^ d1, 45);
            b4 = Long.rotateLeft(e24 ^ d2, 61);
            a01 = b0 ^ (~b1 & b2);
            a11 = b1 ^ (~b2 & b3);
            a21 = b2 ^ (~b3 & b4);
            a31 = b3 ^ (~b4 & b0);
            a41 = b4 ^ (~b0 & b1);
            b0 = Long.rotateLeft(e10 ^ d1, 1);
            b1 = Long.rotateLeft(e21 ^ d2, 6);
            b2 = Long.rotateLeft(e32 ^ d3, 25);
            b3 = Long.rotateLeft(e43 ^ d4, 8);
            b4 = Long.rotateLeft(e04 ^ d0, 18);
            a02 = b0 ^ (~b1 & b2);
            a12 = b1 ^ (~b2 & b3);
            a22 = b2 ^ (~b3 & b4);
            a32 = b3 ^ (~b4 & b0);
            a42 = b4 ^ (~b0 & b1);
            b0 = Long.rotateLeft(e40 ^ d4, 27);
            b1 = Long.rotateLeft(e01 ^ d0, 36);
            b2 = Long.rotateLeft(e12 ^ d1, 10);
            b3 = Long.rotateLeft(e23 ^ d2, 15);
            b4 = Long.rotateLeft(e34 ^ d3, 56);
            a03 = b0 ^ (~b1 & b2);
            a13 = b1 ^ (~b2 & b3);
            a23 = b2 ^ (~b3 & b4);
            a33 = b3 ^ (~b4 & b0);
            a43 = b4 ^ (~b0 & b1);
            b0 = Long.rotateLeft(e20 ^ d2, 62);
            b1 = Long.rotateLeft(e31 ^ d3, 55);
            b2 = Long.rotateLeft(e42 ^ d4, 39);
            b3 = Long.rotateLeft(e03 ^ d0, 41);
            b4 = Long.rotateLeft(e14 ^ d1, 2);
            a04 = b0 ^ (~b1 & b2);
            a14 = b1 ^ (~b2 & b3);
            a24 = b2 ^ (~b3 & b4);
            a34 = b3 ^ (~b4 & b0);
            a44 = b4 ^ (~b0 & b1);
        }
        LITTLE_ENDIAN_LONG.set(out, outOffset, a00);
        LITTLE_ENDIAN_LONG.set(out, outOffset + 8, a10);
        LITTLE_ENDIAN_LONG.set(out, outOffset + 16, a20);
        LITTLE_ENDIAN_LONG.set(out, outOffset + 24, a30);
    }
}
