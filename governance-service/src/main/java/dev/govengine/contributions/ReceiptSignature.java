package dev.govengine.contributions;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A 65-byte {@code r ‖ s ‖ v} signature, and who signed a digest with it. Accepts exactly what OpenZeppelin's
 * {@code ECDSA.tryRecover} accepts, so that {@code RewardPolicy.recoverWorkReceiptSigner} agrees: v is 27 or 28,
 * s is in the lower half of the curve order (a high-s twin of a valid signature is malleable and refused), and r and
 * s are in [1, n).
 */
public final class ReceiptSignature {
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{130}");
    private static final BigInteger N = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);

    private final byte[] bytes;

    private ReceiptSignature(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses {@code 0x} and 130 hex digits in any case; anything else is {@link InvalidSignatureException}. */
    public static ReceiptSignature parse(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            int digits = hex == null ? 0 : hex.startsWith("0x") ? hex.length() - 2 : hex.length();
            throw new InvalidSignatureException("signature must be 0x followed by 130 hex digits (65 bytes), got "
                    + (hex == null ? "none" : digits + " characters"));
        }
        return new ReceiptSignature(Numeric.hexStringToByteArray(hex));
    }

    public static ReceiptSignature of(byte[] bytes) {
        if (bytes.length != 65) {
            throw new InvalidSignatureException("signature must be 65 bytes, got " + bytes.length);
        }
        return new ReceiptSignature(bytes.clone());
    }

    /** The signer of {@code digest}; throws {@link InvalidSignatureException} where the contract returns address(0). */
    public ChecksumAddress recover(byte[] digest) {
        int v = bytes[64] & 0xff;
        if (v != 27 && v != 28) {
            throw new InvalidSignatureException("v must be 27 or 28, got " + v);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
        if (s.compareTo(HALF_N) > 0) {
            throw new InvalidSignatureException("s is in the upper half of the curve order (a malleable signature)");
        }
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(N) >= 0) {
            throw new InvalidSignatureException("r and s must lie in [1, n)");
        }
        BigInteger publicKey;
        try {
            publicKey = Sign.recoverFromSignature(v - 27, new ECDSASignature(r, s), digest);
        } catch (IllegalArgumentException notOnCurve) {
            publicKey = null;
        }
        if (publicKey == null) {
            throw new InvalidSignatureException("no public key recovers from this signature");
        }
        return ChecksumAddress.of("0x" + Keys.getAddress(publicKey));
    }

    public String toHex() {
        return Numeric.toHexString(bytes);
    }
}
