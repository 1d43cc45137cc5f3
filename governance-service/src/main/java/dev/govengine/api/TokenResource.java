package dev.govengine.api;

import static dev.govengine.api.cache.Table.ACCOUNT_DELEGATION;
import static dev.govengine.api.cache.Table.BLOCK_HEADER;
import static dev.govengine.api.cache.Table.DELEGATION_CHANGE;
import static dev.govengine.api.cache.Table.GOVERNOR;
import static dev.govengine.api.cache.Table.GOVERNOR_CLOCK;
import static dev.govengine.api.cache.Table.PROPOSAL;
import static dev.govengine.api.cache.Table.PROPOSAL_CHAIN_STATE;
import static dev.govengine.api.cache.Table.PROPOSAL_TALLY;
import static dev.govengine.api.cache.Table.SYNC_CURSOR;
import static dev.govengine.api.cache.Table.TIMELOCK_OPERATION_EVENT;
import static dev.govengine.api.cache.Table.TOKEN_BALANCE;

import dev.govengine.api.cache.ReadsTables;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.ProposalKey;
import dev.govengine.governance.ProposalQueries;
import dev.govengine.governance.TokenQueries;
import dev.govengine.governance.VoteQueries;
import dev.govengine.governance.VoteRecord;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** The votes token and delegation as a wallet shows them: metadata, balances, holders, delegators, histories. */
@GraphQLApi
public class TokenResource {
    private static final String HOLDER = "holder";
    private static final String DELEGATOR = "delegator";
    private static final String DELEGATION = "delegation";
    private static final String POWER = "power";

    @Inject
    KnownGovernors governors;

    @Inject
    TokenQueries tokens;

    @Inject
    VoteQueries votes;

    @Inject
    ProposalQueries proposals;

    @Inject
    EngineConfig config;

    @ReadsTables({GOVERNOR, TOKEN_BALANCE})
    @Name("votesToken")
    @Description("The votes token with its name, symbol, decimals and supply; null until the indexer has discovered"
            + " the Governor (as token is).")
    public Uni<TokenView> votesToken(@Source GovernorView governor) {
        return tokens.token(governor.id()).map(token -> token.map(TokenView::of).orElse(null));
    }

    @ReadsTables({GOVERNOR, PROPOSAL, TOKEN_BALANCE})
    @Query("holders")
    @Description("The votes token's holders with a balance above zero, largest first, ties broken by the lower"
            + " address.")
    public Uni<@NonNull HolderConnection> holders(@NonNull @Id @Name("governor") String governor,
            @DefaultValue("20") @Name("first") Integer first, @Name("after") String after) {
        String governorId = ApiInputs.governorId(governor);
        int size = ApiInputs.first(first, config.api().maxPageSize());
        var position = Cursors.balance(HOLDER, after);
        return governors.require(governorId).flatMap(found -> tokens.holders(governorId, position, size))
                .map(page -> holderConnection(HOLDER, page));
    }

    /** The account's row of token_balance comes with its view (AccountView.rowsRead). */
    @ReadsTables({})
    @Name("balance")
    @Description("Balance of the votes token at the indexed head, in base units (ERC-721: tokens held), from the"
            + " token's Transfer events; balances held before the Governor's start block included.")
    public Uni<@NonNull String> balance(@Source AccountView account) {
        return tokens.balance(account.governorId(), ChecksumAddress.of(account.address())).map(BigInteger::toString);
    }

    @ReadsTables({ACCOUNT_DELEGATION, TOKEN_BALANCE})
    @Name("delegators")
    @Description("The accounts that delegate to this one now (itself included, if self-delegated), with their"
            + " balances, largest first, ties broken by the lower address.")
    public Uni<@NonNull HolderConnection> delegators(@Source AccountView account,
            @DefaultValue("20") @Name("first") Integer first, @Name("after") String after) {
        int size = ApiInputs.first(first, config.api().maxPageSize());
        var position = Cursors.balance(DELEGATOR, after);
        return tokens.delegators(account.governorId(), ChecksumAddress.of(account.address()), position, size)
                .map(page -> holderConnection(DELEGATOR, page));
    }

