package dev.govengine.rewards.tree;

import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Amounts as text: canonical decimal base units, the form dumps and input files carry. Only the canonical form is
 * accepted (no sign, no leading zeros, no exponent), so that the text written back is the text that was read.
 */
public final class Uint256Decimal {
    private static final Pattern CANONICAL = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern SIGNED_DIGITS = Pattern.compile("-[0-9]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private Uint256Decimal() {
    }

    /** Parses {@code text}, or throws with what is wrong with it. */
    public static BigInteger parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("amount is missing");
        }
        if (SIGNED_DIGITS.matcher(text).matches()) {
            throw new IllegalArgumentException("amount '" + text + "' is negative");
        }
        if (!DIGITS.matcher(text).matches()) {
            throw new IllegalArgumentException("amount '" + text + "' is not a decimal integer in base units");
        }
        if (!CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("amount '" + text + "' has leading zeros");
        }
        BigInteger amount = new BigInteger(text);
        if (amount.compareTo(LeafValue.MAX_UINT256) > 0) {
            throw new IllegalArgumentException("amount '" + text + "' is larger than uint256 allows (2^256-1)");
        }
        return amount;
    }

    public static String format(BigInteger amount) {
        return amount.toString();
    }
}
