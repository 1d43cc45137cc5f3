package dev.govengine.governance.index;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** How far the index is behind one chain. Block numbers are decimal strings, per the API conventions. */
@Type("ChainStatus")
@Description("Indexing progress on one chain.")
public record ChainStatus(
        @NonNull @Description("The chain's name in the service's configuration.") String chain,
        @NonNull @Description("EIP-155 chain id, decimal.") String chainId,
        @Description("The node's latest block; null when the node is unreachable.") String headBlock,
        @Description("The last block fully indexed; null before the first sync.") String indexedBlock,
        @Description("The newest block counted final: head minus the configured confirmations.") String finalizedBlock,
        @Description("Head minus indexed block; null when either is unknown, or when indexedBlockCanonical is not true.")
        String lagBlocks,
        @Description("Whether the node's chain still holds every governor's indexed block: false after a reorg, to a "
                + "shorter chain too, until the indexer has rolled back to the common ancestor, or when a reorg deeper "
                + "than the configured limit stopped a governor (see its syncError). Null when unknown.")
        Boolean indexedBlockCanonical,
        @NonNull @Description("Each Governor on the chain, with its own indexed block and error. A failing one that "
                + "was never indexed does not hold back the chain's indexedBlock.")
        List<@NonNull GovernorSyncStatus> governors) {
}
