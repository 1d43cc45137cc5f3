package dev.govengine.cli;

/** A {@code governance propose-policy} file refused at one field, named by its path (for example {@code programSplit.rollup}). */
class InvalidPolicyFileException extends Exception {
    InvalidPolicyFileException(String path, String message) {
        super(path + ": " + message);
    }
}
