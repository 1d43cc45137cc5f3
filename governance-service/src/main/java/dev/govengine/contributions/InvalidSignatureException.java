package dev.govengine.contributions;

/** A signature that recovers no signer: malformed, non-canonical, or not a point on the curve. */
public final class InvalidSignatureException extends RuntimeException {
    public InvalidSignatureException(String message) {
        super(message);
    }
}
