package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.api.cache.ReadsRows;
import dev.govengine.api.cache.Table;
import dev.govengine.governance.AccountRecord;
import java.util.Set;
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
        @Description("How many accounts currently delegate to it (itself included, if self-delegated).") int delegatorCount)
                implements HeadIndependent, ReadsRows {

    /**
     * The account's standing, its voting-power history (votingPowerAt, votingPowerHistory), its votes and its
     * balance, and nothing of others'.
     */
    @Ignore
    @Override
    public Set<Table.Row> rowsRead() {
        return Set.of(Table.DELEGATE_POWER.row(Table.Key.ACCOUNT, governorId, address),
                Table.ACCOUNT_DELEGATION.row(Table.Key.ACCOUNT, governorId, address),
                Table.VOTING_POWER_CHANGE.row(Table.Key.ACCOUNT, governorId, address),
                Table.VOTE.row(Table.Key.VOTER, governorId, address),
                Table.TOKEN_BALANCE.row(Table.Key.ACCOUNT, governorId, address));
    }

    static AccountView of(String governorId, AccountRecord account) {
        return new AccountView(governorId, account.address().toString(), account.votingPower().toString(),
                account.delegate().map(Object::toString).orElse(null), Math.toIntExact(account.delegatorCount()));
    }
}
