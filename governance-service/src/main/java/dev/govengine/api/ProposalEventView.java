package dev.govengine.api;

import dev.govengine.api.cache.HeadDependent;
import dev.govengine.governance.HeadRange;
import dev.govengine.governance.ProposalEvent;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("ProposalEvent")
@Description("One step of a proposal's life. Steps from a transaction carry its block and hash; the voting window's ends are scheduled timepoints.")
public record ProposalEventView(
        @Ignore String governorId,
        @NonNull ProposalEvent.Kind kind,
        @Description("On the Governor's clock (block number, or timestamp in timestamp mode); null in timestamp mode when the step's block header is not stored.")
        String timepoint,
        @Description("The block of the transaction; null for scheduled steps.") String blockNumber,
        @Description("The transaction; null for scheduled steps, and for EXTENDED, whose transaction is not kept.") String txHash,
        @Description("Whether the Governor's clock at the indexed head has passed this step; always true for steps from a transaction.")
        boolean reached,
        @Description("When the step happened, ISO-8601 in UTC (2026-12-06T11:57:28Z): its block's time. A scheduled step on a block clock whose block the indexed head has not reached is an estimate (timestampEstimated), made as Proposal.voteStartAt's is. Null when it cannot be known: a scheduled step on a Governor's own clock, or no block time measured yet.")
        String timestamp,
        @Description("Whether timestamp is an estimate.") boolean timestampEstimated,
        @Ignore HeadRange holds) implements HeadDependent {

    static ProposalEventView of(String governorId, ProposalEvent event) {
        return new ProposalEventView(governorId, event.kind(), GovernorView.text(event.timepoint()),
                GovernorView.text(event.blockNumber()), event.txHash(), event.reached(), Times.iso(event.time()),
                Times.estimated(event.time()), event.holds());
    }
}
