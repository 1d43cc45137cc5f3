package dev.govengine.types;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Objects;

/** One leaf's value, {@code ["address","uint256"]}: an account and its cumulative amount in base units. */
public record LeafValue(ChecksumAddress account, BigInteger amount) {
    public static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    public LeafValue {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount " + amount + " of " + account + " is negative");
        }
        if (amount.compareTo(MAX_UINT256) > 0) {
            throw new IllegalArgumentException("amount " + amount + " of " + account + " does not fit in uint256");
        }
    }
}
