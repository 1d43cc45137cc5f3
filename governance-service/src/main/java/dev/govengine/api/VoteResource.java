package dev.govengine.api;

import static dev.govengine.api.cache.Table.BLOCK_HEADER;
import static dev.govengine.api.cache.Table.GOVERNOR;
import static dev.govengine.api.cache.Table.GOVERNOR_CLOCK;
import static dev.govengine.api.cache.Table.PROPOSAL;
import static dev.govengine.api.cache.Table.SYNC_CURSOR;
import static dev.govengine.api.cache.Table.TIMELOCK_OPERATION_EVENT;

import dev.govengine.api.cache.ReadsTables;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.Page;
import dev.govengine.governance.ProposalKey;
import dev.govengine.governance.ProposalQueries;
import dev.govengine.governance.VoteQueries;
import dev.govengine.governance.VoteRecord;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Iterator;
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
public class VoteResource {
    @Inject
    KnownGovernors governors;

    @Inject
    VoteQueries votes;

    @Inject
    ProposalQueries proposals;

    @Inject
    EngineConfig config;

    /** The rows of vote, proposal_tally and proposal_chain_state it reads come with the page (VoteConnection.rowsRead). */
    @ReadsTables({BLOCK_HEADER, GOVERNOR, GOVERNOR_CLOCK, PROPOSAL, SYNC_CURSOR, TIMELOCK_OPERATION_EVENT})
    @Query("votes")
    @Description("A Governor's votes, newest first: of one proposal, of one voter, or both. A proposal the Governor"
            + " does not have is NOT_FOUND; any voter is valid, and one that never voted has no votes.")
    public Uni<@NonNull VoteConnection> votes(@NonNull @Id @Name("governor") String governor,
            @Name("proposalId") String proposalId,
            @Description("Any case; EIP-55 checked when mixed case.") @Name("voter") String voter,
            @DefaultValue("20") @Name("first") Integer first,
            @Name("after") String after) {
        String governorId = ApiInputs.governorId(governor);
        Optional<BigInteger> proposal = Optional.ofNullable(proposalId).map(id -> ApiInputs.uint256("proposalId", id));
        Optional<ChecksumAddress> by = Optional.ofNullable(voter).map(ApiInputs::address);
        int size = ApiInputs.first(first, config.api().maxPageSize());
        Optional<VoteQueries.Position> position = Cursors.vote(after);
        Uni<Void> known = governors.require(governorId).flatMap(found -> proposal.isEmpty()
                ? Uni.createFrom().voidItem()
                : proposals.byKeys(List.of(new ProposalKey(governorId, proposal.get()))).map(byKey -> {
                    if (byKey.isEmpty()) {
                        throw new NotFoundException("governor " + governorId + " has no proposal " + proposalId);
                    }
                    return null;
                }));
        VoteQueries.Scope scope = new VoteQueries.Scope(governorId, proposal, by);
        return known.flatMap(ignored -> votes.page(governorId, proposal, by, position, size))
                .map(page -> connection(page, scope, null));
    }

    /** Only the rows each connection names (VoteConnection.rowsRead), or under votes, which reads both tables. */
    @ReadsTables({})
    @Name("totalCount")
    @NonNull
    @Description(ProposalConnection.TOTAL_COUNT)
    public Uni<List<@NonNull Integer>> totalCount(@Source List<VoteConnection> connections) {
        // A proposal's count came with the proposal's row: a page of its votes costs no statement of its own for it.
        List<VoteQueries.Scope> unknown = connections.stream().filter(connection -> connection.total() == null)
                .map(VoteConnection::scope).toList();
        return votes.counts(unknown).map(counted -> {
            Iterator<Long> next = counted.iterator();
            return connections.stream().map(connection -> Math.toIntExact(
                    connection.total() != null ? connection.total() : next.next())).toList();
        });
    }

    /** Each proposal's row of proposal_tally comes with its view (ProposalView.rowsRead). */
    @ReadsTables({BLOCK_HEADER, GOVERNOR, GOVERNOR_CLOCK, PROPOSAL, SYNC_CURSOR, TIMELOCK_OPERATION_EVENT})
    @Name("proposal")
    @NonNull
    @Description("The proposal voted on.")
    public Uni<List<@NonNull ProposalView>> proposal(@Source List<VoteView> voteViews) {
        List<ProposalKey> keys = voteViews.stream().map(VoteView::proposal).toList();
        return Uni.combine().all().unis(proposals.byKeys(keys), governors.views()).asTuple()
                .map(both -> {
                    var views = ProposalResource.views(both.getItem1(), both.getItem2());
                    return keys.stream().map(views::get).toList();
                });
    }

    static VoteConnection connection(Page<VoteRecord> page, VoteQueries.Scope scope, Long total) {
        return VoteConnection.of(page.items().stream()
                .map(vote -> new VoteEdge(Cursors.vote(vote.blockNumber(), vote.logIndex()), VoteView.of(vote)))
                .toList(), page.hasNext(), scope, total);
    }
}
