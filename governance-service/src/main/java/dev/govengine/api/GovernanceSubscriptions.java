package dev.govengine.api;

import dev.govengine.live.LiveEvents;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Optional;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** Live events over graphql-ws (and graphql-transport-ws) on the GraphQL path; what is emitted is in LiveEvents. */
@GraphQLApi
public class GovernanceSubscriptions {
    @Inject
    LiveEvents live;

    @Inject
    SubscriptionLimits limits;

    @Subscription("voteCast")
    @Description("Every vote indexed for the Governor from now on, in chain order; only one proposal's if proposalId is given.")
    public Multi<@NonNull VoteView> voteCast(@NonNull @Id @Name("governor") String governor,
            @Name("proposalId") String proposalId) {
        String governorId = indexed(governor);
        Optional<BigInteger> proposal = Optional.ofNullable(proposalId).map(id -> ApiInputs.uint256("proposalId", id));
        return limits.counted(() -> live.votes(governorId, proposal).map(VoteView::of));
    }

    @Subscription("proposalStateChanged")
    @Description("Every change of the Governor's proposals' state() as the index advances, including the moves no "
            + "event announces (Pending to Active, Active to Defeated or Succeeded).")
    public Multi<@NonNull ProposalStateChangeView> proposalStateChanged(@NonNull @Id @Name("governor") String governor) {
        String governorId = indexed(governor);
        return limits.counted(() -> live.stateChanges(governorId).map(ProposalStateChangeView::of));
    }

    @Subscription("delegationChanged")
    @Description("Every DelegateChanged event of the Governor's votes token indexed from now on, in chain order; only"
            + " those the account takes part in (as delegator, or as the delegate before or after) if account is given.")
    public Multi<@NonNull DelegationChangeView> delegationChanged(@NonNull @Id @Name("governor") String governor,
            @Description("Any case; EIP-55 checked when mixed case.") @Name("account") String account) {
        String governorId = indexed(governor);
        Optional<ChecksumAddress> involved = Optional.ofNullable(account).map(ApiInputs::address);
        return limits.counted(() -> live.delegations(governorId, involved).map(DelegationChangeView::of));
    }

    /** Refusals are thrown here, before the stream exists, so that they reach the client with their code. */
    private String indexed(String governor) {
        String governorId = ApiInputs.governorId(governor);
        if (!live.knows(governorId)) {
            throw KnownGovernors.unknown(governorId);
        }
        return governorId;
    }
}
