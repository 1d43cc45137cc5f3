package dev.govengine.deployment;

/** A deployment JSON that cannot be read or does not hold a complete deployment; the message names the field. */
public class InvalidDeploymentException extends RuntimeException {
    public InvalidDeploymentException(String message) {
        super(message);
    }

    public InvalidDeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
