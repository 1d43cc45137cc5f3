package dev.govengine.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an upload's bytes into lines as its chunks arrive, a line possibly spread over several chunks. Lines are
 * numbered from 1, blank ones included, and handed on without their {@code \n}; one longer than the bound stops the
 * split, since nothing after it can be trusted to start a line.
 */
final class NdjsonLineSplitter {
    /** What receives each line, with its number. */
    interface Lines {
        void line(long number, String text);
    }

    /** A line longer than the bound; {@link #line} is its number. */
    static final class LineTooLongException extends Exception {
        final long line;

        LineTooLongException(long line, int maxBytes) {
            super("line " + line + " is longer than " + maxBytes + " bytes", null, false, false);
            this.line = line;
        }
    }

    private final int maxLineBytes;
    /** The start of a line whose end has not arrived yet. */
    private byte[] carry = new byte[256];
    private int carried;
    private long lineNumber;

    NdjsonLineSplitter(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Splits the first {@code length} bytes of {@code chunk}. */
    void feed(byte[] chunk, int length, Lines lines) throws LineTooLongException {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (chunk[i] == '\n') {
                lineNumber++;
                lines.line(lineNumber, take(chunk, start, i));
                start = i + 1;
            }
        }
        keep(chunk, start, length);
    }

    /** The last line, when the upload does not end with a newline. */
    void end(Lines lines) {
        if (carried > 0) {
            lineNumber++;
            lines.line(lineNumber, new String(carry, 0, carried, StandardCharsets.UTF_8));
            carried = 0;
        }
    }

    private String take(byte[] chunk, int from, int to) throws LineTooLongException {
        if (carried + to - from > maxLineBytes) {
            throw new LineTooLongException(lineNumber, maxLineBytes);
        }
        if (carried == 0) {
            return new String(chunk, from, to - from, StandardCharsets.UTF_8);
        }
        keep(chunk, from, to);
        String line = new String(carry, 0, carried, StandardCharsets.UTF_8);
        carried = 0;
        return line;
    }

    private void keep(byte[] chunk, int from, int to) throws LineTooLongException {
        int length = carried + to - from;
        if (length > maxLineBytes) {
            throw new LineTooLongException(lineNumber + 1, maxLineBytes);
        }
        if (length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(length, carry.length * 2));
        }
        System.arraycopy(chunk, from, carry, carried, to - from);
        carried = length;
    }
}
