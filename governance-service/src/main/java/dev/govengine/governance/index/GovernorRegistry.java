package dev.govengine.governance.index;

import dev.govengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The governors this instance indexes: those configured under {@code gov.governors}, and any registered later. */
@ApplicationScoped
public class GovernorRegistry {
    private final List<IndexedGovernor> governors = new CopyOnWriteArrayList<>();

    @Inject
    public GovernorRegistry(EngineConfig config) {
        config.governors().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            EngineConfig.Governor governor = entry.getValue();
            governors.add(IndexedGovernor.of(entry.getKey(), governor.chain(),
                    config.chains().get(governor.chain()).chainId(), governor.address(), governor.startBlock()));
        });
    }

    public List<IndexedGovernor> all() {
        return new ArrayList<>(governors);
    }

    /** How many there are, without the copy {@link #all} makes: the API's limits read it for every request. */
    public int count() {
        return governors.size();
    }

    /** Stops indexing a governor; its rows stay. */
    public void unregister(String governorId) {
        governors.removeIf(existing -> existing.id().equals(governorId));
    }

    /** Adds a governor at run time, as configured ones are added at start; its rows are created on first sync. */
    public IndexedGovernor register(IndexedGovernor governor) {
        governors.removeIf(existing -> existing.id().equals(governor.id()));
        governors.add(governor);
        return governor;
    }
}
