package dev.govengine.config;

import java.util.List;

/** Configuration that parses but does not hold together; the message names every offending key. */
public class InvalidConfigurationException extends RuntimeException {
    public InvalidConfigurationException(List<String> problems) {
        super("Invalid configuration:\n  " + String.join("\n  ", problems));
    }
}
