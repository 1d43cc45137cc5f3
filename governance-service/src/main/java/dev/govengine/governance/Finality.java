package dev.govengine.governance;

import dev.govengine.chain.ChainDefaults;
import dev.govengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether indexed data is final: its block is at or below the indexed block minus the chain's confirmations. The
 * indexed block rather than the node's head, so that the answer needs no RPC call and never runs ahead of what the
 * index holds; it can only be more cautious than indexerStatus.finalizedBlock.
 */
@ApplicationScoped
public class Finality {
    private final EngineConfig config;

    @Inject
    public Finality(EngineConfig config) {
        this.config = config;
    }

    public boolean isFinal(String chain, long indexedBlock, long block) {
        return block <= finalizedBlock(chain, indexedBlock);
    }

    /** The indexed heads at which {@link #isFinal} answers for {@code block} as it answered at the head read. */
    public HeadRange holding(String chain, long block, boolean isFinal) {
        long firstFinalHead = block + confirmations(chain);
        return isFinal ? HeadRange.blocks(firstFinalHead, Long.MAX_VALUE)
                : HeadRange.blocks(Long.MIN_VALUE, firstFinalHead - 1);
    }

    private long finalizedBlock(String chain, long indexedBlock) {
        return indexedBlock - confirmations(chain);
    }

    private long confirmations(String chain) {
        EngineConfig.Chain settings = config.chains().get(chain);
        return settings == null ? 0 : ChainDefaults.confirmations(settings);
    }
}
