package dev.govengine.governance.index;

import dev.govengine.sync.SyncTarget;
import dev.govengine.sync.SyncTargetProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered governors as the coordinator's targets. A governor's row is written the first time it is run
 * (not at registration, which needs no database), and its errors are stored on that row, where the API shows them,
 * as is the end of its first cycle, which readiness waits for.
 */
@ApplicationScoped
public class GovernorTargets implements SyncTargetProvider {
    private final GovernorRegistry registry;
    private final GovernorSyncer syncer;
    private final GovernorStore store;
    private final Set<String> persisted = ConcurrentHashMap.newKeySet();
    /** Governors whose first cycle this process has recorded: the write is needed once, not every cycle. */
    private final Set<String> cycled = ConcurrentHashMap.newKeySet();

    @Inject
    public GovernorTargets(GovernorRegistry registry, GovernorSyncer syncer, GovernorStore store) {
        this.registry = registry;
        this.syncer = syncer;
        this.store = store;
    }

    @Override
    public List<SyncTarget> targets() {
        return registry.all().stream().<SyncTarget>map(Target::new).toList();
    }

    private final class Target implements SyncTarget {
        private final IndexedGovernor governor;

        Target(IndexedGovernor governor) {
            this.governor = governor;
        }

        @Override
        public String chain() {
            return governor.chain();
        }

        @Override
        public String id() {
            return governor.id();
        }

        @Override
        public String name() {
            return governor.configName() + " (" + governor.id() + ")";
        }

        @Override
        public long syncToHead() {
            persist();
            return syncer.syncToHead(governor);
        }

        @Override
        public void failed(String reason) {
            persist();
            store.recordError(governor, reason);
            cycled();
        }

        @Override
        public void succeeded() {
            store.clearError(governor);
            cycled();
        }

        private void cycled() {
            if (!cycled.contains(governor.id())) {
                store.recordFirstCycle(governor);
                cycled.add(governor.id());
            }
        }

        private void persist() {
            if (!persisted.contains(governor.id())) {
                store.upsertGovernor(governor);
                persisted.add(governor.id());
            }
        }
    }
}
