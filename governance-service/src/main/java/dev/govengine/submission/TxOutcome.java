package dev.govengine.submission;

import java.math.BigInteger;

/**
 * How a submission ended: the attempt that was mined (or the last one, if none was), after the configured
 * confirmations. {@code status} is CONFIRMED, REVERTED (with the decoded reason) or DROPPED.
 */
public record TxOutcome(TxPurpose purpose, long nonce, String txHash, TxStatus status, Long blockNumber,
        BigInteger gasUsed, String revertReason, String error, int attempts) {

    public boolean confirmed() {
        return status == TxStatus.CONFIRMED;
    }
}
