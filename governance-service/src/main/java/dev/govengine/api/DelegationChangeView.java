package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.TokenQueries;
import dev.govengine.live.IndexedDelegation;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("DelegationChange")
@Description("A DelegateChanged event of the votes token: the delegator moved its votes from one delegate to another."
        + " The zero address means not delegated.")
public record DelegationChangeView(
        @NonNull @Description("EIP-55 checksummed.") String delegator,
        @NonNull @Description("The delegate before, EIP-55 checksummed.") String fromDelegate,
        @NonNull @Description("The delegate after, EIP-55 checksummed.") String toDelegate,
        @NonNull String blockNumber,
        @NonNull @Description("The time of the event's block, ISO-8601 in UTC (2026-12-06T11:57:28Z).") String timestamp,
        @NonNull String txHash) implements HeadIndependent {

    static DelegationChangeView of(TokenQueries.DelegationChange change) {
        return new DelegationChangeView(change.delegator().toString(), change.from().toString(),
                change.to().toString(), Long.toString(change.block()),
                Times.iso(change.timestamp()), change.transactionHash());
    }

    static DelegationChangeView of(IndexedDelegation change) {
        return new DelegationChangeView(change.delegator().toString(), change.fromDelegate().toString(),
                change.toDelegate().toString(), Long.toString(change.blockNumber()), Times.iso(change.blockTimestamp()),
                change.txHash());
    }
}
