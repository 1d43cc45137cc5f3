package dev.govengine.contributions;

/** Receipts cannot be checked yet: no deployment is configured, or its policy is not indexed. Nothing is stored. */
public final class ReceiptsNotReadyException extends RuntimeException {
    public ReceiptsNotReadyException(String message) {
        super(message);
    }
}
