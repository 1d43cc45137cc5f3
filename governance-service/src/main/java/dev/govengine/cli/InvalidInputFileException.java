package dev.govengine.cli;

/** An input file that an offline command refuses, with the line at fault (1-based). */
class InvalidInputFileException extends Exception {
    private final int line;

    InvalidInputFileException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    int line() {
        return line;
    }
}
