package dev.govengine.api;

import dev.govengine.chain.ChainDefaults;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.GovernorRecord;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigInteger;
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

    @Inject
    EngineConfig config;

    @Query("governors")
    @Description("Every Governor this service indexes.")
    public Uni<@NonNull List<@NonNull GovernorView>> governors() {
        return queries.governors().map(all -> all.stream().map(GovernorView::of).toList());
    }

    @Query("governor")
    @Description("One Governor by its CAIP-10 id; null if this service does not index it.")
    public Uni<GovernorView> governor(@NonNull @Id @Name("id") String id) {
        return queries.governor(ApiInputs.governorId(id)).map(found -> found.map(GovernorView::of).orElse(null));
    }

    @Query("proposal")
    @Description("One proposal of a Governor, by its decimal proposal id.")
    public Uni<ProposalView> proposal(@NonNull @Id @Name("governor") String governor,
            @NonNull @Name("proposalId") String proposalId) {
        String governorId = ApiInputs.governorId(governor);
        BigInteger id = ApiInputs.uint256("proposalId", proposalId);
        return knownGovernor(governorId).flatMap(found -> queries.proposal(governorId, id).flatMap(proposal -> {
            if (proposal.isEmpty()) {
                return Uni.createFrom().failure(new NotFoundException(
                        "governor " + governorId + " has no proposal " + proposalId));
            }
            return Uni.combine().all().unis(queries.actions(governorId, id), queries.indexedBlock(governorId)).asTuple()
                    .map(both -> ProposalView.of(proposal.get(), GovernorView.of(found),
                            both.getItem1().stream().map(ProposalActionView::of).toList(),
                            both.getItem2().map(indexed -> proposal.get().newestBlock()
                                    <= indexed - confirmations(found)).orElse(false)));
        }));
    }

    private Uni<GovernorRecord> knownGovernor(String governorId) {
        return queries.governor(governorId).flatMap(found -> found.isPresent()
                ? Uni.createFrom().item(found.get())
                : Uni.createFrom().failure(new NotFoundException("no governor " + governorId + " is indexed here")));
    }

    private long confirmations(GovernorRecord governor) {
        EngineConfig.Chain chain = config.chains().get(governor.chain());
        return chain == null ? 0 : ChainDefaults.confirmations(chain);
    }
}
