package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.api.cache.ReadsRows;
import dev.govengine.api.cache.Table;
import dev.govengine.governance.VoteQueries;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/**
 * A page of votes, with the votes it is a page of, for its totalCount. A page of one proposal's votes reads that
 * proposal's rows (its votes, its tally for the count, the Governor's answers about it for the check that it
 * exists), one of a voter's votes that voter's votes (and the proposal's rows when it names one too), and a page of
 * all a Governor's votes, which only the votes query makes, reads those tables whole: so a vote retires the lists
 * of its proposal and its voter, and leaves the other proposals' lists served. {@code total}: the count, when the
 * page's parent read it already (a proposal's, from its tally row); null when totalCount must read it.
 */
@Type("VoteConnection")
public record VoteConnection(@NonNull List<@NonNull VoteEdge> edges, @NonNull PageInfo pageInfo,
        @Ignore VoteQueries.Scope scope, @Ignore Long total) implements HeadIndependent, ReadsRows {
    static VoteConnection of(List<VoteEdge> edges, boolean hasNextPage, VoteQueries.Scope scope, Long total) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new VoteConnection(edges, new PageInfo(hasNextPage, endCursor), scope, total);
    }

    /**
     * The hash of what it is a page of and where the page ends. A connection is the key its totalCount is batched by,
     * which SmallRye's data loader hashes several times a page, and the record's own hash walked every vote of the
     * page each time. Equality stays the record's, field by field.
     */
    @Override
    public int hashCode() {
        return 31 * scope.hashCode() + pageInfo.hashCode();
    }

    @Ignore
    @Override
    public Set<Table.Row> rowsRead() {
        String governorId = scope.governorId();
        Set<Table.Row> rows = new HashSet<>();
        scope.voter().ifPresent(voter -> rows.add(Table.VOTE.row(Table.Key.VOTER, governorId, voter.toString())));
        scope.proposalId().ifPresent(id -> rows.addAll(List.of(
                Table.VOTE.row(Table.Key.PROPOSAL, governorId, id.toString()),
                Table.PROPOSAL_TALLY.row(Table.Key.PROPOSAL, governorId, id.toString()),
                Table.PROPOSAL_CHAIN_STATE.row(Table.Key.PROPOSAL, governorId, id.toString()))));
        if (rows.isEmpty()) {
            return Set.of(Table.VOTE.everyRow(), Table.PROPOSAL_TALLY.everyRow(), Table.PROPOSAL_CHAIN_STATE.everyRow());
        }
        return rows;
    }
}
