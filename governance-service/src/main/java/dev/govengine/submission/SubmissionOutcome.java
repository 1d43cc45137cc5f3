package dev.govengine.submission;

import dev.govengine.types.Bytes32;

/**
 * The end of a root proposal: PROPOSED (our transaction is confirmed), ADOPTED (the same root was already on chain,
 * nothing sent; {@code txHash} is the proposal found there), REVERTED (with the decoded reason) or DROPPED.
 */
public record SubmissionOutcome(long epoch, Bytes32 root, Result result, String txHash, Long blockNumber,
        String revertReason) {

    public enum Result { PROPOSED, ADOPTED, REVERTED, DROPPED }

    static SubmissionOutcome of(long epoch, Bytes32 root, TxOutcome tx) {
        Result result = switch (tx.status()) {
            case CONFIRMED -> Result.PROPOSED;
            case REVERTED -> Result.REVERTED;
            default -> Result.DROPPED;
        };
        return new SubmissionOutcome(epoch, root, result, tx.txHash(), tx.blockNumber(), tx.revertReason());
    }
}
