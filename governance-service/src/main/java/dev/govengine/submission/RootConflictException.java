package dev.govengine.submission;

import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;

/** The distributor already holds another root for the epoch; the engine never proposes over it. */
public class RootConflictException extends RuntimeException {
    public RootConflictException(long epoch, Bytes32 onChain, String status, Bytes32 ours, ChecksumAddress distributor) {
        super("epoch " + epoch + " already has root " + onChain + " (" + status + ") on RewardDistributor " + distributor
                + "; refusing to propose " + ours);
    }
}
