package dev.govengine.cli;

/** An input file that an offline command refuses, with the line at fault (1-based). */
class InvalidInputFileException extends Exception {
    InvalidInputFileException(int line, String message) {
        super("line " + line + ": " + message);
    }
}
