package dev.govengine.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What stops an offline command from reading its input file, in words for its user rather than the JDK's. */
final class InputFiles {
    private InputFiles() {
    }

    /** One line naming the file and the reason; the JDK's own message of a missing file is the bare path. */
    static String problem(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return file + ": not found";
        }
        if (e instanceof AccessDeniedException) {
            return file + ": permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return file + ": not UTF-8 text";
        }
        if (e instanceof FileSystemException system && system.getReason() != null) {
            return file + ": " + system.getReason();
        }
        return file + ": cannot be read (" + e.getMessage() + ")";
    }
}
