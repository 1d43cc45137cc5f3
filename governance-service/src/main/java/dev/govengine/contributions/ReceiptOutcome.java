package dev.govengine.contributions;

import dev.govengine.types.ChecksumAddress;

/**
 * What became of one submitted receipt. Accepted: stored, with the verifier that signed it. Refused: nothing of it
 * was stored, and {@code code} says why.
 *
 * @param jobId the job id as stored (lower-case hex), or as sent when it did not parse
 */
public record ReceiptOutcome(String jobId, ReceiptCode code, String message, ChecksumAddress verifier) {

    public static ReceiptOutcome accepted(String jobId, ChecksumAddress verifier) {
        return new ReceiptOutcome(jobId, null, null, verifier);
    }

    public static ReceiptOutcome refused(String jobId, ReceiptCode code, String message) {
        return new ReceiptOutcome(jobId, code, message, null);
    }

    public boolean isAccepted() {
        return code == null;
    }
}
