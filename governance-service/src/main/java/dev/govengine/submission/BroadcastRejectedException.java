package dev.govengine.submission;

/** The node refused a new transaction outright (not a transient failure); the row is marked DROPPED. */
public class BroadcastRejectedException extends RuntimeException {
    public BroadcastRejectedException(String what, String txHash, String nodeMessage) {
        super(what + ": the node refused transaction " + txHash + ": " + nodeMessage);
    }
}
