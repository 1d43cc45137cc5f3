package dev.govengine.rewards.lifecycle;

import java.time.Duration;

/**
 * Another step of the epoch lifecycle (a tick's pass, or another operator's step) held it for longer than an operator
 * waits; a conflict with the lifecycle's state at that moment, so the operator endpoints answer 409 and the step can
 * be sent again.
 */
public class EpochLifecycleBusyException extends IllegalStateException {
    public EpochLifecycleBusyException(Duration waited) {
        super("another lifecycle step is running (a scheduler tick or another operator's step) and did not finish"
                + " within " + waited.toSeconds() + " s; send the step again");
    }
}
