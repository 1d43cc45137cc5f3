package dev.govengine.api;

import static dev.govengine.api.cache.Table.BLOCK_HEADER;
import static dev.govengine.api.cache.Table.DELEGATE_POWER;
import static dev.govengine.api.cache.Table.GOVERNOR;
import static dev.govengine.api.cache.Table.PROPOSAL;
import static dev.govengine.api.cache.Table.SYNC_CURSOR;

import dev.govengine.api.cache.ReadsTables;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.DelegateOrder;
import dev.govengine.governance.DelegateQueries;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.VoteQueries;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

@GraphQLApi
public class AccountResource {
    @Inject
    KnownGovernors governors;

    @Inject
    DelegateQueries delegates;

    @Inject
    GovernanceQueries governance;

    @Inject
    VoteQueries votes;

    @Inject
    EngineConfig config;

    /** The account's rows of account_delegation and delegate_power come with the view (AccountView.rowsRead). */
    @ReadsTables({GOVERNOR, PROPOSAL})
    @Query("account")
    @Description("An account's voting power, delegation and votes in one Governor. Every address is an account, never"
            + " NOT_FOUND: one that never took part gets zeros.")
    public Uni<@NonNull AccountView> account(@NonNull @Id @Name("governor") String governor,
            @NonNull @Description("Any case; EIP-55 checked when mixed case.") @Name("address") String address) {
        String governorId = ApiInputs.governorId(governor);
        ChecksumAddress account = ApiInputs.address(address);
        return governors.require(governorId)
                .flatMap(found -> delegates.account(governorId, account))
                .map(record -> AccountView.of(governorId, record));
    }

    /** The account's rows of voting_power_change come with its view (AccountView.rowsRead). */
    @ReadsTables({BLOCK_HEADER, GOVERNOR, SYNC_CURSOR})
    @Name("votingPowerAt")
    @Description("Voting power at a past timepoint of the Governor's clock, as getPastVotes answers; the timepoint must not be after the indexed head.")
    public Uni<@NonNull String> votingPowerAt(@Source AccountView account, @NonNull @Name("timepoint") String timepoint) {
        BigInteger at = ApiInputs.uint256("timepoint", timepoint);
        ChecksumAddress address = ChecksumAddress.of(account.address());
        return governance.clock(account.governorId()).flatMap(now -> {
            if (at.compareTo(now) > 0) {
                throw new BadInputException("timepoint " + timepoint + " is after the indexed head, whose clock reads "
                        + now);
            }
            return governance.votingPowerAt(account.governorId(), address, at);
        }).map(BigInteger::toString);
    }

    /** The account's rows of vote come with its view (AccountView.rowsRead). */
    @ReadsTables({GOVERNOR, SYNC_CURSOR})
    @Name("votes")
    @NonNull
    @Description("The account's votes, newest first.")
    public Uni<List<@NonNull VoteConnection>> votes(@Source List<AccountView> accounts,
            @DefaultValue("20") @Name("first") Integer first, @Name("after") String after) {
        int size = ApiInputs.first(first, config.api().maxPageSize());
        Optional<VoteQueries.Position> position = Cursors.vote(after);
        List<VoteQueries.VoterKey> keys = accounts.stream()
                .map(account -> new VoteQueries.VoterKey(account.governorId(), ChecksumAddress.of(account.address())))
                .toList();
        return votes.forVoters(keys, position, size)
                .map(pages -> keys.stream().map(key -> VoteResource.connection(pages.get(key),
                        new VoteQueries.Scope(key.governorId(), Optional.empty(), Optional.of(key.voter())), null)).toList());
    }

    @ReadsTables({DELEGATE_POWER, GOVERNOR, PROPOSAL})
    @Query("delegates")
    @Description("The delegate leaderboard: accounts with voting power or delegators, ties broken by the lower address.")
    public Uni<@NonNull DelegateConnection> delegates(@NonNull @Id @Name("governor") String governor,
            @DefaultValue("20") @Name("first") Integer first,
            @Name("after") String after,
            @DefaultValue("VOTING_POWER_DESC") @Name("orderBy") DelegateOrder orderBy) {
        String governorId = ApiInputs.governorId(governor);
        int size = ApiInputs.first(first, config.api().maxPageSize());
        DelegateOrder order = orderBy == null ? DelegateOrder.VOTING_POWER_DESC : orderBy;
        Optional<DelegateQueries.Position> position = Cursors.delegate(order, after);
        return governors.require(governorId).flatMap(found -> delegates.page(governorId, order, position, size))
                .map(page -> DelegateConnection.of(page.items().stream()
                        .map(delegate -> new DelegateEdge(Cursors.delegate(order,
                                order == DelegateOrder.VOTING_POWER_DESC ? delegate.votingPower()
                                        : BigInteger.valueOf(delegate.delegatorCount()), delegate.address()),
                                DelegateView.of(delegate)))
                        .toList(), page.hasNext(), governorId));
    }

    @ReadsTables(DELEGATE_POWER)
    @Name("totalCount")
    @NonNull
    @Description(ProposalConnection.TOTAL_COUNT)
    public Uni<@NonNull Integer> totalCount(@Source DelegateConnection connection) {
        return delegates.count(connection.governorId()).map(Math::toIntExact);
    }
}
