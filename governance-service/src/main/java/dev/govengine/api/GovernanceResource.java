package dev.govengine.api;

import static dev.govengine.api.cache.Table.GOVERNOR;
import static dev.govengine.api.cache.Table.PROPOSAL;

import dev.govengine.api.cache.ReadsTables;
import dev.govengine.governance.GovernanceQueries;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
public class GovernanceResource {
    @Inject
    GovernanceQueries queries;

    @ReadsTables({GOVERNOR, PROPOSAL})
    @Query("governors")
    @Description("Every Governor this service indexes.")
    public Uni<@NonNull List<@NonNull GovernorView>> governors() {
        return queries.governors().map(all -> all.stream().map(GovernorView::of).toList());
    }

    @ReadsTables({GOVERNOR, PROPOSAL})
    @Query("governor")
    @Description("One Governor by its CAIP-10 id, with its sync error if it could not be indexed; NOT_FOUND if this"
            + " service does not index it.")
    public Uni<GovernorView> governor(@NonNull @Id @Name("id") String id) {
        String governorId = ApiInputs.governorId(id);
        return queries.governor(governorId).map(found -> found.map(GovernorView::of)
                .orElseThrow(() -> KnownGovernors.unknown(governorId)));
    }
}
