package dev.govengine.submission;

/** The signing key could not be loaded. Its message names keys, files and variables, never a secret. */
public class SignerLoadException extends RuntimeException {
    public SignerLoadException(String message) {
        super(message);
    }
}
