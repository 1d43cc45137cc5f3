package dev.govengine.persistence;

/** A worker's wait for the database ran past {@code gov.database.worker-timeout}; the message names the wait. */
public class DatabaseTimeoutException extends RuntimeException {
    public DatabaseTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
