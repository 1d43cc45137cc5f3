package dev.govengine.sync;

import dev.govengine.chain.ChainDefaults;
import dev.govengine.chain.ChainHeads;
import dev.govengine.config.EngineConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reports, per configured chain, the node's head beside the index: a chain counts as indexed up to the lowest
 * cursor of its governors, and not at all while one of them has none.
 */
@ApplicationScoped
public class IndexerStatusService {
    private final EngineConfig config;
    private final ChainHeads heads;
    private final GovernorRegistry registry;
    private final Pool pool;

    @Inject
    public IndexerStatusService(EngineConfig config, ChainHeads heads, GovernorRegistry registry, Pool pool) {
        this.config = config;
        this.heads = heads;
        this.registry = registry;
        this.pool = pool;
    }

    public Uni<List<ChainStatus>> status() {
        return pool.query("SELECT governor_id, indexed_block FROM sync_cursor").execute().flatMap(rows -> {
            Map<String, Long> cursors = new HashMap<>();
            rows.forEach(row -> cursors.put(row.getString(0), row.getLong(1)));
            List<Uni<ChainStatus>> statuses = config.chains().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(entry -> status(entry.getKey(), entry.getValue(), indexedBlock(entry.getKey(), cursors)))
                    .toList();
            return statuses.isEmpty() ? Uni.createFrom().item(List.<ChainStatus>of()) : Uni.join().all(statuses).andFailFast();
        });
    }

    private Optional<Long> indexedBlock(String chain, Map<String, Long> cursors) {
        List<IndexedGovernor> governors = registry.all().stream().filter(g -> g.chain().equals(chain)).toList();
        if (governors.isEmpty() || governors.stream().anyMatch(g -> !cursors.containsKey(g.id()))) {
            return Optional.empty();
        }
        return governors.stream().map(g -> cursors.get(g.id())).min(Long::compare);
    }

    private Uni<ChainStatus> status(String name, EngineConfig.Chain chain, Optional<Long> indexed) {
        return heads.headBlock(name)
                .map(Optional::of)
                .ifNoItem().after(chain.rpcTimeout()).fail()
                .onFailure().recoverWithItem(Optional.empty())
                .map(head -> new ChainStatus(
                        name,
                        Long.toString(chain.chainId()),
                        head.map(String::valueOf).orElse(null),
                        indexed.map(String::valueOf).orElse(null),
                        head.map(h -> String.valueOf(Math.max(0, h - ChainDefaults.confirmations(chain)))).orElse(null),
                        head.flatMap(h -> indexed.map(i -> String.valueOf(Math.max(0, h - i)))).orElse(null)));
    }
}
