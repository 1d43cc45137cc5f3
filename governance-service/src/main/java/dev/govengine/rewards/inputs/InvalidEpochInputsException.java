package dev.govengine.rewards.inputs;

/** A document that is not a well-formed, canonical {@value EpochInputs#FORMAT} document; the message says why. */
public class InvalidEpochInputsException extends RuntimeException {
    public InvalidEpochInputsException(String message) {
        super(message);
    }
}
