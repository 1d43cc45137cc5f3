package dev.govengine.governance.index;

import dev.govengine.chain.ChainDefaults;
import dev.govengine.chain.ChainHeads;
import dev.govengine.config.EngineConfig;
import dev.govengine.sync.Cursor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reports, per configured chain, the node's head beside the index, and each governor's own progress and error: a
 * chain counts as indexed up to the lowest cursor of its governors, and not at all while one of them has none yet,
 * unless that one is failing (an address that is no Governor never gets a cursor, and must not blank the others'). A lag is only reported while every cursor is
 * still on the node's chain: after a reorg to a shorter chain the head is below the index, and a lag of 0 (or any
 * number) would pass orphaned rows off as current.
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
        return pool.query("""
                SELECT g.id, g.sync_error, c.indexed_block, c.indexed_hash,
                       (SELECT COUNT(*) FROM proposal_chain_state s
                        WHERE s.governor_id = g.id AND s.stale_since IS NOT NULL) AS stale
                FROM governor g LEFT JOIN sync_cursor c ON c.governor_id = g.id""").execute().flatMap(rows -> {
            Map<String, Cursor> cursors = new HashMap<>();
            Map<String, String> errors = new HashMap<>();
            Map<String, Integer> stale = new HashMap<>();
            rows.forEach(row -> {
                String id = row.getString("id");
                stale.put(id, Math.toIntExact(row.getLong("stale")));
                if (row.getLong("indexed_block") != null) {
                    cursors.put(id, new Cursor(row.getLong("indexed_block"), row.getString("indexed_hash")));
                }
                if (row.getString("sync_error") != null) {
                    errors.put(id, row.getString("sync_error"));
                }
            });
            List<Uni<ChainStatus>> statuses = config.chains().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(entry -> status(entry.getKey(), entry.getValue(), cursors, errors, stale))
                    .toList();
            return statuses.isEmpty() ? Uni.createFrom().item(List.<ChainStatus>of()) : Uni.join().all(statuses).andFailFast();
        });
    }

    /** The cursors the chain counts as indexed by; empty while a governor that is not failing has none yet. */
    private static List<Cursor> chainCursors(List<IndexedGovernor> governors, Map<String, Cursor> cursors,
            Map<String, String> errors) {
        List<IndexedGovernor> counted = governors.stream()
                .filter(g -> cursors.containsKey(g.id()) || !errors.containsKey(g.id())).toList();
        if (counted.stream().anyMatch(g -> !cursors.containsKey(g.id()))) {
            return List.of();
        }
        return counted.stream().map(g -> cursors.get(g.id())).toList();
    }

    private Uni<ChainStatus> status(String name, EngineConfig.Chain chain, Map<String, Cursor> allCursors,
            Map<String, String> errors, Map<String, Integer> stale) {
        List<IndexedGovernor> governors = registry.all().stream().filter(g -> g.chain().equals(name))
                .sorted(Comparator.comparing(IndexedGovernor::configName)).toList();
        List<GovernorSyncStatus> governorStatuses = governors.stream().map(g -> new GovernorSyncStatus(g.id(),
                g.configName(), Optional.ofNullable(allCursors.get(g.id())).map(c -> String.valueOf(c.block())).orElse(null),
                stale.getOrDefault(g.id(), 0), errors.get(g.id()))).toList();
        List<Cursor> cursors = chainCursors(governors, allCursors, errors);
        Optional<Long> indexed = cursors.stream().map(Cursor::block).min(Long::compare);
        return within(chain, heads.headBlock(name))
                .flatMap(head -> canonical(name, chain, head, cursors).map(canonical -> new ChainStatus(
                        name,
                        Long.toString(chain.chainId()),
                        head.map(String::valueOf).orElse(null),
                        indexed.map(String::valueOf).orElse(null),
                        head.map(h -> String.valueOf(Math.max(0, h - ChainDefaults.confirmations(chain)))).orElse(null),
                        Boolean.TRUE.equals(canonical)
                                ? String.valueOf(head.orElseThrow() - indexed.orElseThrow()) : null,
                        canonical,
                        governorStatuses)));
    }

    /** True if the node holds every cursor's block with the cursor's hash; null when unknown. */
    private Uni<Boolean> canonical(String name, EngineConfig.Chain chain, Optional<Long> head, List<Cursor> cursors) {
        if (head.isEmpty() || cursors.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        if (cursors.stream().anyMatch(c -> c.block() > head.get())) {
            return Uni.createFrom().item(false);
        }
        Map<Long, List<String>> hashes = cursors.stream().collect(Collectors.groupingBy(Cursor::block,
                Collectors.mapping(Cursor::hash, Collectors.toList())));
        List<Uni<Boolean>> checks = hashes.entrySet().stream()
                .map(block -> within(chain, heads.blockHash(name, block.getKey()))
                        .map(found -> found.map(hash -> hash.map(h -> block.getValue().stream().allMatch(h::equals))
                                .orElse(false)).orElse(null)))
                .toList();
        return Uni.join().all(checks).andFailFast().map(results -> results.stream().anyMatch(Boolean.FALSE::equals)
                ? Boolean.FALSE : results.stream().anyMatch(Objects::isNull) ? null : Boolean.TRUE);
    }

    /** The node's answer within the chain's RPC timeout; empty if it fails or is late. */
    private static <T> Uni<Optional<T>> within(EngineConfig.Chain chain, Uni<T> call) {
        return call.map(Optional::of)
                .ifNoItem().after(chain.rpcTimeout()).fail()
                .onFailure().recoverWithItem(Optional.empty());
    }
}
