package dev.govengine.rewards.store;

/** A distributor this service stores no epochs for, is not configured with, or whose chain it cannot reach. */
public class UnknownDistributorException extends RuntimeException {
    public UnknownDistributorException(String message) {
        super(message);
    }
}
