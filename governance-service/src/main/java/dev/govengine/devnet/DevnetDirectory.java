package dev.govengine.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A devnet's working directory, for its deployment JSON, the engine's keystore with its password, and Anvil's log:
 * {@code .devnet/<pid>} under the working directory, private to its owner, and removed when the devnet stops. It is
 * never under the shared temporary directory, where a killed run would leave a key and its password for anyone to
 * find; the next devnet removes a directory whose process is gone.
 */
public final class DevnetDirectory implements AutoCloseable {
    static final Path PARENT = Path.of(".devnet");

    private final Path path;

    private DevnetDirectory(Path path) {
        this.path = path;
    }

    /** Creates this process's directory, after removing those of devnets that no longer run. */
    public static DevnetDirectory create() {
        try {
            Files.createDirectories(PARENT);
            removeLeftovers();
            Path path = PARENT.resolve(Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
            // A killed run's, whose pid this process happens to reuse.
            deleteTree(path);
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new DevnetDirectory(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the devnet's directory under " + PARENT.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    private static void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(PARENT)) {
            for (Path run : runs) {
                String name = run.getFileName().toString();
                if (name.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(name)).isEmpty()) {
                    deleteTree(run);
                }
            }
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String file) {
        return path.resolve(file);
    }

    @Override
    public void close() {
        try {
            deleteTree(path);
            Files.deleteIfExists(PARENT);
        } catch (DirectoryNotEmptyException anotherDevnetRuns) {
            // its own directory is still there; it removes the parent when it stops
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public String toString() {
        return "the devnet's directory " + path;
    }
}
