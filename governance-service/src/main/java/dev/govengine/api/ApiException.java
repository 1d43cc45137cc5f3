package dev.govengine.api;

/**
 * An input the API refuses. The message is shown to the caller, and each subclass carries its machine-readable
 * code in the error's extensions, so wallets can react without parsing messages.
 */
public abstract class ApiException extends RuntimeException {
    protected ApiException(String message) {
        super(message);
    }
}
