package dev.govengine.rewards.lifecycle;

/** A lifecycle step cannot run yet, or cannot run in this configuration; the message says what it waits for. */
public class EpochNotReadyException extends RuntimeException {
    public EpochNotReadyException(String message) {
        super(message);
    }
}
