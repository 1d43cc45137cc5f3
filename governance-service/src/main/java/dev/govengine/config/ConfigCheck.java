package dev.govengine.config;

import java.util.List;

/**
 * One module's check of the configuration before the service boots, for what the configuration's own validation
 * cannot see: whether a file it names is readable and consistent, whether keys fit together across sections.
 */
@FunctionalInterface
public interface ConfigCheck {
    /** Each problem as "key: what is wrong"; empty if none. */
    List<String> problems(EngineConfig engine);
}
