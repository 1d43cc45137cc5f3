package dev.govengine.api;

import dev.govengine.governance.index.ChainStatus;
import dev.govengine.governance.index.IndexerStatusService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
public class IndexerStatusResource {
    @Inject
    IndexerStatusService service;

    @Query("indexerStatus")
    @Description("Per chain: the node's head, the last indexed block, the finalized block and the lag.")
    public Uni<@NonNull List<@NonNull ChainStatus>> indexerStatus() {
        return service.status();
    }
}
