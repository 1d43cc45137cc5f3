package dev.govengine.api;

import static dev.govengine.api.cache.Table.BLOCK_HEADER;
import static dev.govengine.api.cache.Table.GOVERNOR;
import static dev.govengine.api.cache.Table.GOVERNOR_CLOCK;
import static dev.govengine.api.cache.Table.PROPOSAL;
import static dev.govengine.api.cache.Table.PROPOSAL_CHAIN_STATE;
import static dev.govengine.api.cache.Table.PROPOSAL_TALLY;
import static dev.govengine.api.cache.Table.SYNC_CURSOR;
import static dev.govengine.api.cache.Table.TIMELOCK_OPERATION_EVENT;

import dev.govengine.api.cache.ReadsTables;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.HeadRange;
import dev.govengine.governance.Page;
import dev.govengine.governance.ProposalDetail;
import dev.govengine.governance.ProposalKey;
import dev.govengine.governance.ProposalOrder;
import dev.govengine.governance.ProposalQueries;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.VoteQueries;
import dev.govengine.governance.VoteRecord;
import dev.govengine.types.ChecksumAddress;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.api.Nullable;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

@GraphQLApi
public class ProposalResource {
    @Inject
    KnownGovernors governors;

    @Inject
    ProposalQueries proposals;

    @Inject
    VoteQueries votes;

    @Inject
    EngineConfig config;

    @Inject
    Context context;

    @ReadsTables({BLOCK_HEADER, GOVERNOR, GOVERNOR_CLOCK, PROPOSAL, PROPOSAL_CHAIN_STATE, PROPOSAL_TALLY, SYNC_CURSOR,
            TIMELOCK_OPERATION_EVENT})
    @Query("proposals")
    @Description("A Governor's proposals, newest first unless ordered otherwise; filter by state, proposer and words"
            + " of the title or description, in any combination.")
    public Uni<@NonNull ProposalConnection> proposals(@NonNull @Id @Name("governor") String governor,
            @Nullable @Name("states") List<@NonNull ProposalState> states,
            @Description("Any case; EIP-55 checked when mixed case.") @Name("proposer") String proposer,
            @Description(ApiInputs.SEARCH) @Name("search") String search,
            @DefaultValue("20") @Name("first") Integer first,
            @Name("after") String after,
            @DefaultValue("CREATED_DESC") @Name("orderBy") ProposalOrder orderBy) {
        String governorId = ApiInputs.governorId(governor);
        Optional<ChecksumAddress> by = Optional.ofNullable(proposer).map(ApiInputs::address);
        int size = ApiInputs.first(first, config.api().maxPageSize());
        ProposalOrder order = orderBy == null ? ProposalOrder.CREATED_DESC : orderBy;
        Optional<ProposalQueries.Position> position = Cursors.proposal(order, after);
        Set<ProposalState> wanted = states == null || states.isEmpty() ? Set.of() : EnumSet.copyOf(states);
        ProposalQueries.Filter filter = new ProposalQueries.Filter(wanted, by, ApiInputs.search(search));
        boolean counted = ResolverSelections.of(context.unwrap(DataFetchingEnvironment.class)).contains("totalCount");
        return governors.require(governorId).flatMap(found -> {
            Uni<ProposalQueries.Listing> page = proposals.page(governorId, filter, order, position, size);
            Uni<Optional<ProposalQueries.Count>> count = counted
                    ? proposals.count(governorId, filter).map(Optional::of) : Uni.createFrom().item(Optional.empty());
            return Uni.combine().all().unis(page, count).asTuple()
                    .map(both -> connection(both.getItem1(), both.getItem2(), GovernorView.of(found), order));
        });
    }

    @ReadsTables({BLOCK_HEADER, GOVERNOR, GOVERNOR_CLOCK, PROPOSAL, PROPOSAL_CHAIN_STATE, PROPOSAL_TALLY, SYNC_CURSOR,
            TIMELOCK_OPERATION_EVENT})
    @Name("proposalCounts")
    @Description("The Governor's proposals counted by state at the indexed head: every state, zeros included, in"
            + " IGovernor's order (PENDING, ACTIVE, CANCELED, DEFEATED, SUCCEEDED, QUEUED, EXPIRED, EXECUTED). Each"
            + " count is what proposals(states: [that state]) counts.")
    public Uni<@NonNull List<@NonNull ProposalStateCountView>> proposalCounts(@Source GovernorView governor) {
        return proposals.countByState(governor.id()).map(counted -> counted.counts().entrySet().stream()
                .map(entry -> new ProposalStateCountView(entry.getKey(), Math.toIntExact(entry.getValue()),
                        governor.id(), counted.holds()))
                .toList());
    }

