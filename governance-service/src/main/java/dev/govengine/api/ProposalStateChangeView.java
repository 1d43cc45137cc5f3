package dev.govengine.api;

import dev.govengine.governance.ProposalState;
import dev.govengine.live.ProposalStateChange;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("ProposalStateChange")
@Description("A proposal's state() moved as the indexed head advanced, whether or not an event announced it.")
public record ProposalStateChangeView(
        @NonNull @Id @Description("The Governor's CAIP-10 id.") String governor,
        @NonNull @Description("The proposal id, decimal.") String proposalId,
        @Description("The state last seen; null for a proposal seen for the first time.") ProposalState from,
        @NonNull ProposalState to,
        @NonNull @Description("The indexed head at which the new state holds.") String blockNumber,
        @NonNull @Description("The Governor's clock there: the block number, or its timestamp in timestamp mode.")
        String timepoint) {

    static ProposalStateChangeView of(ProposalStateChange change) {
        return new ProposalStateChangeView(change.governorId(), change.proposalId().toString(), change.from(),
                change.to(), Long.toString(change.headBlock()), change.timepoint().toString());
    }
}
