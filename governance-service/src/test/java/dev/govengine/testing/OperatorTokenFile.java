package dev.govengine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The test profile's operator token file ({@code gov.operator.token-file}), written as an operator must write it:
 * private to its owner. The service refuses a token file others may read, so a test that wrote it with the default
 * permissions passed only when another test had created the file before it.
 */
public final class OperatorTokenFile {
    public static final String TOKEN = "operator-token-for-tests-0123456789abcdef";

    private OperatorTokenFile() {
    }

    /** Writes the test token, with its line end. */
    public static void write(String file) throws IOException {
        write(file, TOKEN + "\n");
    }

    public static void write(String file, String content) throws IOException {
        Path path = Path.of(file);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }
}