    /** The proposal's rows of proposal_tally and proposal_chain_state come with its view (ProposalView.rowsRead). */
    @ReadsTables({BLOCK_HEADER, GOVERNOR, GOVERNOR_CLOCK, PROPOSAL, SYNC_CURSOR, TIMELOCK_OPERATION_EVENT})
    @Query("proposal")
    @Description("One proposal of a Governor, by its decimal proposal id; NOT_FOUND if the Governor has no such"
            + " proposal.")
    public Uni<ProposalView> proposal(@NonNull @Id @Name("governor") String governor,
            @NonNull @Name("proposalId") String proposalId) {
        String governorId = ApiInputs.governorId(governor);
        BigInteger id = ApiInputs.uint256("proposalId", proposalId);
        ProposalKey key = new ProposalKey(governorId, id);
        // The proposal and its Governor in one statement, and beside it the page of its votes the query asks for (a
        // page that fails to read is read again by the votes resolver, which reports it on its own field). Without a
        // proposal row the Governor is read alone, so an unknown or unindexed Governor still fails with its own error
        // rather than the proposal's NOT_FOUND.
        Optional<VotesAhead.Request> ahead = VotesAhead.requested(context.unwrap(DataFetchingEnvironment.class),
                config.api().maxPageSize());
        Uni<VotesAhead> votesRead = ahead.isEmpty() ? Uni.createFrom().nullItem()
                : votes.page(governorId, Optional.of(id), Optional.empty(), ahead.get().after(), ahead.get().size())
                        .map(ahead.get()::with).onFailure().recoverWithNull();
        return Uni.combine().all().unis(proposals.withGovernor(key), votesRead).asTuple().flatMap(both -> both
                .getItem1()
                .map(found -> Uni.createFrom().item(() -> ProposalView.of(found.detail(),
                        GovernorView.of(KnownGovernors.indexed(found.governor())), both.getItem2())))
                .orElseGet(() -> governors.require(governorId).map(indexed -> {
                    throw new NotFoundException("governor " + governorId + " has no proposal " + proposalId);
                })));
    }

    /** The proposal's rows of vote come with its view (ProposalView.rowsRead). */
    @ReadsTables({GOVERNOR, SYNC_CURSOR})
    @Name("votes")
    @NonNull
    @Description("The proposal's votes, newest first.")
    public Uni<List<@NonNull VoteConnection>> votes(@Source List<ProposalView> proposalViews,
            @DefaultValue("20") @Name("first") Integer first, @Name("after") String after) {
        int size = ApiInputs.first(first, config.api().maxPageSize());
        Optional<VoteQueries.Position> position = Cursors.vote(after);
        List<ProposalKey> keys = proposalViews.stream().map(ProposalView::key).toList();
        List<Optional<Page<VoteRecord>>> ahead = proposalViews.stream().map(view -> view.votesAhead() == null
                ? Optional.<Page<VoteRecord>>empty() : view.votesAhead().page(size, position)).toList();
        List<ProposalKey> unread = IntStream.range(0, keys.size()).filter(i -> ahead.get(i).isEmpty())
                .mapToObj(keys::get).toList();
        Uni<Map<ProposalKey, Page<VoteRecord>>> read = unread.isEmpty() ? Uni.createFrom().item(Map.of())
                : votes.forProposals(unread, position, size);
        return read.map(pages -> IntStream.range(0, keys.size()).mapToObj(i -> VoteResource.connection(
                        ahead.get(i).orElseGet(() -> pages.get(keys.get(i))), new VoteQueries.Scope(
                                keys.get(i).governorId(), Optional.of(keys.get(i).proposalId()), Optional.empty()),
                        proposalViews.get(i).voteCount()))
                .toList());
    }

    private static ProposalConnection connection(ProposalQueries.Listing listing,
            Optional<ProposalQueries.Count> count, GovernorView governor, ProposalOrder order) {
        HeadRange holds = count.map(counted -> listing.holds().intersect(counted.holds())).orElse(listing.holds());
        return ProposalConnection.of(listing.page().items().stream()
                .map(detail -> new ProposalEdge(Cursors.proposal(order, detail.proposal().createdBlock(),
                        detail.createdLogIndex()), ProposalView.of(detail, governor)))
                .toList(), listing.page().hasNext(),
                count.map(counted -> Math.toIntExact(counted.total())).orElse(null), governor.id(), holds);
    }

    static Map<ProposalKey, ProposalView> views(Map<ProposalKey, ProposalDetail> details,
            Map<String, GovernorView> governorViews) {
        return details.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> ProposalView.of(entry.getValue(), governorViews.get(entry.getKey().governorId()))));
    }
}
