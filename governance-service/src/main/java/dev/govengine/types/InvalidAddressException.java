package dev.govengine.types;

/** Input that should have been an EVM address and is not one. */
public class InvalidAddressException extends IllegalArgumentException {
    public InvalidAddressException(String message) {
        super(message);
    }
}
