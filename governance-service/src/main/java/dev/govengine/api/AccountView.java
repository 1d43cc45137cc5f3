package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.AccountRecord;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Account")
@Description("An account in one Governor's token. An account that never took part has zero power, no delegate and no delegators.")
public record AccountView(
        @Ignore String governorId,
        @NonNull String address,
        @NonNull @Description("Current voting power (delegated to it), in the token's base units.") String votingPower,
        @Description("The account it delegates to; null if it never delegated.") String delegate,
        @Description("How many accounts currently delegate to it (itself included, if self-delegated).") int delegatorCount) implements HeadIndependent {

    static AccountView of(String governorId, AccountRecord account) {
        return new AccountView(governorId, account.address().toString(), account.votingPower().toString(),
                account.delegate().map(Object::toString).orElse(null), Math.toIntExact(account.delegatorCount()));
    }
}
