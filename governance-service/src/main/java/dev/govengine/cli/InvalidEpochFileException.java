package dev.govengine.cli;

/** An {@code epoch compute} input refused at one JSON field, named by its path (for example {@code policy.minPayout}). */
class InvalidEpochFileException extends Exception {
    InvalidEpochFileException(String path, String message) {
        super(path + ": " + message);
    }
}
