package dev.govengine.rewards.tree;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files outside the module: tests run with the module as working directory, so the repository root is its parent. */
public final class RepositoryFiles {
    private RepositoryFiles() {
    }

    public static Path resolve(String relativeToRoot) {
        Path path = Path.of("").toAbsolutePath().getParent().resolve(relativeToRoot);
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing (tests expect to run in governance-service/)");
        }
        return path;
    }
}
