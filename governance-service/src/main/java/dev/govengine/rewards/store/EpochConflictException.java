package dev.govengine.rewards.store;

/**
 * An epoch is already stored with another root (or for another distributor). A stored epoch is never overwritten:
 * its root may already be on chain, and claims are served from its proofs.
 */
public class EpochConflictException extends RuntimeException {
    private final long epoch;

    public EpochConflictException(long epoch, String stored, String offered) {
        super("epoch " + epoch + " is already stored with " + stored + "; refusing " + offered);
        this.epoch = epoch;
    }

    public long epoch() {
        return epoch;
    }
}
