package dev.govengine.submission;

import dev.govengine.types.Bytes32;
import java.math.BigInteger;

/** Another proposal is recorded for the epoch (another root or data URI); the engine never proposes a second one. */
public class GovernanceProposalConflictException extends RuntimeException {
    public GovernanceProposalConflictException(long epoch, BigInteger recorded, String recordedRoot, BigInteger ours,
            Bytes32 ourRoot) {
        super("epoch " + epoch + " already has root proposal " + recorded + " (root " + recordedRoot
                + "); refusing to propose " + ours + " (root " + ourRoot + ")");
    }
}
