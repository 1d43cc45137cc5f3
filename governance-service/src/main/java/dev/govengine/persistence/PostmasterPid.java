package dev.govengine.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * PostgreSQL's {@code postmaster.pid} in a data directory: the postmaster's process id (first line) and, once the
 * server has written it, its port (fourth line). The file stays behind when the server dies without cleaning up.
 */
record PostmasterPid(long pid, OptionalInt port) {
    static final String FILE_NAME = "postmaster.pid";

    static Optional<PostmasterPid> read(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException notRunning) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            // A file read while the server is still writing it may lack any line but the first.
            long pid = Long.parseLong(lines.get(0).trim());
            OptionalInt port = lines.size() < 4 || lines.get(3).isBlank()
                    ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
            return Optional.of(new PostmasterPid(pid, port));
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    String describe() {
        return "PostgreSQL pid " + pid + (port.isPresent() ? " (port " + port.getAsInt() + ")" : "");
    }
}
