package dev.govengine.governance.index;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One governor's indexing progress on its chain. */
@Type("GovernorSyncStatus")
@Description("Indexing progress of one Governor.")
public record GovernorSyncStatus(
        @NonNull @Id @Description("CAIP-10 account id: eip155:<chainId>:<address>.") String id,
        @NonNull @Description("The Governor's name in the service's configuration.") String name,
        @Description("The last block fully indexed for this Governor; null before its first sync.") String indexedBlock,
        @Description("Open proposals whose state, tallies, quorum, deadline and eta are the Governor's last answers from before the indexed block, because the node could not answer calls at that block (a node without that block's state); 0 while every one is current.") int staleProposals,
        @Description("Why the indexer cannot follow this Governor now; null while it is indexed.") String syncError) {
}
