package dev.govengine.contributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.govengine.devnet.DevAccounts;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** The hand-built digest against web3j's EIP-712 encoder, and signature recovery on its edges. */
class WorkReceiptHasherTest {
    private static final WorkReceiptDomain DOMAIN = new WorkReceiptDomain("RewardPolicy", "1", 31337,
            ChecksumAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    private static final WorkReceiptHasher HASHER = new WorkReceiptHasher(DOMAIN);
    private static final Credentials VERIFIER = DevAccounts.verifier();
    private static final ChecksumAddress PROVIDER = ChecksumAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    @Test
    void digestEqualsWeb3jsStructuredDataEncoder() {
        Random random = new Random(6);
        BigInteger uint64Max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int i = 0; i < 200; i++) {
            byte[] provider = new byte[20];
            random.nextBytes(provider);
            WorkReceipt receipt = new WorkReceipt(ChecksumAddress.of(Numeric.toHexString(provider)),
                    i == 0 ? uint64Max : new BigInteger(64, random), ReceiptSigning.jobId("job " + i),
                    i == 1 ? 255 : random.nextInt(256), i == 2 ? uint64Max : new BigInteger(64, random),
                    i == 3 ? 0xffff : random.nextInt(10_001));
            assertArrayEquals(ReceiptSigning.web3jDigest(DOMAIN, receipt), HASHER.digest(receipt), receipt.toString());
        }
    }

    @Test
    void domainSeparatorEqualsWeb3jsAndDependsOnEveryField() throws Exception {
        WorkReceipt receipt = ReceiptSigning.receipt(PROVIDER, 1, "a", 1, 1, 1);
        byte[] separator = new org.web3j.crypto.StructuredDataEncoder(ReceiptSigning.typedData(DOMAIN, receipt)).hashDomain();
        assertArrayEquals(separator, DOMAIN.separator());
        for (WorkReceiptDomain other : new WorkReceiptDomain[] {
                new WorkReceiptDomain("RewardPolicy2", "1", 31337, DOMAIN.verifyingContract()),
                new WorkReceiptDomain("RewardPolicy", "2", 31337, DOMAIN.verifyingContract()),
                new WorkReceiptDomain("RewardPolicy", "1", 1, DOMAIN.verifyingContract()),
                new WorkReceiptDomain("RewardPolicy", "1", 31337, PROVIDER)}) {
            assertEquals(false, java.util.Arrays.equals(separator, other.separator()), other.toString());
        }
    }

    @Test
    void recoversTheSignerAndRefusesWhatOpenZeppelinRefuses() {
        WorkReceipt receipt = ReceiptSigning.receipt(PROVIDER, 3, "job", 2, 3_600, 9_500);
        byte[] digest = HASHER.digest(receipt);
        byte[] signature = ReceiptSigning.sign(DOMAIN, receipt, VERIFIER);
        assertEquals(ChecksumAddress.of(VERIFIER.getAddress()), ReceiptSignature.of(signature).recover(digest));

        byte[] highS = ReceiptSigning.highS(signature);
        assertEquals(ChecksumAddress.of(VERIFIER.getAddress()), plainEcrecover(highS, digest),
                "the twin is a valid signature for ecrecover");
        assertRefused("upper half", highS, digest);
        assertRefused("v must be 27 or 28, got 1", ReceiptSigning.edit(signature, s -> {
            s[64] = 1;
            return s;
        }), digest);
        assertRefused("r and s must lie in [1, n)", ReceiptSigning.edit(signature, s -> {
            java.util.Arrays.fill(s, 0, 32, (byte) 0);
            return s;
        }), digest);
        assertRefused("r and s must lie in [1, n)", ReceiptSigning.edit(signature, s -> {
            System.arraycopy(Numeric.toBytesPadded(Sign.CURVE_PARAMS.getN(), 32), 0, s, 0, 32);
            return s;
        }), digest);
        // r = 5 is not the x of any curve point.
        assertRefused("no public key", ReceiptSigning.edit(signature, s -> {
            System.arraycopy(Numeric.toBytesPadded(BigInteger.valueOf(5), 32), 0, s, 0, 32);
            return s;
        }), digest);
        // Another digest recovers someone else: the signature is valid, the signer unknown.
        assertEquals(false, ChecksumAddress.of(VERIFIER.getAddress()).equals(
                ReceiptSignature.of(signature).recover(Hash.sha3(digest))));
    }

    @Test
    void parsesOnly65BytesOfHex() {
        String good = "0x" + "11".repeat(65);
        assertEquals(good, ReceiptSignature.parse(good.toUpperCase().replace("0X", "0x")).toHex());
        for (String bad : new String[] {null, "", "11".repeat(65), "0x" + "11".repeat(64), "0x" + "11".repeat(66),
                "0x" + "zz".repeat(65)}) {
            assertThrows(InvalidSignatureException.class, () -> ReceiptSignature.parse(bad), String.valueOf(bad));
        }
    }

    private static void assertRefused(String reason, byte[] signature, byte[] digest) {
        InvalidSignatureException refused = assertThrows(InvalidSignatureException.class,
                () -> ReceiptSignature.of(signature).recover(digest));
        assertEquals(true, refused.getMessage().contains(reason), refused.getMessage());
    }

    private static ChecksumAddress plainEcrecover(byte[] signature, byte[] digest) {
        BigInteger key = Sign.recoverFromSignature(signature[64] - 27,
                new org.web3j.crypto.ECDSASignature(new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, 32)),
                        new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64))), digest);
        return ChecksumAddress.of("0x" + org.web3j.crypto.Keys.getAddress(key));
    }
}
