package dev.govengine.persistence;

/**
 * The embedded PostgreSQL's data directory is held by a server this start must not stop: one this engine did not
 * start, or the one of a service that still runs. The message is one line naming the server and what to do.
 */
public class DataDirectoryInUseException extends RuntimeException {
    public DataDirectoryInUseException(String message) {
        super(message);
    }
}
