package dev.govengine.submission;

/** A transaction for the same purpose is in flight or confirmed, with another destination or calldata. */
public class PurposeConflictException extends RuntimeException {
    public PurposeConflictException(TxPurpose purpose, String existingHash, TxStatus status) {
        super(purpose + " already has transaction " + existingHash + " (" + status
                + ") with other calldata; refusing to send a second one");
    }
}
