package dev.govengine.contributions;

/** Verifying a batch of receipts took longer than gov.receipts.verify-timeout; the work stopped, nothing was stored. */
public class ReceiptsTimeoutException extends RuntimeException {
    public ReceiptsTimeoutException(String message) {
        super(message, null, false, false);
    }
}
