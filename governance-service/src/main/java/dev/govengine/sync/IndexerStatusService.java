package dev.govengine.sync;

import dev.govengine.chain.ChainDefaults;
import dev.govengine.chain.ChainHeads;
import dev.govengine.config.EngineConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reports, per configured chain, the node's head beside the indexer's cursor. */
@ApplicationScoped
public class IndexerStatusService {
    private final EngineConfig config;
    private final ChainHeads heads;

    @Inject
    public IndexerStatusService(EngineConfig config, ChainHeads heads) {
        this.config = config;
        this.heads = heads;
    }

    /**
     * The session is closed before the RPC calls start: their answers arrive on the HTTP client's threads, where a
     * reactive session cannot be closed.
     */
    public Uni<List<ChainStatus>> status() {
        return Panache.withSession(() -> ChainCursor.<ChainCursor>listAll()).flatMap(cursors -> {
            Map<String, ChainCursor> byChain = cursors.stream()
                    .collect(Collectors.toMap(cursor -> cursor.chain, Function.identity()));
            List<Uni<ChainStatus>> statuses = config.chains().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(entry -> status(entry.getKey(), entry.getValue(), Optional.ofNullable(byChain.get(entry.getKey()))))
                    .toList();
            return statuses.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(statuses).andFailFast();
        });
    }

    private Uni<ChainStatus> status(String name, EngineConfig.Chain chain, Optional<ChainCursor> cursor) {
        Optional<Long> indexed = cursor.map(c -> c.indexedBlock);
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
