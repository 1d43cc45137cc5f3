package dev.govengine.sync;

import dev.govengine.chain.ChainHeads;
import dev.govengine.config.EngineConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs the indexer: every poll interval, if this replica holds the writer lock, each governor and then each other
 * {@link LogSource} (the reward contracts) is brought up to its chain's head. A failing one (wrong chain, not a
 * Governor, RPC down) records its error and is retried next cycle, except after a reorg deeper than the limit, which
 * stops it; the others, and the API, carry on.
 */
@ApplicationScoped
public class SyncCoordinator {
    private static final Logger LOG = Logger.getLogger(SyncCoordinator.class);

    private final EngineConfig config;
    private final ChainHeads heads;
    private final GovernorRegistry registry;
    private final GovernorSyncer syncer;
    private final LogSourceSyncer pipeline;
    private final Instance<LogSourceProvider> providers;
    private final SyncStore store;
    private final WriterLease lease;
    private final Set<String> persisted = new HashSet<>();
    private final Map<String, String> sourceErrors = new ConcurrentHashMap<>();
    /** The reason last logged for each failing chain, governor or source, by what it is called in the log. */
    private final Map<String, String> logged = new HashMap<>();

    @Inject
    public SyncCoordinator(EngineConfig config, ChainHeads heads, GovernorRegistry registry, GovernorSyncer syncer,
            LogSourceSyncer pipeline, Instance<LogSourceProvider> providers, SyncStore store, WriterLease lease) {
        this.config = config;
        this.heads = heads;
        this.registry = registry;
        this.syncer = syncer;
        this.pipeline = pipeline;
        this.providers = providers;
        this.store = store;
        this.lease = lease;
    }

    @Scheduled(identity = "governance-sync", every = "${gov.sync.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runCycle();
    }

    /**
     * One pass over every governor and source; returns the block each reached, by governor or source id (absent: it
     * failed, or another replica is the writer).
     */
    public synchronized Map<String, Long> runCycle() {
        Map<String, Long> reached = new HashMap<>();
        if (!lease.acquire()) {
            return reached;
        }
        Map<String, String> chainErrors = checkChains();
        for (IndexedGovernor governor : registry.all()) {
            if (persisted.add(governor.id())) {
                store.upsertGovernor(governor);
            }
            String chainError = chainErrors.get(governor.chain());
            if (chainError != null) {
                store.recordError(governor, chainError);
                continue;
            }
            String name = governor.configName() + " (" + governor.id() + ")";
            try {
                reached.put(governor.id(), syncer.syncToHead(governor));
                store.clearError(governor);
                recovered(name);
            } catch (RuntimeException failure) {
                String reason = String.valueOf(failure.getMessage());
                failed(name, reason, failure instanceof ReorgTooDeepException);
                store.recordError(governor, reason);
            }
        }
        for (LogSourceProvider provider : providers) {
            for (LogSource source : provider.sources()) {
                syncSource(source, chainErrors, reached);
            }
        }
        return reached;
    }

    private void syncSource(LogSource source, Map<String, String> chainErrors, Map<String, Long> reached) {
        String chainError = chainErrors.get(source.chain());
        if (chainError != null) {
            sourceErrors.put(source.id(), chainError);
            return;
        }
        try {
            reached.put(source.id(), pipeline.syncToHead(source).map(Cursor::block).orElse(source.startBlock() - 1));
            sourceErrors.remove(source.id());
            recovered(source.id());
        } catch (RuntimeException failure) {
            String reason = String.valueOf(failure.getMessage());
            failed(source.id(), reason, failure instanceof ReorgTooDeepException);
            sourceErrors.put(source.id(), reason);
        }
    }

    /**
     * Logs a failure when it is new or its reason changed, not every cycle: a failure that lasts would otherwise
     * drown the log. A reorg too deep to follow stops the source, so it is an error; anything else is retried.
     */
    private void failed(String name, String reason, boolean stopped) {
        if (!reason.equals(logged.put(name, reason))) {
            if (stopped) {
                LOG.errorf("%s: %s", name, reason);
            } else {
                LOG.warnf("%s: %s (retried every cycle; logged again when the reason changes)", name, reason);
            }
        }
    }

    private void recovered(String name) {
        if (logged.remove(name) != null) {
            LOG.infof("%s: indexing again", name);
        }
    }

    /** The last cycle's error of each source (other than governors, whose errors are stored) that failed. */
    public Map<String, String> sourceErrors() {
        return Map.copyOf(sourceErrors);
    }

    /**
     * Asks every configured chain's node for its chain id, all at once and once each, and returns why each chain that
     * answered wrongly, failed, or stayed silent for its rpc-timeout cannot be indexed. No retries: the governors of
     * the healthy chains wait for this, and a broken endpoint retried with backoff held them up for seconds every
     * cycle; the next cycle asks again anyway.
     */
    private Map<String, String> checkChains() {
        List<String> names = config.chains().keySet().stream().sorted().toList();
        if (names.isEmpty()) {
            return Map.of();
        }
        List<String> errors = Uni.join().all(names.stream().map(this::chainError).toList()).andFailFast()
                .await().indefinitely();
        Map<String, String> failing = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String subject = "chain '" + names.get(i) + "'";
            if (errors.get(i).isEmpty()) {
                recovered(subject);
            } else {
                failing.put(names.get(i), errors.get(i));
                failed(subject, errors.get(i), false);
            }
        }
        return failing;
    }

    /** Empty if the chain's node answers with the configured chain id, else why its governors cannot be indexed. */
    private Uni<String> chainError(String chain) {
        EngineConfig.Chain configured = config.chains().get(chain);
        return heads.chainId(chain)
                .map(actual -> actual == configured.chainId() ? ""
                        : "gov.chains." + chain + ".chain-id is " + configured.chainId() + " but the node reports " + actual)
                .ifNoItem().after(configured.rpcTimeout()).fail()
                .onFailure().recoverWithItem(failure -> "chain '" + chain + "' unreachable: "
                        + (failure instanceof TimeoutException ? "no answer within " + configured.rpcTimeout()
                                : failure.getMessage()));
    }
}
