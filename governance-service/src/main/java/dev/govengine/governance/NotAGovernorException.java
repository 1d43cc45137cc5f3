package dev.govengine.governance;

/** The configured address does not answer as an OpenZeppelin-compatible Governor. */
public class NotAGovernorException extends RuntimeException {
    public NotAGovernorException(String message) {
        super(message);
    }
}
