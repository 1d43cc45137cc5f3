package dev.govengine.submission;

import java.util.Objects;

/**
 * What a transaction is for, such as {@code proposeRoot} for epoch 7. It is the idempotency key of
 * {@link TransactionManager#send}: while a transaction with the same purpose is in flight, or once one is confirmed,
 * sending again joins or returns it instead of signing another.
 */
public record TxPurpose(String action, Long epoch) {
    public TxPurpose {
        Objects.requireNonNull(action, "action");
        if (action.isBlank()) {
            throw new IllegalArgumentException("a purpose needs an action name");
        }
    }

    public static TxPurpose of(String action) {
        return new TxPurpose(action, null);
    }

    public static TxPurpose forEpoch(String action, long epoch) {
        return new TxPurpose(action, epoch);
    }

    @Override
    public String toString() {
        return epoch == null ? action : action + " of epoch " + epoch;
    }
}
