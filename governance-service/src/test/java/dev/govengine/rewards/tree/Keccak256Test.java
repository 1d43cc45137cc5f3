package dev.govengine.rewards.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/** The one-block Keccak-256 against published vectors and BouncyCastle's general digest. */
class Keccak256Test {
    @Test
    void knownVectors() {
        assertEquals("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", hex(""));
        assertEquals("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", hex("abc"));
        // ERC-20's transfer(address,uint256) has the selector 0xa9059cbb: the hash's first four bytes.
        assertEquals("0xa9059cbb", hex("transfer(address,uint256)").substring(0, 10));
    }

    @Test
    void everyLengthOfOneBlockEqualsBouncyCastle() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int length = 0; length <= Keccak256.MAX_LENGTH; length++) {
            for (int trial = 0; trial < 10; trial++) {
                int offset = random.nextInt(9);
                byte[] in = new byte[offset + length + random.nextInt(9)];
                random.nextBytes(in);
                byte[] out = new byte[40];
                int outOffset = random.nextInt(9);
                Keccak256.hash(in, offset, length, out, outOffset);
                assertArrayEquals(bouncyCastle(in, offset, length),
                        Arrays.copyOfRange(out, outOffset, outOffset + 32), "length " + length + ", seed " + seed);
            }
        }
    }

    @Test
    void aPairIsTheHashOfItsConcatenation() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int trial = 0; trial < 100; trial++) {
            byte[] a = new byte[40];
            byte[] b = new byte[40];
            random.nextBytes(a);
            random.nextBytes(b);
            int aOffset = random.nextInt(9);
            int bOffset = random.nextInt(9);
            byte[] concatenation = new byte[64];
            System.arraycopy(a, aOffset, concatenation, 0, 32);
            System.arraycopy(b, bOffset, concatenation, 32, 32);
            byte[] out = new byte[32];
            Keccak256.hashPair(a, aOffset, b, bOffset, out, 0);
            assertArrayEquals(bouncyCastle(concatenation, 0, 64), out, "seed " + seed);
        }
    }

    @Test
    void moreThanOneBlockIsRefused() {
        byte[] in = new byte[200];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Keccak256.hash(in, 0, 136, new byte[32], 0));
        assertEquals("a one-block Keccak-256 takes 0 to 135 bytes, not 136", e.getMessage());
    }

    private static String hex(String text) {
        byte[] in = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[32];
        Keccak256.hash(in, 0, in.length, out, 0);
        return Numeric.toHexString(out);
    }

    private static byte[] bouncyCastle(byte[] in, int offset, int length) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(in, offset, length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
