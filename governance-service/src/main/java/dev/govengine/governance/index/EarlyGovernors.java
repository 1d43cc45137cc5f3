package dev.govengine.governance.index;

import dev.govengine.chain.ChainReader;
import dev.govengine.chain.LogRangeFetcher;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.GovernorDiscovery;
import dev.govengine.governance.GovernorInfo;
import dev.govengine.governance.TokenInfo;
import dev.govengine.sync.EarlyRanges;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the first cycle of a configured governor asks the chain before it can read its first range (the Governor's
 * and its token's answers), and that first range ({@link EarlyRanges}), asked before the service has its database:
 * {@code serve} does it on a fresh embedded data directory, where nothing is discovered or indexed yet, beside Flyway
 * and Quarkus's boot (docs/BENCHMARKS.md, "Indexer backfill"). Nothing is written here: the first cycle, holding the
 * writer lock, takes the answers in place of asking, and only for a governor the index has not discovered; a
 * failure, a node on another chain, or a governor configured otherwise leaves the cycle to ask as it always did.
 */
public final class EarlyGovernors {
    private static final Map<String, Early> EARLY = new ConcurrentHashMap<>();

    /** The Governor's answers and its token's, as discovery gives them. */
    record Discovered(GovernorInfo info, TokenInfo token) {
    }

    private record Early(IndexedGovernor governor, CompletableFuture<Discovered> discovered) {
    }

    private EarlyGovernors() {
    }

    /** The governors configured under {@code gov.governors}, as the service will register them. */
    public static List<IndexedGovernor> configured(EngineConfig engine) {
        return new GovernorRegistry(engine).all();
    }

    /**
     * Asks, on the calling thread and through {@code reader}, each governor's discovery, then reads its first range.
     * Each governor's answers are offered to its first cycle as soon as this starts, so that a cycle coming first
     * waits for them instead of asking the same questions beside them.
     */
    public static void read(List<IndexedGovernor> governors, EngineConfig.Sync sync, ChainReader reader) {
        governors.forEach(governor -> EARLY.put(governor.id(), new Early(governor, new CompletableFuture<>())));
        GovernorDiscovery discovery = new GovernorDiscovery(reader);
        LogRangeFetcher.RangeBounds bounds = new LogRangeFetcher.RangeBounds(sync.initialRange(), sync.maxRange(),
                sync.maxLogsPerRange());
        Map<String, Long> chainIds = new HashMap<>();
        for (IndexedGovernor governor : governors) {
            CompletableFuture<Discovered> answers = EARLY.get(governor.id()).discovered();
            try {
                // The cycle checks the chain before it asks its governors anything; so does this, once a chain.
                long chainId = chainIds.computeIfAbsent(governor.chain(), reader::chainId);
                if (chainId != governor.chainId()) {
                    throw new IllegalStateException("the node of chain '" + governor.chain() + "' reports chain id "
                            + chainId + ", not " + governor.chainId());
                }
                GovernorInfo info = discovery.discover(governor.chain(), governor.address());
                answers.complete(new Discovered(info,
                        discovery.token(governor.chain(), info.token(), governor.startBlock())));
                long head = reader.headBlock(governor.chain());
                if (governor.startBlock() <= head) {
                    EarlyRanges.read(governor.id(), reader, governor.chain(), governor.startBlock(), head, bounds,
                            sync.maxReorgDepth(), GovernorSource.addresses(governor, info.token(), info.timelock()),
                            GovernorSource.topics(info.timelock()));
                }
            } catch (RuntimeException failure) {
                answers.completeExceptionally(failure);
            }
        }
    }

    /**
     * The governor's early answers, if they were asked for it as it is now configured, waiting for them if they are
     * still being asked; removed either way, so they are given once. Empty if there were none or they failed.
     */
    static Optional<Discovered> take(IndexedGovernor governor) {
        Early early = EARLY.remove(governor.id());
        if (early == null || !early.governor().equals(governor)) {
            return Optional.empty();
        }
        try {
            return Optional.of(early.discovered().join());
        } catch (RuntimeException failed) {
            return Optional.empty();
        }
    }
}
