package dev.govengine.sync;

import dev.govengine.chain.ChainHeads;
import dev.govengine.chain.NewHeads;
import dev.govengine.config.EngineConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs the indexer: every poll interval, if this replica holds the writer lock, each chain's {@link SyncTarget}s (the
 * governors) and then its other {@link LogSource}s (the reward contracts) are brought up to its head. Each chain cycles on a thread of its
 * own, and a tick skips a chain whose last cycle still runs, so a node that hangs delays only its own chain. A
 * failing governor or source (wrong chain, not a Governor, RPC down) records its error and is retried next cycle,
 * except after a reorg deeper than the limit, which stops it; the others, and the API, carry on.
 *
 * <p>A chain with a WebSocket endpoint ({@link NewHeads}) also cycles as soon as its node announces a block, and once
 * more right after a cycle during which one was announced, since that cycle may have read the head before it. The
 * poll stays on beside it: a subscription that drops or falls silent only costs the poll's delay. A read-only
 * replica (poll {@code off}) follows no heads either.
 */
@ApplicationScoped
public class SyncCoordinator {
    private static final Logger LOG = Logger.getLogger(SyncCoordinator.class);

    private final EngineConfig config;
    private final ChainHeads heads;
    private final Instance<SyncTargetProvider> targets;
    private final LogSourceSyncer pipeline;
    private final Instance<LogSourceProvider> providers;
    private final WriterLease lease;
    private final ChangeLogPruning pruning;
    private final Map<String, String> sourceErrors = new ConcurrentHashMap<>();
    /** The reason last logged for each failing chain, governor or source, by what it is called in the log. */
    private final Map<String, String> logged = new ConcurrentHashMap<>();
    /** Held while a chain's cycle runs: one cycle per chain at a time. */
    private final Map<String, ReentrantLock> cycling = new ConcurrentHashMap<>();
    /** Set when the chain's node announced a block that no cycle started since has read. */
    private final Map<String, AtomicBoolean> headMoved = new ConcurrentHashMap<>();
    private final NewHeads newHeads;
    private final ExecutorService chains = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "sync-chain");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public SyncCoordinator(EngineConfig config, ChainHeads heads, Instance<SyncTargetProvider> targets,
            LogSourceSyncer pipeline, Instance<LogSourceProvider> providers, WriterLease lease, NewHeads newHeads,
            ChangeLogPruning pruning) {
        this.config = config;
        this.pruning = pruning;
        this.heads = heads;
        this.targets = targets;
        this.pipeline = pipeline;
        this.providers = providers;
        this.lease = lease;
        this.newHeads = newHeads;
    }

    /**
     * Starts following heads, and the first cycle at once: the poll's first tick comes a second after boot, a second
     * that a backfill would otherwise wait for nothing (docs/BENCHMARKS.md, "Indexer backfill").
     */
    void followHeads(@Observes StartupEvent started) {
        if (!indexes(config)) {
            return;
        }
        for (String chain : config.chains().keySet()) {
            if (newHeads.available(chain)) {
                newHeads.follow(chain, () -> headMoved(chain));
            }
        }
        chains.execute(this::scheduled);
    }

    /** False for a read-only replica, whose poll is {@code off}: it neither indexes nor follows heads. */
    public static boolean indexes(EngineConfig config) {
        String poll = config.sync().pollInterval().trim().toLowerCase(Locale.ROOT);
        return !poll.equals("off") && !poll.equals("disabled");
    }

    /**
     * The chain's node announced a block: its cycle starts now, or runs again right after the one running. Called on
     * an event loop, so the cycle, the writer lock included, runs on the chain's thread.
     */
    void headMoved(String chain) {
        if (!moved(chain).getAndSet(true)) {
            try {
                chains.execute(() -> cycleWhileMoved(chain));
            } catch (RejectedExecutionException stopping) {
                // A block announced while the service shuts down: no cycle is wanted any more.
            }
        }
    }

    /** Cycles the chain until no block was announced during its last cycle; returns at once if a cycle runs. */
    private void cycleWhileMoved(String chain) {
        ReentrantLock lock = lock(chain);
        AtomicBoolean moved = moved(chain);
        while (moved.get() && lock.tryLock()) {
            try {
                moved.set(false);
                if (lease.acquire() && chainsToSync().contains(chain)) {
                    runChain(chain, new HashMap<>());
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private AtomicBoolean moved(String chain) {
        return headMoved.computeIfAbsent(chain, name -> new AtomicBoolean());
    }

    @Scheduled(identity = "governance-sync", every = "${gov.sync.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!lease.acquire()) {
            return;
        }
        pruning.pruneIfDue();
        for (String chain : chainsToSync()) {
            ReentrantLock lock = lock(chain);
            if (!lock.isLocked()) {
                chains.execute(() -> {
                    if (lock.tryLock()) {
                        try {
                            runChain(chain, new HashMap<>());
                        } finally {
                            lock.unlock();
                        }
                        cycleWhileMoved(chain);
                    }
                });
            }
        }
    }

    /**
     * One pass over every chain, side by side, waiting for all of them; returns the block each governor or source
     * reached, by id (absent: it failed, or another replica is the writer).
     */
    public Map<String, Long> runCycle() {
        Map<String, Long> reached = new ConcurrentHashMap<>();
        if (!lease.acquire()) {
            return reached;
        }
        List<Future<?>> cycles = new ArrayList<>();
        for (String chain : chainsToSync()) {
            ReentrantLock lock = lock(chain);
            cycles.add(chains.submit(() -> {
                lock.lock();
                try {
                    runChain(chain, reached);
                } finally {
                    lock.unlock();
                }
                cycleWhileMoved(chain);
            }));
        }
        for (Future<?> cycle : cycles) {
            try {
                cycle.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a chain's cycle", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a chain's cycle failed", e.getCause());
            }
        }
        return reached;
    }

    @PreDestroy
    void stop() {
        chains.shutdownNow();
    }

    private ReentrantLock lock(String chain) {
        return cycling.computeIfAbsent(chain, name -> new ReentrantLock());
    }

    /** The chains of the targets and of the other sources, in a fixed order. */
    private Set<String> chainsToSync() {
        Set<String> names = new TreeSet<>();
        for (SyncTargetProvider provider : targets) {
            provider.targets().forEach(target -> names.add(target.chain()));
        }
        for (LogSourceProvider provider : providers) {
            provider.sources().forEach(source -> names.add(source.chain()));
        }
        return names;
    }

    /** One chain's cycle: its node's chain id checked, then its targets, then its other sources. */
    private void runChain(String chain, Map<String, Long> reached) {
        String subject = "chain '" + chain + "'";
        // chainError answers within the chain's RPC timeout, failure included; the bound here only names that.
        String chainError = chainError(chain).await().atMost(config.chains().get(chain).rpcTimeout().multipliedBy(2));
        if (chainError.isEmpty()) {
            recovered(subject);
        } else {
            failed(subject, chainError, false, null);
        }
        for (SyncTargetProvider provider : targets) {
            for (SyncTarget target : provider.targets()) {
                if (target.chain().equals(chain)) {
                    syncTarget(target, chainError, reached);
                }
            }
        }
        for (LogSourceProvider provider : providers) {
            for (LogSource source : provider.sources()) {
                if (source.chain().equals(chain)) {
                    syncSource(source, chainError, reached);
                }
            }
        }
    }

    private void syncTarget(SyncTarget target, String chainError, Map<String, Long> reached) {
        if (!chainError.isEmpty()) {
            target.failed(chainError);
            return;
        }
        try {
            reached.put(target.id(), target.syncToHead());
            target.succeeded();
            recovered(target.name());
        } catch (RuntimeException failure) {
            String reason = String.valueOf(failure.getMessage());
            failed(target.name(), reason, failure instanceof ReorgTooDeepException, failure);
            target.failed(reason);
        }
    }

    private void syncSource(LogSource source, String chainError, Map<String, Long> reached) {
        if (!chainError.isEmpty()) {
            sourceErrors.put(source.id(), chainError);
            return;
        }
        try {
            reached.put(source.id(), pipeline.syncToHead(source).map(Cursor::block).orElse(source.startBlock() - 1));
            sourceErrors.remove(source.id());
            recovered(source.id());
        } catch (RuntimeException failure) {
            String reason = String.valueOf(failure.getMessage());
            failed(source.id(), reason, failure instanceof ReorgTooDeepException, failure);
            sourceErrors.put(source.id(), reason);
        }
    }

    /**
     * Logs a failure when it is new or its reason changed, not every cycle: a failure that lasts would otherwise
     * drown the log. A reorg too deep to follow stops the source, so it is an error; anything else is retried. The
     * stack trace goes with the first line, since the message alone rarely tells where a failure came from; repeats
     * carry it at DEBUG.
     */
    private void failed(String name, String reason, boolean stopped, Throwable failure) {
        if (!reason.equals(logged.put(name, reason))) {
            if (stopped) {
                LOG.errorf(failure, "%s: %s", name, reason);
            } else {
                LOG.warnf(failure, "%s: %s (retried every cycle; logged again when the reason changes)", name, reason);
            }
        } else {
            LOG.debugf(failure, "%s: still failing: %s", name, reason);
        }
    }

    private void recovered(String name) {
        if (logged.remove(name) != null) {
            LOG.infof("%s: indexing again", name);
        }
    }

    /** The last cycle's error of each plain log source (targets keep their own) that failed. */
    public Map<String, String> sourceErrors() {
        return Map.copyOf(sourceErrors);
    }

    /**
     * Empty if the chain's node answers with the configured chain id, else why its governors cannot be indexed. No
     * retries: a broken endpoint retried with backoff held its governors up for seconds every cycle, and the next
     * cycle asks again anyway.
     */
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
