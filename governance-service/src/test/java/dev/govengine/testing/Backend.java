package dev.govengine.testing;

import java.util.Locale;
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

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
