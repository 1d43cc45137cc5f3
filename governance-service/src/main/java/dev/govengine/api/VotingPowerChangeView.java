package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.TokenQueries;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("VotingPowerChange")
@Description("A DelegateVotesChanged event of the votes token: the delegate's voting power before and after.")
public record VotingPowerChangeView(
        @NonNull String blockNumber,
        @NonNull @Description("The time of the event's block, ISO-8601 in UTC (2026-12-06T11:57:28Z).") String timestamp,
        @NonNull @Description("Voting power before, in the token's base units.") String previousVotes,
        @NonNull @Description("Voting power after, in the token's base units.") String newVotes,
        @NonNull String txHash) implements HeadIndependent {

    static VotingPowerChangeView of(TokenQueries.PowerChange change) {
        return new VotingPowerChangeView(Long.toString(change.block()),
                Times.iso(change.timestamp()), change.previous().toString(),
                change.current().toString(), change.transactionHash());
    }
}
