package dev.govengine.sync;

/** The cursor moved under this writer: another replica wrote the same range, so this transaction must not commit. */
public class ConcurrentWriterException extends RuntimeException {
    public ConcurrentWriterException(String sourceId, long expectedBlock) {
        super("cursor of " + sourceId + " is no longer at block " + expectedBlock + ": another writer advanced it");
    }
}
