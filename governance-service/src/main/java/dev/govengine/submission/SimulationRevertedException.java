package dev.govengine.submission;

/** The transaction reverts when simulated (eth_estimateGas), so it is not signed or sent. */
public class SimulationRevertedException extends RuntimeException {
    private final String reason;

    public SimulationRevertedException(String what, String reason) {
        super(what + " would revert: " + reason + "; nothing was sent");
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
