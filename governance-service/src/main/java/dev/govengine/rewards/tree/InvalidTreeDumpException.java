package dev.govengine.rewards.tree;

/** A {@code standard-v1} dump that cannot be read, or whose tree does not follow from its values. */
public class InvalidTreeDumpException extends IllegalArgumentException {
    public InvalidTreeDumpException(String message) {
        super(message);
    }

    public InvalidTreeDumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
