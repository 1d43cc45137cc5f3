package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.DelegateRecord;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Delegate")
@Description("An account with voting power or delegators: a row of the delegate leaderboard.")
public record DelegateView(
        @NonNull String address,
        @NonNull @Description("Current voting power, in the token's base units.") String votingPower,
        @Description("How many accounts currently delegate to it.") int delegatorCount) implements HeadIndependent {

    static DelegateView of(DelegateRecord delegate) {
        return new DelegateView(delegate.address().toString(), delegate.votingPower().toString(),
                Math.toIntExact(delegate.delegatorCount()));
    }
}
