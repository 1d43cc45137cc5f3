package dev.govengine.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses how a test gets an external system: a Testcontainers container where a Docker engine answers, the local
 * fallback otherwise. An environment variable can force the choice, so a machine with Docker can still exercise the
 * fallback and a CI run can insist on containers.
 */
enum Backend {
    CONTAINER, LOCAL, EXTERNAL;

    static Backend choose(String envVariable, String localName) {
        String forced = System.getenv(envVariable);
        if (forced == null || forced.isBlank() || forced.equalsIgnoreCase("auto")) {
            return dockerAvailable() ? CONTAINER : LOCAL;
        }
        String value = forced.trim().toLowerCase(Locale.ROOT);
        if (value.equals("container")) {
            return CONTAINER;
        }
        if (value.equals(localName)) {
            return LOCAL;
        }
        if (value.equals("external")) {
            return EXTERNAL;
        }
        throw new IllegalArgumentException(envVariable + "=" + forced
                + " is not one of auto, container, " + localName + ", external");
    }

    /**
     * Asks Testcontainers only when some Docker endpoint could exist: its probe logs at error level when none does,
     * which on machines without Docker reads like a failure.
     */
    private static boolean dockerAvailable() {
        if (!dockerEndpointMayExist()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean dockerEndpointMayExist() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home");
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return Stream.of(
                        Path.of("/var/run/docker.sock"),
                        Path.of(home, ".docker", "run", "docker.sock"),
                        Path.of(home, ".docker", "desktop", "docker.sock"),
                        Path.of(home, ".testcontainers.properties"),
                        runtimeDir == null ? null : Path.of(runtimeDir, "docker.sock"))
                .anyMatch(path -> path != null && Files.exists(path));
    }
}