    @ReadsTables({DELEGATION_CHANGE})
    @Name("delegationHistory")
    @Description("The token's DelegateChanged events this account takes part in, as delegator or as the delegate"
            + " before or after, newest first.")
    public Uni<@NonNull DelegationChangeConnection> delegationHistory(@Source AccountView account,
            @DefaultValue("20") @Name("first") Integer first, @Name("after") String after) {
        int size = ApiInputs.first(first, config.api().maxPageSize());
        var position = Cursors.tokenLog(DELEGATION, after);
        return tokens.delegationHistory(account.governorId(), ChecksumAddress.of(account.address()), position, size)
                .map(counted -> DelegationChangeConnection.of(counted.page().items().stream()
                        .map(change -> new DelegationChangeEdge(
                                Cursors.tokenLog(DELEGATION, change.block(), change.logIndex()),
                                DelegationChangeView.of(change)))
                        .toList(), counted.page().hasNext(), counted.totalCount()));
    }

    /** The account's rows of voting_power_change come with its view (AccountView.rowsRead). */
    @ReadsTables({})
    @Name("votingPowerHistory")
    @Description("The account's voting power over time as a delegate (the token's DelegateVotesChanged events),"
            + " newest first.")
    public Uni<@NonNull VotingPowerChangeConnection> votingPowerHistory(@Source AccountView account,
            @DefaultValue("20") @Name("first") Integer first, @Name("after") String after) {
        int size = ApiInputs.first(first, config.api().maxPageSize());
        var position = Cursors.tokenLog(POWER, after);
        return tokens.votingPowerHistory(account.governorId(), ChecksumAddress.of(account.address()), position, size)
                .map(counted -> VotingPowerChangeConnection.of(counted.page().items().stream()
                        .map(change -> new VotingPowerChangeEdge(
                                Cursors.tokenLog(POWER, change.block(), change.logIndex()),
                                VotingPowerChangeView.of(change)))
                        .toList(), counted.page().hasNext(), counted.totalCount()));
    }

    /** The account's rows of vote come with its view (AccountView.rowsRead); the rest checks the proposal exists. */
    @ReadsTables({BLOCK_HEADER, GOVERNOR, GOVERNOR_CLOCK, PROPOSAL, PROPOSAL_CHAIN_STATE, PROPOSAL_TALLY, SYNC_CURSOR,
            TIMELOCK_OPERATION_EVENT})
    @Name("hasVoted")
    @Description("Whether the account has voted on the proposal; NOT_FOUND for a proposal the Governor does not"
            + " have.")
    public Uni<@NonNull Boolean> hasVoted(@Source AccountView account,
            @NonNull @Name("proposalId") String proposalId) {
        return votesOn(account, proposalId).map(cast -> !cast.isEmpty());
    }

    /** The account's rows of vote come with its view (AccountView.rowsRead); the rest checks the proposal exists. */
    @ReadsTables({BLOCK_HEADER, GOVERNOR, GOVERNOR_CLOCK, PROPOSAL, PROPOSAL_CHAIN_STATE, PROPOSAL_TALLY, SYNC_CURSOR,
            TIMELOCK_OPERATION_EVENT})
    @Name("vote")
    @Description("The account's vote on the proposal, null if it has not voted; NOT_FOUND for a proposal the"
            + " Governor does not have. Under fractional counting an account may vote several times on one proposal:"
            + " this is the first, which made it a voter; votes(governor, proposalId, voter) lists them all.")
    public Uni<VoteView> vote(@Source AccountView account, @NonNull @Name("proposalId") String proposalId) {
        return votesOn(account, proposalId).map(cast -> cast.isEmpty() ? null : cast.get(0));
    }

    /** Every vote of the account on the proposal, in the order cast; NOT_FOUND for a proposal it does not have. */
    private Uni<List<VoteView>> votesOn(AccountView account, String proposalId) {
        BigInteger id = ApiInputs.uint256("proposalId", proposalId);
        String governorId = account.governorId();
        return proposals.byKeys(List.of(new ProposalKey(governorId, id))).flatMap(found -> {
            if (found.isEmpty()) {
                throw new NotFoundException("governor " + governorId + " has no proposal " + proposalId);
            }
            return votes.ofVoterOn(governorId, id, ChecksumAddress.of(account.address()));
        }).map(cast -> cast.stream().map(VoteView::of).toList());
    }

    private static HolderConnection holderConnection(String kind, TokenQueries.CountedPage<TokenQueries.Holding> page) {
        return HolderConnection.of(page.page().items().stream()
                .map(holding -> new HolderEdge(Cursors.balance(kind, holding.balance(), holding.account()),
                        HolderView.of(holding)))
                .toList(), page.page().hasNext(), page.totalCount());
    }
}
