package dev.govengine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A file holding a secret (the operator token, the signer's keystore and its password) must be private to its owner:
 * one that its group or other users may read or write is refused, since anyone who reads it holds the secret and
 * anyone who writes it chooses it. On a file system without POSIX permissions there is nothing to check.
 */
public final class SecretFile {
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFile() {
    }

    /** Why the file named by {@code key} is too open, with the command that fixes it; empty when it is private. */
    public static Optional<String> exposure(String key, Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (permissions.stream().noneMatch(SHARED::contains)) {
            return Optional.empty();
        }
        return Optional.of(key + ": " + file + " holds a secret but other users may read or write it ("
                + PosixFilePermissions.toString(permissions) + "); run chmod 600 " + file);
    }

    /** Creates or replaces the file with the content, readable and writable by its owner only from the start. */
    public static Path write(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content);
    }
}
