package dev.govengine.governance;

import dev.govengine.chain.ChainDefaults;
import dev.govengine.config.EngineConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether indexed data is final: its block is at or below the indexed block minus the chain's confirmations. The
 * indexed block rather than the node's head, so that the answer needs no RPC call and never runs ahead of what the
 * index holds; it can only be more cautious than indexerStatus.finalizedBlock.
 */
@ApplicationScoped
public class Finality {
    private final EngineConfig config;
    private final IndexReads reads;

    @Inject
    public Finality(EngineConfig config, IndexReads reads) {
        this.config = config;
        this.reads = reads;
    }

    public boolean isFinal(String chain, long indexedBlock, long block) {
        return block <= finalizedBlock(chain, indexedBlock);
    }

    /** The indexed heads at which {@link #isFinal} answers for {@code block} as it answered at the head read. */
    public HeadRange holding(String chain, long block, boolean isFinal) {
        long firstFinalHead = block + confirmations(chain);
        return isFinal ? HeadRange.blocks(firstFinalHead, Long.MAX_VALUE) : HeadRange.blocks(Long.MIN_VALUE, firstFinalHead - 1);
    }

    /** The newest final block of each of these governors, in one statement; governors never synced are absent. */
    public Uni<Map<String, Long>> finalizedBlocks(Collection<String> governorIds) {
        return reads.query("""
                SELECT g.id, g.chain, c.indexed_block FROM governor g JOIN sync_cursor c ON c.governor_id = g.id
                WHERE g.id = ANY($1)""", Tuple.of(governorIds.stream().distinct().toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> finalized = new HashMap<>();
                    rows.forEach(row -> finalized.put(row.getString(0), finalizedBlock(row.getString(1), row.getLong(2))));
                    return finalized;
                });
    }

    private long finalizedBlock(String chain, long indexedBlock) {
        return indexedBlock - confirmations(chain);
    }

    private long confirmations(String chain) {
        EngineConfig.Chain settings = config.chains().get(chain);
        return settings == null ? 0 : ChainDefaults.confirmations(settings);
    }
}
