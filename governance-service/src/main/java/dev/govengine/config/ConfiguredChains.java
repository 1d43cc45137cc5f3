package dev.govengine.config;

import java.util.Map;
import java.util.Optional;

/** Which {@code gov.chains} entry serves a chain id. */
public final class ConfiguredChains {
    private ConfiguredChains() {
    }

    /**
     * The first entry by name with {@code chainId}: by name, so that two entries for one chain id always resolve to
     * the same one, in every part of the service.
     */
    public static Optional<String> forChainId(EngineConfig config, long chainId) {
        return config.chains().entrySet().stream()
                .filter(entry -> entry.getValue().chainId() == chainId)
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst();
    }
}
