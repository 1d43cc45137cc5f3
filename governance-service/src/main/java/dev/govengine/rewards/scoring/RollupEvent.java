package dev.govengine.rewards.scoring;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One indexed rollup contribution: who made it, its kind (the name the rollup mapping gives it, e.g. "sequencer"),
 * and its amount (the mapped amount field, or 1 when the mapping has none).
 */
public record RollupEvent(ChecksumAddress contributor, String kind, BigInteger amount) {
    public RollupEvent {
        Objects.requireNonNull(contributor, "contributor");
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind is missing");
        }
        if (amount == null || amount.signum() < 0) {
            throw new IllegalArgumentException("amount is " + amount + ", expected an integer >= 0");
        }
    }

    /** A contribution that counts once. */
    public RollupEvent(ChecksumAddress contributor, String kind) {
        this(contributor, kind, BigInteger.ONE);
    }
}
